import { describe, expect, it } from 'vitest';
import { cell, distribution, nbTexts } from '../test/fixtures';
import {
  buildChangeChart,
  buildDivergingChart,
  buildFunnelChart,
  buildScoreChart,
  describeTable,
} from './charts';
import type { RoundChange, Funnel } from './charts';

describe('buildScoreChart', () => {
  const cells = [
    cell({ construct: 'trust', kind: 'VALUE', role: 'SERVICE_USER', mean: 4.25 }),
    cell({ construct: 'trust', kind: 'VALUE', role: 'PROFESSIONAL', mean: 3.5 }),
    cell({ construct: 'trust', kind: 'VALUE', role: 'CONSULTANT', suppressed: 'TOO_FEW' }),
    cell({ construct: 'trust', kind: 'VALUE', role: null, suppressed: 'SECONDARY', n: 30 }),
    cell({ construct: 'stigma', kind: 'CHALLENGE', role: 'SERVICE_USER', mean: 2.1 }),
  ];

  it('keeps value and challenge constructs apart', () => {
    const value = buildScoreChart(cells, 'VALUE', nbTexts);
    const challenge = buildScoreChart(cells, 'CHALLENGE', nbTexts);
    expect(value.chartData.labels).toEqual(['trust · Eksempelprosjekt A · Oppstart 2025']);
    expect(challenge.chartData.labels).toEqual(['stigma · Eksempelprosjekt A · Oppstart 2025']);
    expect(value.table.rows.map((r) => r.values[0])).not.toContain('stigma');
    expect(challenge.table.rows.map((r) => r.values[0])).toEqual(['stigma']);
  });

  it('puts the three roles side by side with their intervals', () => {
    const { chartData } = buildScoreChart(cells, 'VALUE', nbTexts);
    expect(chartData.datasets.map((d) => d.label)).toEqual([
      'Tjenestebrukere',
      'Fagpersoner',
      'Erfaringskonsulenter',
    ]);
    expect(chartData.datasets.map((d) => d.data)).toEqual([[4.25], [3.5], [null]]);
    expect(chartData.intervals).toEqual([[[3.75, 4.75]], [[3, 4]], [null]]);
  });

  it('turns a suppressed group into a gap and a table row saying why, never a zero', () => {
    const { table } = buildScoreChart(cells, 'VALUE', nbTexts);
    const consultant = table.rows.find((r) => r.values[3] === 'CONSULTANT')!;
    expect(consultant.suppressed).toBe('TOO_FEW');
    expect(consultant.cells).toContain('For få svar til å vise');
    expect(consultant.cells[5]).toBe('');
    expect(consultant.cells).not.toContain('0');
    const all = table.rows.find((r) => r.values[3] === '')!;
    expect(all.cells[9]).toBe('Skjult fordi tallet ellers kunne avsløre en gruppe med for få svar');
    expect(table.rows.find((r) => r.values[3] === 'SERVICE_USER')!.cells.slice(4, 7)).toEqual([
      '12',
      '4,25',
      '3,75 – 4,75',
    ]);
  });

  it('describes n and the hidden groups in words', () => {
    const { table } = buildScoreChart(cells, 'VALUE', nbTexts);
    const text = describeTable(table, 4, [0, 1, 2, 3], nbTexts);
    expect(text).toContain('2 grupper vises, med n = 12.');
    expect(text).toContain('Erfaringskonsulenter: For få svar til å vise');
    expect(text).toContain('Alle roller: Skjult fordi');
  });
});

describe('buildDivergingChart', () => {
  it('centres the bars on the neutral point, half of it on each side', () => {
    const { chartData } = buildDivergingChart([distribution([0.1, 0.2, 0.2, 0.3, 0.2])], nbTexts);
    const byLabel = Object.fromEntries(chartData.datasets.map((d) => [d.label, d.data[0]]));
    expect(chartData.datasets).toHaveLength(6);
    expect(byLabel['Helt uenig']).toBeCloseTo(-10);
    expect(byLabel['Uenig']).toBeCloseTo(-20);
    expect(chartData.datasets[0]!.data[0]).toBeCloseTo(-10);
    expect(chartData.datasets[3]!.data[0]).toBeCloseTo(10);
    expect(byLabel['Enig']).toBeCloseTo(30);
    expect(byLabel['Helt enig']).toBeCloseTo(20);
  });

  it('leaves suppressed groups out of the chart but keeps them in the table', () => {
    const { chartData, table } = buildDivergingChart(
      [
        distribution([0.2, 0.2, 0.2, 0.2, 0.2]),
        distribution([], { role: 'CONSULTANT', suppressed: 'TOO_FEW' }),
      ],
      nbTexts,
    );
    expect(chartData.labels).toHaveLength(1);
    expect(table.rows).toHaveLength(2);
    expect(table.rows[1]!.cells.at(-1)).toBe('For få svar til å vise');
  });
});

describe('buildChangeChart', () => {
  const change = {
    construct: 'trust',
    kind: 'VALUE',
    role: null,
    from: { n: 20, mean: 3.1, suppressed: null, round: { waveLabel: 'Oppstart' } },
    to: { n: 18, mean: 3.6, suppressed: null, round: { waveLabel: 'Etter 12 måneder' } },
    unpaired: { difference: 0.5, ciLow: 0.1, ciHigh: 0.9, suppressed: null },
    paired: {
      n: 4,
      meanChange: null,
      ciLow: null,
      ciHigh: null,
      dz: null,
      improved: null,
      unchanged: null,
      worse: null,
      suppressed: 'TOO_FEW',
    },
  } as unknown as RoundChange;

  it('shows the unpaired difference and says why the paired change is hidden', () => {
    const { chartData, table } = buildChangeChart(change, nbTexts);
    expect(chartData.datasets[0]!.data).toEqual([0.5, null]);
    expect(chartData.intervals).toEqual([[[0.1, 0.9], null]]);
    expect(table.rows[0]!.cells.slice(1, 4)).toEqual(['20 + 18', '0,50', '0,10 – 0,90']);
    expect(table.rows[1]!.cells.at(-1)).toBe('For få svar til å vise');
  });
});

describe('buildFunnelChart', () => {
  it('charts rates in percent with Wilson intervals, and an unreported stage as a gap', () => {
    const funnel = {
      projectId: 'p1',
      projectName: 'Eksempelskolen',
      cohort: 'Kull 2024',
      startYear: 2024,
      source: null,
      stages: [
        { stage: 'applicants', count: 40, rate: null, ciLow: null, ciHigh: null },
        { stage: 'admitted', count: null, rate: null, ciLow: null, ciHigh: null },
        { stage: 'started', count: 20, rate: 0.5, ciLow: 0.35, ciHigh: 0.65 },
      ],
    } as unknown as Funnel;
    const { chartData, table } = buildFunnelChart([funnel], nbTexts);
    expect(chartData.labels).toEqual(['Søkere', 'Tatt opp', 'Startet']);
    expect(chartData.datasets[0]!.data).toEqual([null, null, 50]);
    expect(chartData.intervals[0]![2]).toEqual([35, 65]);
    expect(table.rows[1]!.cells[3]).toBe('Ikke rapportert');
  });
});
