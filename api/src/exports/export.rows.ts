import type { Em } from '../db/orm.js';
import { ItemType } from '../instruments/definition.types.js';
import { NOT_APPLICABLE_CODE, type Variable } from './export.plan.js';

export interface ExportRound {
  id: string;
  label: string;
  linkage: boolean;
}

interface ResponseRow {
  id: string;
  wave_id: string;
  role: string;
  submitted_on: string;
  language: string;
  linkage_hash: string | null;
}

interface AnswerRow {
  response_id: string;
  item_key: string;
  number: number | null;
  text: string | null;
  choices: string[] | string | null;
  not_applicable: boolean;
}

export type Cell = string | number;

const PAGE = 500;

/** PGlite hands text[] back as its literal ("{a,b}"); the pg driver as an array. */
function choicesOf(value: string[] | string | null): string[] | null {
  if (value === null || Array.isArray(value)) return value;
  return value
    .replace(/^\{|\}$/g, '')
    .split(',')
    .filter(Boolean)
    .map((c) => c.replace(/^"|"$/g, ''));
}

/**
 * Submitted responses of the rounds, page by page in a fixed order (round, then id) with their answers, so that any
 * export holds at most one page in memory. Responses are numbered 1, 2, 3… in that order, the same in every format;
 * the linkage column is a short pseudonym only present where the round pairs rounds.
 */
export async function* responsePages(
  em: Em,
  rounds: ExportRound[],
): AsyncGenerator<
  { number: number; response: ResponseRow; round: ExportRound; answers: Map<string, AnswerRow> }[]
> {
  const connection = em.getConnection();
  let number = 0;
  for (const round of rounds) {
    let after = '00000000-0000-0000-0000-000000000000';
    for (;;) {
      const responses: ResponseRow[] = await connection.execute(
        `select id, wave_id, role::text as role, submitted_on::text as submitted_on, language, linkage_hash
           from responses where wave_id = ? and status = 'SUBMITTED' and id > ? order by id limit ${PAGE}`,
        [round.id, after],
      );
      if (responses.length === 0) break;
      after = responses.at(-1)!.id;
      const answers: AnswerRow[] = await connection.execute(
        `select response_id, item_key, number, text, choices, not_applicable from answers
          where response_id in (${responses.map(() => '?').join(',')})`,
        responses.map((r) => r.id),
      );
      const byResponse = new Map<string, Map<string, AnswerRow>>();
      for (const answer of answers) {
        answer.choices = choicesOf(answer.choices);
        if (!byResponse.has(answer.response_id)) byResponse.set(answer.response_id, new Map());
        byResponse.get(answer.response_id)!.set(answer.item_key, answer);
      }
      yield responses.map((response) => ({
        number: ++number,
        response,
        round,
        answers: byResponse.get(response.id) ?? new Map(),
      }));
    }
  }
}

function responseCells(number: number, response: ResponseRow, round: ExportRound): Cell[] {
  return [
    number,
    round.label,
    response.role,
    response.submitted_on,
    response.language,
    round.linkage && response.linkage_hash ? response.linkage_hash.slice(0, 16) : '',
  ];
}

function cellFor(variable: Variable, answer: AnswerRow | undefined): Cell {
  if (!answer) return '';
  if (answer.not_applicable) return NOT_APPLICABLE_CODE;
  const choices = choicesOf(answer.choices);
  if (variable.option) return choices ? (choices.includes(variable.option) ? 1 : 0) : '';
  if (variable.type === ItemType.SINGLE_CHOICE) return choices?.[0] ?? '';
  if (answer.number !== null) return Number(answer.number);
  return answer.text ?? '';
}

export async function* wideRows(
  em: Em,
  rounds: ExportRound[],
  variables: Variable[],
): AsyncGenerator<Cell[]> {
  for await (const page of responsePages(em, rounds)) {
    for (const { number, response, round, answers } of page) {
      yield [
        ...responseCells(number, response, round),
        ...variables.map((v) => cellFor(v, answers.get(v.item))),
      ];
    }
  }
}

export const LONG_COLUMNS = [
  'response',
  'round',
  'role',
  'submitted_on',
  'language',
  'linkage',
  'item',
  'construct',
  'kind',
  'value',
  'label',
  'not_applicable',
] as const;

/** One row per answer, items in the instrument's order. */
export async function* longRows(
  em: Em,
  rounds: ExportRound[],
  variables: Variable[],
): AsyncGenerator<Cell[]> {
  const items = [...new Map(variables.map((v) => [v.item, v])).values()];
  const optionLabels = new Map(
    variables.filter((v) => v.option).map((v) => [`${v.item}|${v.option}`, v.optionLabel!.nb]),
  );
  for await (const page of responsePages(em, rounds)) {
    for (const { number, response, round, answers } of page) {
      for (const variable of items) {
        const answer = answers.get(variable.item);
        if (!answer) continue;
        const choices = choicesOf(answer.choices);
        const value: Cell = answer.not_applicable
          ? NOT_APPLICABLE_CODE
          : choices
            ? choices.join(';')
            : answer.number !== null
              ? Number(answer.number)
              : (answer.text ?? '');
        const label = answer.not_applicable
          ? (variable.valueLabels.find((l) => l.code === String(NOT_APPLICABLE_CODE))?.label.nb ?? '')
          : choices
            ? choices
                .map(
                  (c) =>
                    optionLabels.get(`${variable.item}|${c}`) ??
                    variable.valueLabels.find((l) => l.code === c)?.label.nb ??
                    c,
                )
                .join('; ')
            : (variable.valueLabels.find((l) => l.code === String(answer.number))?.label.nb ?? '');
        yield [
          ...responseCells(number, response, round),
          variable.item,
          variable.construct ?? '',
          variable.kind ?? '',
          value,
          label,
          answer.not_applicable ? 1 : 0,
        ];
      }
    }
  }
}
