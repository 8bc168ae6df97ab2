import type { Em } from '../db/orm.js';
import {
  RespondentRole,
  ShowIfOperator,
  type InstrumentDefinition,
  type Item,
} from '../instruments/definition.types.js';
import {
  applyPrimary,
  COMPLEMENT_ORDER,
  hide,
  protectCounts,
  type DisclosurePolicy,
  type TableCell,
} from './disclosure.js';
import { SuppressionReason } from './suppression.js';

/**
 * Item-level missingness and response figures of one round, for the project's researchers. Every submitted response
 * meets every item in exactly one state: not asked (the item is for other roles), hidden by its show-if, answered,
 * answered "Vet ikke", or skipped (shown but left empty). PostgreSQL counts the states per item and role, applying
 * the show-if rules the way `responses/answer.rules.ts#isShown` does (an answer is stored only on an item that was
 * shown, so a condition on a hidden item is false because its answer is absent).
 */

export const ITEM_STATES = ['notAsked', 'hidden', 'answered', 'dontKnow', 'skipped'] as const;
export type ItemState = (typeof ITEM_STATES)[number];
export type StateCounts = Record<ItemState, number>;

const ROLES = Object.values(RespondentRole);
const zero = (): StateCounts => ({ notAsked: 0, hidden: 0, answered: 0, dontKnow: 0, skipped: 0 });

/** What PostgreSQL counts for one round. */
export interface MissingnessAggregates {
  /** Submitted responses per role (a role without any is absent). */
  sizes: Map<RespondentRole, number>;
  /** Item key → role → counts per state. */
  items: Map<string, Map<RespondentRole, StateCounts>>;
}

/** Each item's roles and show-if as one JSON table for SQL; numbers are parsed here so SQL never casts text. */
function itemSpec(items: readonly Item[]): string {
  return JSON.stringify(
    items.map((item) => ({
      item: item.key,
      roles: item.roles,
      cond: item.showIf?.item ?? null,
      op: item.showIf?.op ?? null,
      vals: item.showIf?.values ?? [],
      nums: (item.showIf?.values ?? []).map(Number).filter(Number.isFinite),
    })),
  );
}

export async function missingnessAggregates(
  em: Em,
  roundId: string,
  definition: InstrumentDefinition,
): Promise<MissingnessAggregates> {
  const items = definition.sections.flatMap((s) => s.items);
  const rows: { role: string; item: string | null; state: ItemState | null; n: string }[] = await em.execute(
    `with spec as (select * from jsonb_to_recordset(?::jsonb)
                     as s(item text, roles text[], cond text, op text, vals text[], nums double precision[])),
          resp as (select r.id, r.role::text as role from responses r
                    where r.round_id = ? and r.status = 'SUBMITTED'),
          states as (
            select resp.role, s.item,
                   case
                     when not (resp.role = any(s.roles)) then 'notAsked'
                     when s.cond is not null and not coalesce(not c.not_applicable and case
                                when c.choices is not null then s.op in (?, ?) and c.choices && s.vals
                                when c.number is not null then case s.op
                                  when ? then c.number > s.nums[1]
                                  when ? then c.number < s.nums[1]
                                  else c.number = any(s.nums) end
                                else false end, false) then 'hidden'
                     when a.not_applicable then 'dontKnow'
                     when a.number is not null or a.text is not null or a.choices is not null then 'answered'
                     else 'skipped'
                   end as state
              from resp cross join spec s
              left join answers a on a.response_id = resp.id and a.item_key = s.item
              left join answers c on c.response_id = resp.id and c.item_key = s.cond)
     select role, item, state, count(*) as n from states group by role, item, state
     union all
     select role, null, null, count(*) from resp group by role`,
    [
      itemSpec(items),
      roundId,
      ShowIfOperator.EQUALS,
      ShowIfOperator.ONE_OF,
      ShowIfOperator.GREATER_THAN,
      ShowIfOperator.LESS_THAN,
    ],
  );
  const sizes = new Map<RespondentRole, number>();
  const byItem = new Map<string, Map<RespondentRole, StateCounts>>(
    items.map((i) => [i.key, new Map(ROLES.map((r) => [r, zero()]))]),
  );
  for (const row of rows) {
    const role = row.role as RespondentRole;
    if (row.item === null) sizes.set(role, Number(row.n));
    else byItem.get(row.item)!.get(role)![row.state!] = Number(row.n);
  }
  return { sizes, items: byItem };
}

/** Codes, drafts and submissions of one round (all roles together). */
export interface ResponseFigures {
  codesIssued: number;
  codesUsed: number;
  openLinkStarted: number;
  openLinkSubmitted: number;
  inProgress: number;
  submitted: number;
  withdrawn: number;
}

export async function responseFigures(em: Em, roundId: string): Promise<ResponseFigures> {
  const [row]: Record<string, string>[] = await em.execute(
    `select (select count(*) from invitations i where i.round_id = ? and i.kind = 'CODE') as codes_issued,
            (select count(*) from invitations i where i.round_id = ? and i.kind = 'CODE' and i.used_on is not null)
              as codes_used,
            count(*) filter (where r.invitation_id is null) as open_started,
            count(*) filter (where r.invitation_id is null and r.status <> 'IN_PROGRESS') as open_submitted,
            count(*) filter (where r.status = 'IN_PROGRESS') as in_progress,
            count(*) filter (where r.status = 'SUBMITTED') as submitted,
            count(*) filter (where r.status = 'WITHDRAWN') as withdrawn
       from responses r where r.round_id = ?`,
    [roundId, roundId, roundId],
  );
  return {
    codesIssued: Number(row!.codes_issued),
    codesUsed: Number(row!.codes_used),
    openLinkStarted: Number(row!.open_started),
    openLinkSubmitted: Number(row!.open_submitted),
    inProgress: Number(row!.in_progress),
    submitted: Number(row!.submitted),
    withdrawn: Number(row!.withdrawn),
  };
}

// ---- Disclosure.

export interface MissingnessCell {
  /** Null: all roles together. */
  role: RespondentRole | null;
  suppressed: SuppressionReason | null;
  counts: StateCounts | null;
}

export interface MissingnessItem {
  item: Item;
  cells: MissingnessCell[];
}

export interface RoleSize {
  role: RespondentRole;
  suppressed: SuppressionReason | null;
  n: number | null;
}

export interface DisclosedMissingness {
  total: number;
  roles: RoleSize[];
  items: MissingnessItem[];
}

/**
 * What a researcher sees of a round's missingness. Over all roles, the round's submitted responses (always). By
 * role, a table whose parts are the roles and whose total is the round: a role with fewer than k submitted responses
 * is hidden, and so are the roles `linkedHidden` names (roles the round's construct scores hide to protect another,
 * so that the two views agree); then complements are hidden as in every other table (`protectCounts`), so that the
 * round's total minus the roles shown never leaves one hidden role. A hidden role's row is hidden on every item.
 *
 * An item's all-roles row is then the sum of its role rows, and a column of it minus the roles shown is what the
 * hidden roles add to that column. Roles an item is not asked of add nothing to its answered, "Vet ikke", skipped and
 * hidden counts, and their whole size to its not-asked count, as anyone can read from the instrument. So the all-roles
 * row of an item is shown only where the hidden roles are either all asked it or none of them is: otherwise one
 * hidden role's numbers (the peer worker's skipped items; another hidden role's size, and by the total the first's)
 * come out by subtraction. It is also hidden where the round's total is under k.
 */
export function discloseMissingness(
  aggregates: MissingnessAggregates,
  items: readonly Item[],
  k: number,
  policy: DisclosurePolicy,
  linkedHidden: ReadonlySet<RespondentRole> = new Set(),
): DisclosedMissingness {
  const askedRoles = ROLES.filter((role) => items.some((i) => i.roles.includes(role)));
  const total = [...aggregates.sizes.values()].reduce((s, n) => s + n, 0);
  const totalCell: TableCell = { key: 'total', n: total, hidden: null };
  const parts = askedRoles.map((role): TableCell & { role: RespondentRole } => ({
    key: role,
    role,
    n: aggregates.sizes.get(role) ?? 0,
    hidden: null,
  }));
  applyPrimary([totalCell, ...parts], k, policy);
  if (policy.linked) for (const part of parts) if (linkedHidden.has(part.role)) hide(part, k);
  protectCounts({ total: totalCell, parts }, k, policy, (c) =>
    COMPLEMENT_ORDER.indexOf((c as (typeof parts)[number]).role),
  );
  // The round's number of submitted responses is always shown to its researchers (it is in every export), so where
  // the rule would hide the total instead of the last role left, every role is hidden instead.
  if (totalCell.hidden === SuppressionReason.SECONDARY) {
    totalCell.hidden = null;
    for (const part of parts) hide(part, k);
  }
  const hiddenRoles = new Set(parts.filter((p) => p.hidden).map((p) => p.role));

  return {
    total,
    roles: parts.map((p) => ({ role: p.role, suppressed: p.hidden, n: p.hidden ? null : p.n })),
    items: items.map((item) => {
      const byRole = aggregates.items.get(item.key)!;
      const hiddenAsked = [...hiddenRoles].filter((r) => item.roles.includes(r)).length;
      const mixed = hiddenAsked > 0 && hiddenAsked < hiddenRoles.size;
      const overallHidden: SuppressionReason | null = totalCell.hidden
        ? totalCell.hidden
        : policy.complements !== 'none' && mixed
          ? SuppressionReason.SECONDARY
          : null;
      const sum = zero();
      for (const role of ROLES) {
        const counts = byRole.get(role)!;
        for (const state of ITEM_STATES) sum[state] += counts[state];
      }
      return {
        item,
        cells: [
          { role: null, suppressed: overallHidden, counts: overallHidden ? null : sum },
          ...parts.map((p) => ({
            role: p.role,
            suppressed: p.hidden,
            counts: p.hidden ? null : { ...byRole.get(p.role)! },
          })),
        ],
      };
    }),
  };
}
