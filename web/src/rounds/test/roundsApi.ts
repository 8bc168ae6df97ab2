import type { Operation } from '@urql/vue';
import type {
  FreeTextAnswersQuery,
  ProjectRetentionFieldsFragment,
  RespondentRole,
  RoundQuery,
} from '@verdi/schema/generated';
import { invitations } from '../../invitees/test/invitationsApi';
import { fakeApi, type FakeApiState } from '../../test/fakeApi';
import { findPlaceholders } from '../model/placeholders';
import { dataResult, errorResult, operationName, type MockReply, type Responder } from '../../test/urql';

type ApiRound = RoundQuery['round'] & { __typename: 'Round' };

const roles: RespondentRole[] = ['SERVICE_USER', 'PROFESSIONAL', 'CONSULTANT'];

export function fakeRound(fields: Partial<ApiRound> = {}): ApiRound {
  return {
    __typename: 'Round',
    id: 'w1',
    label: 'Oppstart 2026',
    status: 'OPEN',
    opensAt: '2026-03-01T08:00:00.000Z',
    closesAt: null,
    closedAt: null,
    anonymity: 'ANONYMOUS',
    instrumentVersion: 2,
    minGroupSize: 5,
    minGroupSizeText: 10,
    consentRequired: true,
    linkage: false,
    information: {
      __typename: 'LocalizedText',
      nb: 'Om undersøkelsen.',
      en: null,
      nn: null,
    } as ApiRound['information'],
    informationEasyRead: null,
    draft: false,
    consentText: null,
    contact: null,
    dataController: null,
    targetResponses: null,
    languages: ['nb', 'en'],
    defaultLanguage: 'nb',
    responseRate: {
      __typename: 'ResponseRate',
      submitted: 6,
      target: null,
      ofTarget: null,
      invited: 0,
      invitedSubmitted: 0,
      ofInvited: null,
    } as ApiRound['responseRate'],
    createdAt: '2026-02-20T08:00:00.000Z',
    updatedAt: '2026-02-20T08:00:00.000Z',
    project: { __typename: 'Project', id: '1', name: 'Recoveryteamet' } as ApiRound['project'],
    instrument: {
      __typename: 'Instrument',
      id: 'i1',
      name: 'Verdi og utfordringer',
    } as ApiRound['instrument'],
    openLinks: roles.map((role) => ({
      __typename: 'OpenLink',
      role,
      path: `/s/link-${role.toLowerCase()}`,
    })) as ApiRound['openLinks'],
    counts: roles.map((role) => ({
      __typename: 'RoleCount',
      role,
      inProgress: 1,
      submitted: 2,
      codes: 0,
      codesUsed: 0,
    })) as ApiRound['counts'],
    release: null,
    ...fields,
  };
}

/** As the API's rule: a [placeholder] in any text participants read, by the field's path. */
function placeholdersIn(input: Record<string, unknown>): { field: string; text: string }[] {
  const texts: Record<string, string | null | undefined> = {
    label: input['label'] as string,
    contact: input['contact'] as string,
    dataController: input['dataController'] as string,
  };
  for (const key of ['information', 'consentText']) {
    const text = input[key] as Record<string, string | null> | null | undefined;
    for (const language of ['nb', 'nn', 'en']) texts[`${key}.${language}`] = text?.[language];
  }
  return findPlaceholders(texts);
}

function refusePlaceholders(operation: Operation, left: { field: string; text: string }[]): MockReply {
  return errorResult(operation, [
    {
      message: 'Invalid input',
      extensions: {
        code: 'BAD_USER_INPUT',
        fields: Object.fromEntries(left.map((p) => [p.field, `still holds ${p.text}`])),
        placeholders: left,
      },
    },
  ]);
}

export interface RoundsApiState extends FakeApiState {
  rounds: ApiRound[];
  instruments?: {
    id: string;
    name: string;
    shared: boolean;
    versions: { number: number; publishedAt: string }[];
  }[];
  /** The round's free text, as the API gives it to the project's researchers. */
  freeText?: FreeTextAnswersQuery;
  /** The project's data retention; none set when left out. */
  retention?: ProjectRetentionFieldsFragment | null;
  /** The round's invitations by e-mail; none added when left out. */
  invitations?: ReturnType<typeof invitations>;
  /** Whether the installation can send mail; it can when left out. */
  mailConfigured?: boolean;
}

type Handlers = Partial<Record<string, (operation: Operation) => MockReply>>;

/** The rounds part of the API on top of the app's fake API, keeping what the pages rely on (fields per role). */
export function roundsApi(state: RoundsApiState, handlers: Handlers = {}): Responder {
  const base = fakeApi(state);
  return (operation) => {
    const name = operationName(operation) ?? '';
    const handler = handlers[name];
    if (handler) return handler(operation);
    const variables = operation.variables as Record<string, unknown> & { input?: Record<string, unknown> };
    // As the API: counts, links and instrument are for researchers; a manager asking for them gets FORBIDDEN.
    const researcher =
      !!state.viewer &&
      (state.viewer.isAdmin || state.viewer.memberships.some((m) => m.role === 'RESEARCHER'));
    const forResearchersOnly = () =>
      errorResult(operation, [
        { message: 'You are not allowed to do this', extensions: { code: 'FORBIDDEN' } },
      ]);
    const strip = (w: ApiRound) => {
      if (variables['researcher']) return w;
      const { openLinks: _links, counts: _counts, instrument: _instrument, responseRate: _rate, ...rest } = w;
      return rest.release ? { ...rest, release: { ...rest.release, held: undefined } } : rest;
    };
    switch (name) {
      case 'ProjectRetention':
        return dataResult(operation, {
          project: {
            __typename: 'Project',
            id: variables['id'],
            retention: state.retention ? { __typename: 'ProjectRetention', ...state.retention } : null,
          },
        });
      case 'ProjectRounds': {
        if (variables['researcher'] && !researcher) return forResearchersOnly();
        const project = state.projects.find((p) => p.id === variables['projectId']);
        return dataResult(operation, {
          project: {
            __typename: 'Project',
            id: project?.id,
            name: project?.name,
          },
          rounds: state.rounds.map(strip),
        });
      }
      case 'Round': {
        if (variables['researcher'] && !researcher) return forResearchersOnly();
        const found = state.rounds.find((w) => w.id === variables['id']);
        return found
          ? dataResult(operation, { round: strip(found) })
          : errorResult(operation, [{ message: 'Round not found', extensions: { code: 'NOT_FOUND' } }]);
      }
      case 'RoundInvitations':
        if (!researcher) return forResearchersOnly();
        return dataResult(operation, {
          roundInvitations:
            state.invitations ??
            invitations({
              invitees: [],
              invitationsSentOn: null,
              counts: {
                invited: 0,
                notSent: 0,
                queued: 0,
                sent: 0,
                bounced: 0,
                failed: 0,
                optedOut: 0,
                answered: 0,
                reminders: 0,
                responseRate: null,
              },
            }),
        });
      case 'MailSetup':
        return dataResult(operation, {
          mailSetup: {
            __typename: 'MailSetup',
            configured: state.mailConfigured ?? true,
            from: 'verdi@example.org',
          },
        });
      case 'FreeTextAnswers':
        if (!researcher) return forResearchersOnly();
        return dataResult(operation, state.freeText ?? { freeTextQuestions: [], freeTextAnswers: [] });
      case 'RoundAssistance':
        if (!researcher) return forResearchersOnly();
        return dataResult(operation, {
          roundAssistance: {
            __typename: 'RoundAssistance',
            submitted: 21,
            minGroupSize: 5,
            assisted: [
              { __typename: 'AssistedCount', answer: 'YES', n: 10, suppressed: null },
              { __typename: 'AssistedCount', answer: 'NO', n: null, suppressed: 'SECONDARY' },
              { __typename: 'AssistedCount', answer: 'NOT_STATED', n: null, suppressed: 'TOO_FEW' },
            ],
            kinds: [
              { __typename: 'AssistanceKindCount', kind: 'READ_ALOUD', n: 5, suppressed: null },
              { __typename: 'AssistanceKindCount', kind: 'WROTE', n: null, suppressed: 'TOO_FEW' },
              { __typename: 'AssistanceKindCount', kind: 'EXPLAINED', n: null, suppressed: 'TOO_FEW' },
            ],
            wording: [
              { __typename: 'WordingCount', wording: 'STANDARD', n: 12, suppressed: null },
              { __typename: 'WordingCount', wording: 'EASY_READ', n: null, suppressed: 'SECONDARY' },
              { __typename: 'WordingCount', wording: 'MIXED', n: null, suppressed: 'TOO_FEW' },
            ],
          },
        });
      case 'RoundCounts': {
        const found = state.rounds.find((w) => w.id === variables['id']);
        return dataResult(operation, {
          round: { __typename: 'Round', id: found?.id, status: found?.status, counts: found?.counts },
        });
      }
      case 'RoundInstrumentChoices':
        return dataResult(operation, {
          instruments: (state.instruments ?? []).map((instrument) => ({
            __typename: 'Instrument',
            ...instrument,
            versions: instrument.versions.map((version) => ({ __typename: 'InstrumentVersion', ...version })),
          })),
        });
      case 'CreateRound': {
        const input = variables.input ?? {};
        const created = fakeRound({
          id: `w${state.rounds.length + 1}`,
          label: String(input['label']),
          opensAt: String(input['opensAt']),
          closesAt: (input['closesAt'] as string | null) ?? null,
        });
        state.rounds.push(created);
        return dataResult(operation, { createRound: created });
      }
      case 'CloseRound':
      case 'ReopenRound': {
        const found = state.rounds.find((w) => w.id === variables['id']);
        if (!found)
          return errorResult(operation, [{ message: 'Round not found', extensions: { code: 'NOT_FOUND' } }]);
        found.status = name === 'CloseRound' ? 'CLOSED' : 'OPEN';
        found.closedAt = name === 'CloseRound' ? '2026-03-10T12:00:00.000Z' : null;
        if (name === 'ReopenRound') found.closesAt = (variables['closesAt'] as string | null) ?? null;
        return dataResult(operation, { [name === 'CloseRound' ? 'closeRound' : 'reopenRound']: found });
      }
      case 'UpdateRound': {
        const found = state.rounds.find((w) => w.id === variables['id']);
        if (!found)
          return errorResult(operation, [{ message: 'Round not found', extensions: { code: 'NOT_FOUND' } }]);
        const input = variables.input ?? {};
        const left = placeholdersIn(input);
        if (!found.draft && left.length > 0) return refusePlaceholders(operation, left);
        // A new object, as a real server's answer would be: the page must not rely on an object it already holds.
        const updated: ApiRound = {
          ...found,
          label: input['label'] as string,
          opensAt: input['opensAt'] as string,
          closesAt: (input['closesAt'] as string | null) ?? null,
          information: {
            __typename: 'LocalizedText',
            nn: null,
            en: null,
            ...(input['information'] as { nb: string }),
          } as ApiRound['information'],
          consentText: (input['consentText']
            ? { __typename: 'LocalizedText', nn: null, en: null, ...(input['consentText'] as { nb: string }) }
            : null) as ApiRound['consentText'],
          informationEasyRead: (input['informationEasyRead']
            ? {
                __typename: 'LocalizedText',
                nn: null,
                en: null,
                ...(input['informationEasyRead'] as { nb: string }),
              }
            : null) as ApiRound['informationEasyRead'],
          contact: (input['contact'] as string) || null,
          dataController: (input['dataController'] as string) || null,
          targetResponses: (input['targetResponses'] as number | null) ?? null,
        };
        state.rounds[state.rounds.indexOf(found)] = updated;
        return dataResult(operation, { updateRound: updated });
      }
      case 'OpenRound': {
        const found = state.rounds.find((w) => w.id === variables['id'])!;
        const left = placeholdersIn({
          label: found.label,
          information: found.information,
          consentText: found.consentText,
          contact: found.contact,
          dataController: found.dataController,
        });
        if (left.length > 0) return refusePlaceholders(operation, left);
        found.draft = false;
        found.status = 'OPEN';
        return dataResult(operation, { openRound: found });
      }
      case 'CopyRound': {
        const found = state.rounds.find((w) => w.id === variables['id'])!;
        const copy = fakeRound({
          ...found,
          id: `w${state.rounds.length + 1}`,
          label: (variables['label'] as string | null) ?? `${found.label} (kopi)`,
          draft: true,
          status: 'DRAFT',
        });
        state.rounds.push(copy);
        return dataResult(operation, { copyRound: copy });
      }
      case 'CreateInvitationCodes': {
        const input = variables.input ?? {};
        const count = Number(input['count']);
        const codes = Array.from({ length: count }, (_, i) => `K7M3Q-X9P${String(i).padStart(2, '0')}`);
        const found = state.rounds.find((w) => w.id === input['roundId']);
        const row = found?.counts?.find((c) => c.role === input['role']);
        if (row) row.codes += count;
        return dataResult(operation, {
          createInvitationCodes: {
            __typename: 'CreatedCodes',
            codes,
            csv: [
              'round,role,code',
              ...codes.map((code) => `Oppstart 2026,${String(input['role'])},${code}`),
            ].join('\n'),
          },
        });
      }
      default:
        return base(operation);
    }
  };
}
