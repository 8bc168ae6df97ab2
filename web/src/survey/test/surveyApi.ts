import type { Operation } from '@urql/vue';
import type { SurveyAnswerInput, SurveyQuery } from '@verdi/schema/generated';
import { dataResult, errorResult, operationName, type MockReply, type Responder } from '../../test/urql';

type SurveyData = SurveyQuery['survey'];
type Item = SurveyData['sections'][number]['items'][number];

const text = (nb: string, en: string | null = null) => ({ __typename: 'LocalizedText', nb, en, nn: null });

function item(fields: Pick<Item, 'key' | 'type'> & Record<string, unknown>): Item {
  return {
    __typename: 'Item',
    roles: ['CONSULTANT'],
    prompt: text(`Spørsmål ${fields.key}`, `Question ${fields.key}`),
    easyRead: null,
    help: null,
    required: false,
    scale: null,
    options: null,
    otherOption: null,
    min: null,
    max: null,
    step: null,
    minLabel: null,
    maxLabel: null,
    earliest: null,
    latest: null,
    maxLength: null,
    showIf: null,
    ...fields,
  } as Item;
}

/**
 * A small survey as the API gives it to an erfaringskonsulent: two pages, a required scale question, a number with
 * bounds, a yes/no question that a later choice depends on, and a required free text.
 */
export function surveyData(
  fields: Partial<SurveyData> = {},
  round: Partial<SurveyData['round']> = {},
): SurveyData {
  return {
    __typename: 'Survey',
    kind: 'OPEN_LINK',
    role: 'CONSULTANT',
    round: {
      __typename: 'SurveyRound',
      label: 'Oppstart 2026',
      projectName: 'Erfaringsskolen i Eksempelby',
      organisation: 'Eksempelby kommune',
      information: text('Om undersøkelsen.', 'About the survey.'),
      informationEasyRead: null,
      consentRequired: true,
      linkage: false,
      anonymity: 'ANONYMOUS',
      closesAt: null,
      languages: ['nb', 'en'],
      defaultLanguage: 'nb',
      invitation: null,
      ...round,
    },
    scales: [
      {
        __typename: 'Scale',
        key: 'agree5',
        points: [1, 2, 3, 4, 5].map((value) => ({
          __typename: 'ScalePoint',
          value,
          label: text(`Punkt ${value}`, `Point ${value}`),
        })),
        notApplicable: text('Vet ikke', "Don't know"),
      },
    ],
    sections: [
      {
        __typename: 'SurveySection',
        key: 's1',
        title: text('Om rollen', 'About the role'),
        items: [
          item({ key: 'q1', type: 'LIKERT', scale: 'agree5', required: true }),
          item({ key: 'q2', type: 'NUMBER', min: 0, max: 10 }),
          item({ key: 'q3', type: 'YES_NO' }),
        ],
      },
      {
        __typename: 'SurveySection',
        key: 's2',
        title: text('Utfordringer', 'Challenges'),
        items: [
          item({ key: 'q4', type: 'TEXT', required: true }),
          item({
            key: 'q5',
            type: 'SINGLE_CHOICE',
            options: [
              { __typename: 'ChoiceOption', key: 'a', label: text('Alternativ A') },
              { __typename: 'ChoiceOption', key: 'b', label: text('Alternativ B') },
            ],
            showIf: { __typename: 'ShowIf', item: 'q3', op: 'EQUALS', values: ['1'] },
          }),
        ],
      },
    ],
    savedAnswers: [],
    ...fields,
  } as SurveyData;
}

export interface SurveyApiState {
  survey: SurveyData;
  /** Drafts saved, by resume token: what a reload on another device gets back. */
  drafts: Map<string, SurveyAnswerInput[]>;
  /** Receipts given, by client submission id. */
  receipts: Map<string, string>;
  submissions: number;
}

export function surveyApiState(survey: SurveyData = surveyData()): SurveyApiState {
  return { survey, drafts: new Map(), receipts: new Map(), submissions: 0 };
}

type Handlers = Partial<Record<string, (operation: Operation) => MockReply>>;

/** The participant's side of the API, keeping the rules the page depends on: resume tokens and idempotent submits. */
export function surveyApi(state: SurveyApiState, handlers: Handlers = {}): Responder {
  let nextToken = 1;
  return (operation) => {
    const name = operationName(operation) ?? '';
    const handler = handlers[name];
    if (handler) return handler(operation);
    const variables = operation.variables as Record<string, unknown> & { input?: Record<string, unknown> };
    switch (name) {
      case 'Survey': {
        const resume = variables['resumeToken'];
        const saved = typeof resume === 'string' ? (state.drafts.get(resume) ?? []) : [];
        return dataResult(operation, {
          survey: {
            ...state.survey,
            savedAnswers: saved.map((answer) => ({
              __typename: 'SurveyAnswer',
              item: answer.item,
              number: answer.number ?? null,
              text: answer.text ?? null,
              choices: answer.choices ?? null,
              notApplicable: answer.notApplicable ?? null,
            })),
          },
        });
      }
      case 'SaveSurveyDraft': {
        const input = variables.input ?? {};
        const given = typeof input['resumeToken'] === 'string' ? input['resumeToken'] : null;
        const token = given && state.drafts.has(given) ? given : `resume-${nextToken++}`;
        state.drafts.set(token, input['answers'] as SurveyAnswerInput[]);
        return dataResult(operation, {
          saveSurveyDraft: { __typename: 'SavedSurveyDraft', resumeToken: token, savedOn: '2026-03-02' },
        });
      }
      case 'SubmitSurveyResponse': {
        const id = String(variables.input?.['clientSubmissionId']);
        if (!state.receipts.has(id)) {
          state.submissions += 1;
          state.receipts.set(id, `RCPT-000${state.submissions}-ABCD`);
        }
        return dataResult(operation, {
          submitSurveyResponse: {
            __typename: 'SurveyReceipt',
            receiptCode: state.receipts.get(id),
            submittedOn: '2026-03-02',
          },
        });
      }
      default:
        throw new Error(`The survey API does not know the operation ${name}`);
    }
  };
}

export function badAnswers(operation: Operation, items: Record<string, string>) {
  return errorResult(operation, [
    {
      message: `Some answers need attention: ${Object.values(items).join('; ')}`,
      extensions: { code: 'BAD_USER_INPUT', fields: items, items },
    },
  ]);
}

export function unavailable(
  operation: Operation,
  code: 'NOT_FOUND' | 'ROUND_NOT_OPEN' | 'CODE_USED' | 'ALREADY_SUBMITTED',
  message: string,
  /** What the server adds, e.g. `opensOn` (YYYY-MM-DD) for a round that has not opened yet. */
  extensions: Record<string, unknown> = {},
) {
  return errorResult(operation, [{ message, extensions: { ...extensions, code } }]);
}
