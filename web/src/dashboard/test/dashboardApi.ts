import type { Operation } from '@urql/vue';
import type { FreeTextAnswersQuery } from '@verdi/schema/generated';
import { asSeenBy, fakeApi, type FakeApiState } from '../../test/fakeApi';
import { dataResult, errorResult, operationName, type Responder } from '../../test/urql';
import type { Distribution, Funnel, RoundChange, ScoreCell } from '../model/charts';
import { distributionTable, scoreTable } from '../model/tables';

export interface DashboardApiState extends FakeApiState {
  cells: ScoreCell[];
  distributions?: Distribution[];
  freeText?: (FreeTextAnswersQuery['freeTextAnswers'][number] & { __typename?: 'FreeTextAnswer' })[];
  rounds?: { id: string; label: string; opensAt: string }[];
  funnels?: Funnel[];
  /** The answer to every change asked for; the API refuses a round compared with itself, and so does this. */
  change?: RoundChange;
}

/** The dashboard's part of the API on top of the app's fake API; free text answers only researchers, as the API. */
export function dashboardApi(state: DashboardApiState): Responder {
  const base = fakeApi(state);
  return (operation: Operation) => {
    const variables = operation.variables as Record<string, unknown> & { input?: Record<string, unknown> };
    const researcher =
      !!state.viewer &&
      (state.viewer.isAdmin || state.viewer.memberships.some((m) => m.role === 'RESEARCHER'));
    const forbidden = () =>
      errorResult(operation, [
        { message: 'You are not allowed to do this', extensions: { code: 'FORBIDDEN' } },
      ]);
    switch (operationName(operation)) {
      case 'DashboardProjects':
        return dataResult(operation, { projects: state.projects.map((p) => asSeenBy(state.viewer, p)) });
      case 'DashboardConstructScores': {
        const ids = variables['projectIds'] as string[];
        return dataResult(operation, {
          constructScoreTable: scoreTable(state.cells.filter((c) => ids.includes(c.round.projectId))),
        });
      }
      case 'DashboardItemDistributions':
        return dataResult(operation, { itemDistributionTable: distributionTable(state.distributions ?? []) });
      case 'DashboardFunnel':
        return dataResult(operation, { programmeFunnel: state.funnels ?? [] });
      case 'DashboardRoundChange':
        if (variables['fromRoundId'] === variables['toRoundId'])
          return errorResult(operation, [
            {
              message: 'toRoundId must be another round than fromRoundId',
              extensions: { code: 'BAD_USER_INPUT' },
            },
          ]);
        return state.change
          ? dataResult(operation, { roundChange: state.change })
          : errorResult(operation, [{ message: 'Not found', extensions: { code: 'NOT_FOUND' } }]);
      case 'DashboardRounds':
        return dataResult(operation, {
          rounds: (state.rounds ?? []).map((r) => ({ __typename: 'Round', ...r })),
        });
      case 'FreeTextAnswers':
        return researcher ? dataResult(operation, { freeTextAnswers: state.freeText ?? [] }) : forbidden();
      case 'SetTextTags': {
        if (!researcher) return forbidden();
        const input = variables.input as { responseId: string; item: string; tags: string[] };
        const answer = state.freeText?.find(
          (a) => a.responseId === input.responseId && a.item === input.item,
        );
        if (answer) answer.tags = input.tags;
        return dataResult(operation, { setTextTags: [...input.tags].sort() });
      }
      default:
        return base(operation);
    }
  };
}
