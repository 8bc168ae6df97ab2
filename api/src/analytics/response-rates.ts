import { Field, Float, Int, ObjectType } from 'type-graphql';
import { isResearcherOf } from '../auth/access.js';
import type { Viewer } from '../auth/viewer.js';
import { ValidationError } from '../common/errors.js';
import { isUuid } from '../common/ids.js';
import type { Em } from '../db/orm.js';
import { RespondentRole } from '../instruments/definition.types.js';
import { definitionOf } from '../instruments/published-definitions.js';
import type { Logger } from '../logger.js';
import { Round } from '../rounds/round.entity.js';
import { RoleResponseCount, RoundRef } from './analytics.types.js';
import {
  applyPrimary,
  COMPLEMENT_ORDER,
  hide,
  protectCounts,
  type DisclosurePolicy,
  type TableCell,
} from './disclosure.js';
import type { Release } from './release.entity.js';
import { ReleaseService, resultsVisible, roundOrder } from './release.service.js';
import { roundRefOf } from './round-sources.js';
import { SuppressionReason } from './suppression.js';

/**
 * Response figures of a round for everyone who reads its results, managers included: how many submitted, per role
 * where the disclosure rules allow, and how the codes and open links were used. Managers read them from the round's
 * current release (those counted in it, by the role they answered as), so that they change only when the numbers do
 * and never between two releases by fewer than k people; researchers of the project read them live.
 */

@ObjectType({
  description:
    "How one round was answered, at the level the disclosure rules allow: the round's submitted responses, each role's (hidden under k, and where another role could be worked out from the total), and the codes and open links used. A hidden figure says why and carries no number.",
})
export class RoundResponseRates {
  @Field(() => RoundRef)
  round!: RoundRef;

  @Field(() => SuppressionReason, {
    nullable: true,
    description: 'Why the round total is hidden: the round is open, or fewer than k submitted',
  })
  suppressed!: SuppressionReason | null;

  @Field(() => Int, {
    nullable: true,
    description: 'Submitted responses the results count (for managers: those in the current release)',
  })
  submitted!: number | null;

  @Field(() => [RoleResponseCount], { description: 'Submitted per role the instrument asks' })
  byRole!: RoleResponseCount[];

  @Field(() => Int, {
    nullable: true,
    description: 'Single-use codes made for the round (an administrative count, shown with the total)',
  })
  codesIssued!: number | null;

  @Field(() => SuppressionReason, {
    nullable: true,
    description:
      'Why the channel figures (codes used, open links) are hidden: codes and links are per role, so they are shown only where every role is',
  })
  channelsSuppressed!: SuppressionReason | null;

  @Field(() => Int, { nullable: true, description: 'Submitted responses that came in with a code' })
  codesUsed!: number | null;

  @Field(() => Float, { nullable: true, description: 'codesUsed / codesIssued' })
  codeUseRate!: number | null;

  @Field(() => Int, {
    nullable: true,
    description: 'Submitted through an open link, plus open-link drafts never submitted',
  })
  openLinkStarted!: number | null;

  @Field(() => Int, { nullable: true, description: 'Submitted through an open link' })
  openLinkSubmitted!: number | null;

  @Field(() => Float, { nullable: true, description: 'openLinkSubmitted / openLinkStarted' })
  completionRate!: number | null;
}

/** What PostgreSQL counts for one round: who the results count, by role and by the way they came in. */
export interface ResponseCounts {
  byRole: Map<RespondentRole, number>;
  codesIssued: number;
  viaCode: number;
  viaLink: number;
  linkDrafts: number;
}

/**
 * Counts of one round. `releaseId`: those counted in that release (its members, even if withdrawn since, as the
 * release still counts them); otherwise those submitted now.
 */
export async function responseCounts(
  em: Em,
  roundId: string,
  releaseId: string | null,
): Promise<ResponseCounts> {
  const population = releaseId
    ? `r.id in (select unnest(members)::uuid from release_members where release_id = ? and key = '*')`
    : `r.round_id = ? and r.status = 'SUBMITTED'`;
  const rows: { role: string | null; kind: string; n: string }[] = await em.execute(
    `select r.role::text as role, case when i.kind = 'CODE' then 'code' else 'link' end as kind, count(*) as n
       from responses r left join invitations i on i.id = r.invitation_id
      where ${population} group by 1, 2
     union all
     select null, 'drafts', count(*) from responses r left join invitations i on i.id = r.invitation_id
      where r.round_id = ? and r.status = 'IN_PROGRESS' and (i.id is null or i.kind <> 'CODE')
     union all
     select null, 'issued', count(*) from invitations i where i.round_id = ? and i.kind = 'CODE'`,
    [releaseId ?? roundId, roundId, roundId],
  );
  const counts: ResponseCounts = { byRole: new Map(), codesIssued: 0, viaCode: 0, viaLink: 0, linkDrafts: 0 };
  for (const row of rows) {
    const n = Number(row.n);
    if (row.kind === 'issued') counts.codesIssued = n;
    else if (row.kind === 'drafts') counts.linkDrafts = n;
    else {
      const role = row.role as RespondentRole;
      counts.byRole.set(role, (counts.byRole.get(role) ?? 0) + n);
      if (row.kind === 'code') counts.viaCode += n;
      else counts.viaLink += n;
    }
  }
  return counts;
}

/**
 * The rules, as for every other table a manager can add up: the round total and its roles are one table. A total
 * under k hides everything; a role under k is hidden, and so is a role the round's construct scores hide to protect
 * another (`linkedHidden`), so that the two views agree; then complements as everywhere (`protectCounts`), so that
 * the total minus the roles shown never leaves one hidden role's size. Codes and open links are per role, so how
 * many came in each way is shown only where no role is hidden (a code handed to peer workers only would count them).
 *
 * Over time: a later release of a round (after a withdrawal or a late answer) may differ from the first by fewer than
 * k people, and the counts here are not part of the release's own check between versions. So from a round's second
 * release on, managers see its total only, and every role and channel figure is hidden (`laterRelease`): the total
 * tells that someone came or went, never in which role.
 */
export function discloseResponseCounts(
  counts: ResponseCounts,
  roles: readonly RespondentRole[],
  k: number,
  policy: DisclosurePolicy,
  linkedHidden: ReadonlySet<RespondentRole> = new Set(),
  laterRelease = false,
): Omit<RoundResponseRates, 'round'> {
  const total = [...counts.byRole.values()].reduce((s, n) => s + n, 0);
  const totalCell: TableCell = { key: 'total', n: total, hidden: null };
  const parts = roles.map((role): TableCell & { role: RespondentRole } => ({
    key: role,
    role,
    n: counts.byRole.get(role) ?? 0,
    hidden: null,
  }));
  applyPrimary([totalCell, ...parts], k, policy);
  if (policy.linked) for (const part of parts) if (linkedHidden.has(part.role)) hide(part, k);
  protectCounts({ total: totalCell, parts }, k, policy, (c) =>
    COMPLEMENT_ORDER.indexOf((c as (typeof parts)[number]).role),
  );
  // Where the rule would hide the total instead of the last role left, every role is hidden instead: the total
  // alone, with no role beside it, bounds no role more than its reason does.
  if (totalCell.hidden === SuppressionReason.SECONDARY) {
    totalCell.hidden = null;
    for (const part of parts) hide(part, k);
  }
  if (totalCell.hidden || (policy.releases && laterRelease))
    for (const part of parts) part.hidden ??= SuppressionReason.SECONDARY;
  const anyHidden = totalCell.hidden ?? parts.find((p) => p.hidden)?.hidden ?? null;
  const channels =
    totalCell.hidden ?? (anyHidden && policy.complements !== 'none' ? SuppressionReason.SECONDARY : null);
  const rate = (x: number, n: number) => (n > 0 ? x / n : null);
  const started = counts.viaLink + counts.linkDrafts;
  return {
    suppressed: totalCell.hidden,
    submitted: totalCell.hidden ? null : total,
    byRole: parts.map((p) => ({ role: p.role, suppressed: p.hidden, submitted: p.hidden ? null : p.n })),
    codesIssued: totalCell.hidden ? null : counts.codesIssued,
    channelsSuppressed: channels,
    codesUsed: channels ? null : counts.viaCode,
    codeUseRate: channels ? null : rate(counts.viaCode, counts.codesIssued),
    openLinkStarted: channels ? null : started,
    openLinkSubmitted: channels ? null : counts.viaLink,
    completionRate: channels ? null : rate(counts.viaLink, started),
  };
}

/** Everything hidden, for the reason given (an open round, or one without a release yet). */
function allHidden(
  roles: readonly RespondentRole[],
  reason: SuppressionReason,
): Omit<RoundResponseRates, 'round'> {
  return {
    suppressed: reason,
    submitted: null,
    byRole: roles.map((role) => ({ role, suppressed: reason, submitted: null })),
    codesIssued: null,
    channelsSuppressed: reason,
    codesUsed: null,
    codeUseRate: null,
    openLinkStarted: null,
    openLinkSubmitted: null,
    completionRate: null,
  };
}

export class ResponseRatesService {
  constructor(
    private readonly em: Em,
    private readonly viewer: Viewer,
    private readonly policy: DisclosurePolicy,
    private readonly log?: Logger,
  ) {}

  private isResearcher(projectId: string): boolean {
    return isResearcherOf(this.viewer, projectId);
  }

  async roundResponseRates(projectId: string, roundIds: string[] | null): Promise<RoundResponseRates[]> {
    if (!isUuid(projectId)) throw ValidationError.forFields({ projectId: 'is not a project id' });
    const bad = (roundIds ?? []).filter((id) => !isUuid(id));
    if (bad.length > 0) throw ValidationError.forFields({ roundIds: `${bad[0]} is not a round id` });
    const rounds = (
      await this.em.find(
        Round,
        { project: projectId, ...(roundIds?.length ? { id: { $in: roundIds } } : {}) },
        { populate: ['project'] },
      )
    ).sort(roundOrder);
    const researcher = this.isResearcher(projectId);
    const releases = new Map<string, Release>();
    if (!researcher && this.policy.releases && rounds.length > 0) {
      const service = new ReleaseService(this.em, this.policy, this.log);
      await service.refreshProjects([projectId]);
      for (const [id, release] of await service.current(rounds.map((w) => w.id))) releases.set(id, release);
    }
    const now = new Date();
    const result: RoundResponseRates[] = [];
    for (const round of rounds) {
      const definition = await definitionOf(this.em, round.instrumentVersion.id);
      const roles = Object.values(RespondentRole).filter((role) =>
        definition.sections.some((s) => s.items.some((i) => i.roles.includes(role))),
      );
      const release = releases.get(round.id) ?? null;
      const ref = roundRefOf(round, release);
      const live = researcher || (!this.policy.releases && resultsVisible(round, now));
      if (!live && !release) {
        result.push({ round: ref, ...allHidden(roles, SuppressionReason.ROUND_OPEN) });
        continue;
      }
      const counts = await responseCounts(this.em, round.id, live ? null : release!.id);
      // Roles the released construct scores hide to protect another are hidden here too (managers).
      const linked = new Set(
        (release && !live ? release.scores : [])
          .filter((c) => c.role !== null && c.suppressed === SuppressionReason.SECONDARY)
          .map((c) => c.role as RespondentRole),
      );
      result.push({
        round: ref,
        ...discloseResponseCounts(
          counts,
          roles,
          ref.minGroupSize,
          this.policy,
          linked,
          !live && release!.version > 1,
        ),
      });
    }
    return result;
  }
}
