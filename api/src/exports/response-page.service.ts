import { ValidationError } from '../common/errors.js';
import { isUuid } from '../common/ids.js';
import type { Em } from '../db/orm.js';
import type { RespondentRole } from '../instruments/definition.types.js';
import { Answer } from '../responses/answer.entity.js';
import { Response, ResponseStatus, type Wording } from '../responses/response.entity.js';

export interface ResponsePageAnswer {
  item: string;
  number: number | null;
  text: string | null;
  choices: string[] | null;
  notApplicable: boolean | null;
}

export interface ResponsePage {
  totalCount: number;
  edges: {
    cursor: string;
    node: {
      id: string;
      role: RespondentRole;
      submittedOn: string;
      language: string;
      wording: Wording;
      assistance: {
        assisted: boolean | null;
        readAloud: boolean | null;
        wrote: boolean | null;
        explained: boolean | null;
      };
      answers: ResponsePageAnswer[];
    };
  }[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
}

const encode = (id: string) => Buffer.from(`response:${id}`).toString('base64url');

function decode(cursor: string): string {
  const text = Buffer.from(cursor, 'base64url').toString();
  const id = text.slice('response:'.length);
  // A cursor is opaque to clients, so one that was not made here is their mistake, not the server's.
  if (!text.startsWith('response:') || !isUuid(id))
    throw ValidationError.forFields({ after: 'is not a cursor from this API' });
  return id;
}

/** A round's submitted responses page by page (keyset on the id), for researchers' scripts. */
export class ResponsePageService {
  constructor(private readonly em: Em) {}

  async page(roundId: string, first: number, after?: string | null): Promise<ResponsePage> {
    const where = { round: roundId, status: ResponseStatus.SUBMITTED };
    const page = await this.em.find(
      Response,
      { ...where, ...(after ? { id: { $gt: decode(after) } } : {}) },
      { orderBy: { id: 'asc' }, limit: first + 1 },
    );
    const shown = page.slice(0, first);
    const answers = shown.length
      ? await this.em.find(Answer, { response: { $in: shown.map((r) => r.id) } })
      : [];
    const byResponse = new Map<string, ResponsePageAnswer[]>();
    for (const a of answers) {
      const list = byResponse.get(a.response.id) ?? [];
      list.push({
        item: a.itemKey,
        number: a.number,
        text: a.text,
        choices: a.choices,
        notApplicable: a.notApplicable || null,
      });
      byResponse.set(a.response.id, list);
    }
    return {
      totalCount: await this.em.count(Response, where),
      edges: shown.map((r) => ({
        cursor: encode(r.id),
        node: {
          id: r.id,
          role: r.role,
          submittedOn: r.submittedOn!,
          language: r.language,
          wording: r.wording,
          assistance: {
            assisted: r.assisted,
            readAloud: r.assistedReadAloud,
            wrote: r.assistedWrote,
            explained: r.assistedExplained,
          },
          answers: byResponse.get(r.id) ?? [],
        },
      })),
      pageInfo: {
        hasNextPage: page.length > first,
        endCursor: shown.length ? encode(shown.at(-1)!.id) : null,
      },
    };
  }
}
