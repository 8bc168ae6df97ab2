import type { Em } from '../../db/orm.js';
import type { Seen } from './collect.js';
import type { Finding, Structure } from './attacker.js';
import { isDetermined, type Linear, type LinearSystem } from './solver.js';

/**
 * The strongest linear attacker there is: one who knows who is behind every number Verdi showed (which responses
 * make up every cell of every release), and so can write each published sum as a sum over those people's answers.
 * If even this attacker cannot solve for one person's score, one person's change between rounds, or a hidden cell's
 * sum, no manager can by adding and subtracting published numbers, whatever they know or guess about who answered.
 * (Spread and quartiles are not linear: the multiset check in `attacker.ts` covers them.)
 */

export interface Answers {
  roundId: string;
  role: string;
  linkage: string | null;
  /** Item key → the answer's point on the scale ("Vet ikke" and other types left out). */
  values: Map<string, number>;
}

/** Every submitted response's answers, by response id, read from the database before anyone withdrew. */
export async function snapshotAnswers(
  em: Em,
  into = new Map<string, Answers>(),
): Promise<Map<string, Answers>> {
  const rows: {
    id: string;
    round_id: string;
    role: string;
    linkage_hash: string | null;
    item_key: string;
    number: number;
  }[] = await em.execute(
    `select r.id, r.round_id, r.role::text as role, r.linkage_hash, a.item_key, a.number
         from responses r join answers a on a.response_id = r.id
        where r.status = 'SUBMITTED' and a.number is not null`,
  );
  for (const row of rows) {
    const entry = into.get(row.id) ?? {
      roundId: row.round_id,
      role: row.role,
      linkage: row.linkage_hash,
      values: new Map<string, number>(),
    };
    entry.values.set(row.item_key, Number(row.number));
    into.set(row.id, entry);
  }
  return into;
}

export interface InsiderMoment {
  label: string;
  seen: Seen;
}

/** The release each round's numbers came from at a moment, read from what the manager saw. */
async function releasesSeen(em: Em, seen: Seen): Promise<Map<string, string>> {
  const versions = new Map<string, number>();
  for (const s of seen.scores) if (s.releaseVersion !== null) versions.set(s.roundId, s.releaseVersion);
  const result = new Map<string, string>();
  for (const [roundId, version] of versions) {
    const [row] = await em.execute<{ id: string }[]>(
      'select id from releases where round_id = ? and version = ?',
      [roundId, version],
    );
    if (row) result.set(roundId, row.id);
  }
  return result;
}

async function membersOfRelease(em: Em, releaseId: string): Promise<Map<string, string[]>> {
  const rows: { key: string; members: string[] | string }[] = await em.execute(
    'select key, members from release_members where release_id = ?',
    [releaseId],
  );
  return new Map(
    rows.map((r) => [
      r.key,
      Array.isArray(r.members)
        ? r.members
        : r.members
            .replace(/^\{|\}$/g, '')
            .split(',')
            .filter(Boolean),
    ]),
  );
}

export async function insiderAudit(
  em: Em,
  structure: Structure,
  answers: ReadonlyMap<string, Answers>,
  moments: InsiderMoment[],
): Promise<Finding[]> {
  const [lo, hi] = structure.scale;
  const system: LinearSystem = { equalities: [] };
  const constructs = new Map(structure.constructs.map((c) => [c.key, c]));
  // A response's score on a construct, as a combination of its answers: the mean of the items it answered, reverse
  // items mirrored (the mirror's constant goes to the right-hand side, which exact determination does not use).
  const score = (id: string, construct: string): Linear | null => {
    const response = answers.get(id);
    const items =
      constructs.get(construct)?.items[response?.role as keyof Structure['constructs'][number]['items']];
    if (!response || !items) return null;
    const answered = items.filter((i) => response.values.has(i.key));
    if (answered.length === 0) return null;
    return Object.fromEntries(
      answered.map((i) => [`y|${id}|${i.key}`, (i.reverse ? -1 : 1) / answered.length]),
    );
  };
  const sum = (terms: (Linear | null)[]): Linear => {
    const out: Linear = {};
    for (const t of terms) if (t) for (const [k, v] of Object.entries(t)) out[k] = (out[k] ?? 0) + v;
    return out;
  };
  void lo;
  void hi;

  const hiddenSums: { what: string; terms: Linear }[] = [];
  for (const moment of moments) {
    const releases = await releasesSeen(em, moment.seen);
    for (const [roundId, releaseId] of releases) {
      const members = await membersOfRelease(em, releaseId);
      const cells = new Map(
        moment.seen.scores
          .filter((c) => c.roundId === roundId)
          .map((c) => [`s|${c.construct}|${c.role ?? '*'}`, c]),
      );
      for (const [key, cell] of cells) {
        const terms = sum((members.get(key) ?? []).map((id) => score(id, cell.construct)));
        if (cell.suppressed === null)
          system.equalities.push({ terms, value: 0, label: `${moment.label} ${key}` });
        // A group hidden because it is small; one hidden for others is the rest of a sum that includes a small one.
        else if (cell.suppressed === 'TOO_FEW' && Object.keys(terms).length > 0)
          hiddenSums.push({ what: `${moment.label} ${roundId.slice(0, 8)} ${key}`, terms });
      }
      for (const cell of moment.seen.items.filter((c) => c.roundId === roundId && c.suppressed === null)) {
        const key = `i|${cell.item}|${cell.role}`;
        const terms = Object.fromEntries(
          (members.get(key) ?? [])
            .filter((id) => answers.get(id)?.values.has(cell.item))
            .map((id) => [`y|${id}|${cell.item}`, 1]),
        );
        system.equalities.push({ terms, value: 0, label: `${moment.label} ${key}` });
      }
      for (const change of moment.seen.changes.filter(
        (c) => c.toRoundId === roundId && c.paired.suppressed === null,
      )) {
        const key = `${change.fromRoundId}|${change.construct}|${change.role ?? '*'}`;
        const later = members.get(`p|${key}`) ?? [];
        const earlier = members.get(`pa|${key}`) ?? [];
        const terms = sum([
          ...later.map((id) => score(id, change.construct)),
          ...earlier.map((id) => {
            const s = score(id, change.construct);
            return s && Object.fromEntries(Object.entries(s).map(([k, v]) => [k, -v]));
          }),
        ]);
        system.equalities.push({ terms, value: 0, label: `${moment.label} paired ${key}` });
      }
    }
  }

  const findings: Finding[] = [];
  // One person's score on a construct in a round.
  for (const [id, response] of answers) {
    for (const construct of structure.constructs) {
      const terms = score(id, construct.key);
      if (terms && isDetermined(system, terms))
        findings.push({
          kind: 'hidden-sum-determined',
          what: `one ${response.role}'s ${construct.key} score in ${response.roundId.slice(0, 8)}`,
        });
    }
  }
  // One person's change between two rounds they both answered.
  const byCode = new Map<string, [string, Answers][]>();
  for (const entry of answers) {
    if (entry[1].linkage) byCode.set(entry[1].linkage, [...(byCode.get(entry[1].linkage) ?? []), entry]);
  }
  for (const responses of byCode.values()) {
    for (const [a, ra] of responses) {
      for (const [b, rb] of responses) {
        if (a >= b || ra.roundId === rb.roundId || ra.role !== rb.role) continue;
        for (const construct of structure.constructs) {
          const [sa, sb] = [score(a, construct.key), score(b, construct.key)];
          if (!sa || !sb) continue;
          const change = sum([sb, Object.fromEntries(Object.entries(sa).map(([k, v]) => [k, -v]))]);
          if (Object.keys(change).length > 0 && isDetermined(system, change))
            findings.push({
              kind: 'small-change',
              what: `one ${ra.role}'s change in ${construct.key} between two rounds`,
            });
        }
      }
    }
  }
  for (const hidden of hiddenSums) {
    if (isDetermined(system, hidden.terms))
      findings.push({ kind: 'hidden-sum-determined', what: hidden.what });
  }
  return findings;
}
