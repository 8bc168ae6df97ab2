import type { RespondentRole } from '@verdi/schema/generated';
import type { LocationQuery, LocationQueryRaw } from 'vue-router';
import type { ScoreCell } from './charts';
import { roles } from './table';

/** Everything the dashboard shows is chosen here, and lives in the address so that a view can be shared. */
export interface DashboardFilters {
  projects: string[];
  roles: RespondentRole[];
  rounds: string[];
  constructs: string[];
  /** The change chart: one project, two of its rounds, one construct. */
  changeProject: string | null;
  from: string | null;
  to: string | null;
  changeConstruct: string | null;
  /** Which view: the overview first, then change, then items and distributions. */
  view: DashboardViewName;
  /** Also show all roles together; off unless asked, so a role filter shows that role only. */
  total: boolean;
}

export const dashboardViews = ['overview', 'change', 'details'] as const;
export type DashboardViewName = (typeof dashboardViews)[number];

function list(value: LocationQuery[string] | undefined): string[] {
  const values = Array.isArray(value) ? value : value == null ? [] : [value];
  return [...new Set(values.filter((v): v is string => typeof v === 'string' && v.length > 0))];
}

function one(value: LocationQuery[string] | undefined): string | null {
  return list(value)[0] ?? null;
}

function isRole(value: string): value is RespondentRole {
  return (roles as readonly string[]).includes(value);
}

export function parseFilters(query: LocationQuery): DashboardFilters {
  return {
    projects: list(query['project']),
    roles: list(query['role']).filter(isRole),
    rounds: list(query['round']),
    constructs: list(query['construct']),
    changeProject: one(query['changeProject']),
    from: one(query['from']),
    to: one(query['to']),
    changeConstruct: one(query['changeConstruct']),
    view: (dashboardViews as readonly string[]).includes(one(query['view']) ?? '')
      ? (one(query['view']) as DashboardViewName)
      : 'overview',
    total: one(query['total']) === '1',
  };
}

/** The query for the address; empty choices are left out so that addresses stay short. */
export function filtersToQuery(filters: DashboardFilters): LocationQueryRaw {
  const query: LocationQueryRaw = {};
  const put = (key: string, value: string[] | string | null) => {
    if (Array.isArray(value) ? value.length > 0 : value) query[key] = value;
  };
  put('project', filters.projects);
  put('role', filters.roles);
  put('round', filters.rounds);
  put('construct', filters.constructs);
  put('changeProject', filters.changeProject);
  put('from', filters.from);
  put('to', filters.to);
  put('changeConstruct', filters.changeConstruct);
  if (filters.view !== 'overview') put('view', filters.view);
  if (filters.total) put('total', '1');
  return query;
}

/**
 * The role a construct's change is compared by: the one role chosen, where the construct is asked of it; else all
 * roles together; or the construct's only role, where it is asked of one role and so has no total over roles (the
 * API refuses a role that has no cell in both rounds).
 */
export function changeRole(
  cells: readonly ScoreCell[],
  projectId: string,
  construct: string,
  chosen: readonly RespondentRole[],
): RespondentRole | null {
  const ofConstruct = cells.filter((c) => c.round.projectId === projectId && c.construct === construct);
  const asked = roles.filter((role) => ofConstruct.some((c) => c.role === role));
  if (chosen.length === 1 && asked.includes(chosen[0]!)) return chosen[0]!;
  if (ofConstruct.some((c) => c.role === null)) return null;
  return asked[0] ?? null;
}
