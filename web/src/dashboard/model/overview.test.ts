import { describe, expect, it } from 'vitest';
import { cell, nbTexts, round } from '../test/fixtures';
import tQuantile from '@stdlib/stats-base-dists-t-quantile';
import { buildChangeRows, buildOverview, defaultRoundPair, pooledColumnId, position } from './overview';

const first = round('Prosjekt A', 'Runde 1', 'a', { opensAt: '2025-01-10T08:00:00.000Z' });
const second = round('Prosjekt A', 'Runde 2', 'a', { opensAt: '2025-06-10T08:00:00.000Z' });
const open = round('Prosjekt A', 'Runde 3', 'a', {
  opensAt: '2025-11-10T08:00:00.000Z',
  releaseVersion: null,
});
const other = round('Prosjekt B', 'Runde 1', 'b');
const none = { roles: [], total: false, rounds: [], constructs: [] };

const cells = [
  cell({ round: first, role: 'SERVICE_USER', mean: 3.2 }),
  cell({ round: first, role: 'CONSULTANT', suppressed: 'TOO_FEW' }),
  cell({ round: first, role: null, mean: 3.3 }),
  cell({ round: second, role: 'SERVICE_USER', mean: 3.9 }),
  cell({ round: second, role: 'CONSULTANT', suppressed: 'TOO_FEW' }),
  cell({ round: open, role: 'SERVICE_USER', suppressed: 'ROUND_OPEN' }),
  cell({ round: open, role: 'CONSULTANT', suppressed: 'ROUND_OPEN' }),
  cell({ round: other, role: 'PROFESSIONAL', mean: 4.1, construct: 'stigma', kind: 'CHALLENGE' }),
];

describe('the manager’s overview', () => {
  it('places marks on the scale’s own range, 1 to 5, never from 0, and keeps them in their box', () => {
    expect(position(1)).toBe(0);
    expect(position(3)).toBe(50);
    expect(position(5)).toBe(100);
    expect(position(0)).toBe(0);
    expect(position(7)).toBe(100);
  });

  it('shows each project by its latest round with results, not an open round whose results are hidden', () => {
    const overview = buildOverview(cells, none, nbTexts);
    expect(overview.columns.map((c) => c.roundLabel)).toEqual(['Runde 2', 'Runde 1', 'samlet']);
    // Values before challenges; three roles side by side, no total unless asked.
    expect(overview.rows.map((r) => r.kind)).toEqual(['VALUE', 'CHALLENGE']);
    expect(overview.roles).toEqual(['SERVICE_USER', 'PROFESSIONAL', 'CONSULTANT']);
    const trust = overview.rows[0]!.cells[0]!;
    expect(trust.map((m) => m.mean)).toEqual([3.9, null, null]);
    expect(trust[1]!.asked).toBe(false);
    expect(trust[2]!.reason).toBe('For få svar til å vise (under 5)');
  });

  it('shows only the chosen role, and all roles together only when asked', () => {
    const only = buildOverview(cells, { ...none, roles: ['CONSULTANT'], rounds: [first.roundId] }, nbTexts);
    expect(only.roles).toEqual(['CONSULTANT']);
    expect(only.table.rows.every((r) => r.cells[3] === 'Erfaringskonsulenter')).toBe(true);
    const total = buildOverview(cells, { ...none, total: true, rounds: [first.roundId] }, nbTexts);
    expect(total.roles).toContain('ALL');
    expect(total.table.rows.find((r) => r.cells[3] === 'Alle roller')?.cells[5]).toBe('3,30');
  });

  it('puts a dash and the reason in the table for a hidden cell, never a number, and no number in the CSV', () => {
    const overview = buildOverview(cells, none, nbTexts);
    const hidden = overview.table.rows.filter((r) => r.suppressed);
    expect(hidden.length).toBeGreaterThan(0);
    for (const row of hidden) {
      expect(row.cells.slice(4, 7)).toEqual(['–', '–', '–']);
      expect(row.values.slice(4, 8)).toEqual([null, null, null, null]);
      expect(row.cells[7]).toMatch(/For få svar/);
    }
  });

  it('compares by default the latest two rounds that both have results, and states the arrows', () => {
    expect(defaultRoundPair(cells, 'a')).toEqual({ from: first.roundId, to: second.roundId });
    expect(defaultRoundPair(cells, 'b')).toBeNull();
    const rows = buildChangeRows(cells, first.roundId, second.roundId, none, nbTexts);
    const service = rows[0]!.marks.find((m) => m.role === 'SERVICE_USER')!;
    expect([service.from, service.to]).toEqual([3.2, 3.9]);
    const consultant = rows[0]!.marks.find((m) => m.role === 'CONSULTANT')!;
    expect(consultant.to).toBeNull();
    expect(consultant.reason).toMatch(/For få svar/);
  });

  describe('the pooled column of all projects', () => {
    const describeGroup = (values: number[]) => {
      const n = values.length;
      const mean = values.reduce((a, b) => a + b, 0) / n;
      const sd = Math.sqrt(values.reduce((a, b) => a + (b - mean) ** 2, 0) / (n - 1));
      return { n, mean, sd };
    };
    // Raw answers of three projects' service users; the pooled mark must equal these answers taken as one group.
    const raw = {
      a: [1, 2, 2, 3, 3, 3, 4, 4, 5, 5, 2, 3],
      b: [3.5, 4, 4.5, 5, 4, 3, 4.25, 4.75, 5, 3.75],
      c: [1, 1.5, 2, 2.5, 3, 2, 1, 2, 2.5, 1.5],
    };
    const projects = Object.entries(raw).map(([id, values]) => ({
      round: round(`Prosjekt ${id.toUpperCase()}`, 'Runde 1', id),
      ...describeGroup(values),
    }));
    const shown = projects.map((p) => cell({ round: p.round, n: p.n, mean: p.mean, sd: p.sd }));

    it('pools the projects’ answers exactly as one group would give: n, mean and the t-interval', () => {
      const overview = buildOverview(shown, none, nbTexts);
      expect(overview.columns.map((c) => c.projectName)).toEqual([
        'Prosjekt A',
        'Prosjekt B',
        'Prosjekt C',
        'Alle prosjektene',
      ]);
      const pooled = overview.rows[0]!.cells[3]![0]!;
      const all = describeGroup([...raw.a, ...raw.b, ...raw.c]);
      const half = tQuantile(0.975, all.n - 1) * (all.sd / Math.sqrt(all.n));
      expect(pooled.n).toBe(32);
      expect(pooled.mean).toBeCloseTo(all.mean, 12);
      expect(pooled.sd).toBeCloseTo(all.sd, 12);
      expect(pooled.ciLow).toBeCloseTo(all.mean - half, 12);
      expect(pooled.ciHigh).toBeCloseTo(all.mean + half, 12);
      expect(pooled.pooledNote).toBeNull();
      const row = overview.table.rows.find((r) => r.key === `trust|${pooledColumnId}|SERVICE_USER`)!;
      expect(row.values[4]).toBe(32);
      expect(row.values[5]).toBeCloseTo(all.mean, 12);
    });

    it('leaves a hidden project out and says so, so no hidden number can be worked out from it', () => {
      const cells = [...shown.slice(0, 2), cell({ round: projects[2]!.round, suppressed: 'TOO_FEW' })];
      const pooled = buildOverview(cells, none, nbTexts).rows[0]!.cells[3]![0]!;
      // Only what the page shows for A and B: subtracting them from the pool gives nothing at all.
      const ab = describeGroup([...raw.a, ...raw.b]);
      expect(pooled.n).toBe(ab.n);
      expect(pooled.mean).toBeCloseTo(ab.mean, 12);
      expect(pooled.pooledNote).toBe('Samlet for 2 av 3 prosjekter: de andre er skjult.');
    });

    it('gives no interval where a project shows its mean but not its spread, and no mark where none shows', () => {
      const noSpread = [
        ...shown.slice(0, 2),
        cell({ round: projects[2]!.round, n: 10, mean: 1.9, spreadSuppressed: 'TOO_FEW' }),
      ];
      const pooled = buildOverview(noSpread, none, nbTexts).rows[0]!.cells[3]![0]!;
      expect(pooled.n).toBe(32);
      expect(pooled.mean).not.toBeNull();
      expect([pooled.sd, pooled.ciLow, pooled.ciHigh]).toEqual([null, null, null]);

      const hidden = projects.map((p) => cell({ round: p.round, suppressed: 'TOO_FEW' }));
      const none3 = buildOverview(hidden, none, nbTexts).rows[0]!.cells[3]![0]!;
      expect(none3.mean).toBeNull();
      expect(none3.reason).toBe('Ingen av prosjektene viser tall for denne gruppen');
    });

    it('is not shown for a single project, where it would only repeat it', () => {
      const overview = buildOverview(shown.slice(0, 1), none, nbTexts);
      expect(overview.columns.some((c) => c.pooled)).toBe(false);
    });
  });
});
