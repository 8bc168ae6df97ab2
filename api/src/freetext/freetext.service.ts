import type { Em } from '../db/orm.js';
import { NotFoundError } from '../common/errors.js';
import { isUuid } from '../common/ids.js';
import {
  CHOICE_TYPES,
  ItemType,
  OTHER_LABEL,
  type Item,
  type LocalizedText,
  type RespondentRole,
  type RolePrompt,
} from '../instruments/definition.types.js';
import { definitionOf } from '../instruments/published-definitions.js';
import { Response } from '../responses/response.entity.js';
import { Round } from '../rounds/round.entity.js';
import { TextTag } from './text-tag.entity.js';

export interface FreeTextAnswerRow {
  responseId: string;
  item: string;
  role: RespondentRole;
  text: string;
  tags: string[];
  belowReportingThreshold: boolean;
}

export interface FreeTextQuestionRow {
  item: string;
  position: number;
  section: LocalizedText;
  prompt: LocalizedText;
  promptByRole: RolePrompt[];
  roles: RespondentRole[];
}

/** Whether an item's answers hold free text: a TEXT item, or a choice item's "other, specify". */
function isFreeText(item: Item): boolean {
  return item.type === ItemType.TEXT || (!!item.otherOption && CHOICE_TYPES.has(item.type));
}

/** A choice item's prompt as the heading of its "other, specify" texts: "Hvor jobber du? – Annet". */
function withOther(prompt: LocalizedText): LocalizedText {
  return {
    nb: `${prompt.nb} – ${OTHER_LABEL.nb}`,
    nn: prompt.nn ? `${prompt.nn} – ${OTHER_LABEL.nn}` : null,
    en: prompt.en ? `${prompt.en} – ${OTHER_LABEL.en}` : null,
  };
}

/** Free-text answers and the questions that asked them; access is decided by the resolver's rule. */
export class FreeTextService {
  constructor(private readonly em: Em) {}

  /** The project a response belongs to (what tagging its answers is checked against); undefined for none. */
  async projectOfResponse(responseId: string): Promise<string | undefined> {
    if (!isUuid(responseId)) return undefined;
    const response = await this.em.findOne(Response, { id: responseId }, { populate: ['round'] });
    return response?.round.project.id;
  }

  async answers(
    roundId: string,
    item: string | null,
    role: RespondentRole | null,
  ): Promise<FreeTextAnswerRow[]> {
    // Dates are stored as text too, but are not free text: the instrument's items that hold none are left out.
    const round = await this.em.findOne(Round, { id: roundId });
    const definition = round ? await definitionOf(this.em, round.instrumentVersion.id) : null;
    const keys = (definition?.sections ?? [])
      .flatMap((s) => s.items)
      .filter((i) => !isFreeText(i))
      .map((i) => i.key);
    const rows: {
      response_id: string;
      item_key: string;
      role: RespondentRole;
      text: string;
      tags: string[] | null;
      below: boolean;
    }[] = await this.em.getConnection().execute(
      `select a.response_id, a.item_key, r.role::text as role, a.text,
                (select array_agg(t.tag order by t.tag) from text_tags t where t.response_id = a.response_id and t.item_key = a.item_key) as tags,
                (select count(*) from responses g where g.round_id = r.round_id and g.role = r.role and g.status = 'SUBMITTED')
                  < w.min_group_size_text as below
           from answers a join responses r on r.id = a.response_id join rounds w on w.id = r.round_id
          where r.round_id = ? and r.status = 'SUBMITTED' and a.text is not null and a.item_key <> all(?::text[])
            and (?::text is null or a.item_key = ?) and (?::text is null or r.role::text = ?)
          order by a.item_key, r.role, a.text`,
      [roundId, `{${keys.join(',')}}`, item ?? null, item ?? null, role ?? null, role ?? null],
    );
    return rows.map((row) => ({
      responseId: row.response_id,
      item: row.item_key,
      role: row.role,
      text: row.text,
      tags: row.tags ?? [],
      belowReportingThreshold: row.below,
    }));
  }

  /**
   * The round's free-text questions in the order the questionnaire asks them, with every wording: the page shows
   * each answer under the text its respondent was asked, in the reader's language.
   */
  async questions(roundId: string): Promise<FreeTextQuestionRow[]> {
    const round = await this.em.findOne(Round, { id: roundId });
    if (!round) throw new NotFoundError('Round', roundId);
    const definition = await definitionOf(this.em, round.instrumentVersion.id);
    const questions: FreeTextQuestionRow[] = [];
    let position = 0;
    for (const section of definition.sections)
      for (const item of section.items) {
        position += 1;
        if (!isFreeText(item)) continue;
        if (item.type === ItemType.TEXT)
          questions.push({
            item: item.key,
            position,
            section: section.title,
            prompt: item.prompt,
            promptByRole: item.promptByRole ?? [],
            roles: item.roles,
          });
        else
          questions.push({
            item: item.key,
            position,
            section: section.title,
            prompt: withOther(item.prompt),
            promptByRole: (item.promptByRole ?? []).map((p) => ({ ...p, text: withOther(p.text) })),
            roles: item.roles,
          });
      }
    return questions;
  }

  async setTags(responseId: string, item: string, tags: string[]): Promise<string[]> {
    const answered = await this.em.getConnection().execute<{ round_id: string }[]>(
      `select r.round_id from answers a join responses r on r.id = a.response_id
          where a.response_id = ? and a.item_key = ? and a.text is not null`,
      [responseId, item],
    );
    // A date is stored as text too, but is no free text to tag.
    const free = answered[0] && (await this.questions(answered[0].round_id)).some((q) => q.item === item);
    if (!free) throw new NotFoundError('Free-text answer', `${responseId}/${item}`);
    // Cut to length before removing repeats: two long tags alike in their first 64 characters are one tag.
    const distinct = [
      ...new Set(tags.map((t) => t.trim().toLowerCase().slice(0, 64).trim()).filter(Boolean)),
    ].sort();
    await this.em.transactional(async (tx) => {
      await tx.nativeDelete(TextTag, { response: responseId, itemKey: item });
      for (const tag of distinct) tx.create(TextTag, { response: responseId, itemKey: item, tag });
    });
    return distinct;
  }
}
