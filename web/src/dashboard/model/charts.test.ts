import { describe, expect, it } from 'vitest';
import { cell, distribution, funnel, nbTexts, round, roundChange } from '../test/fixtures';
import {
  buildChangeChart,
  buildDivergingChart,
  limitRows,
  neutralColour,
  pickSection,
  scaleColour,
  buildFunnelChart,
  buildScoreChart,
  describeChange,
  describeTable,
  scoreCsvHeader,
} from './charts';
import { hiddenValue } from './table';

const digits = /\d/;

describe('buildScoreChart', () => {
  const cells = [
    cell({ construct: 'trust', kind: 'VALUE', role: 'SERVICE_USER', mean: 4.25 }),
    cell({ construct: 'trust', kind: 'VALUE', role: 'PROFESSIONAL', mean: 3.5 }),
    cell({ construct: 'trust', kind: 'VALUE', role: 'CONSULTANT', suppressed: 'TOO_FEW' }),
    cell({ construct: 'trust', kind: 'VALUE', role: null, suppressed: 'SECONDARY' }),
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

  it('writes in the gap of a hidden group whose it is and why', () => {
    const { chartData } = buildScoreChart(cells, 'VALUE', nbTexts);
    expect(chartData.gaps).toEqual([
      [null],
      [null],
      ['Erfaringskonsulenter: For få svar til å vise (under 5)'],
    ]);
  });

  it('turns a hidden group into a gap and a row that says why in words, with no number in it', () => {
    const { table } = buildScoreChart(cells, 'VALUE', nbTexts);
    const consultant = table.rows.find((r) => r.values[3] === 'CONSULTANT')!;
    expect(consultant.suppressed).toBe('TOO_FEW');
    expect(consultant.cells[8]).toBe('For få svar til å vise (under 5)');
    expect(consultant.cells.slice(4, 8)).toEqual(Array(4).fill(hiddenValue));
    expect(consultant.cells.slice(0, 8).some((text) => digits.test(text) && !text.includes('2025'))).toBe(
      false,
    );
    expect(consultant.values.slice(4, 9)).toEqual(Array(5).fill(null));
    const all = table.rows.find((r) => r.values[3] === '')!;
    expect(all.cells[8]).toBe('Skjult så ingen liten gruppe kan regnes ut av tallene som vises');
    expect(all.cells.slice(4, 8)).toEqual(Array(4).fill(hiddenValue));
    const shown = table.rows.find((r) => r.values[3] === 'SERVICE_USER')!;
    expect(shown.cells.slice(4, 9)).toEqual(['24', '4,25', '3,75 – 4,75', '0,80', '']);
  });

  it('has no median column, in the table or the CSV: medians are never released', () => {
    const { table } = buildScoreChart(cells, 'VALUE', nbTexts);
    expect(table.columns).toEqual([
      'Begrep',
      'Prosjekt',
      'Runde',
      'Rolle',
      'n',
      'Gjennomsnitt',
      '95 % KI',
      'SD',
      'Merknad',
    ]);
    expect(table.numbers).toEqual([4, 5, 6, 7]);
    expect(table.rows.every((r) => r.cells.length === table.columns.length)).toBe(true);
    expect(scoreCsvHeader).toEqual([
      'construct',
      'project',
      'round',
      'role',
      'n',
      'mean',
      'ci_low',
      'ci_high',
      'sd',
      'suppressed',
    ]);
    expect(table.rows.every((r) => r.values.length === scoreCsvHeader.length)).toBe(true);
  });

  it('says the round is not closed yet for an open round', () => {
    const open = round('Eksempelprosjekt A', 'Runde 2', undefined, { releaseVersion: null });
    const { table } = buildScoreChart([cell({ round: open, suppressed: 'ROUND_OPEN' })], 'VALUE', nbTexts);
    expect(table.rows[0]!.cells[8]).toBe('Vises når runden er stengt');
    expect(table.rows[0]!.cells[5]).toBe(hiddenValue);
  });

  it('shows a mean without its spread, says from how many answers the spread is shown, and draws no whisker', () => {
    const small = cell({ n: 7, mean: 3.2 });
    const medium = cell({ n: 14, mean: 3.8, role: 'PROFESSIONAL' });
    const { table, chartData } = buildScoreChart([small, medium], 'VALUE', nbTexts);
    expect(chartData.datasets.map((d) => d.data)).toEqual([[3.2], [3.8]]);
    expect(chartData.intervals).toEqual([[null], [[3.3, 4.3]]]);
    const [few, some] = table.rows;
    expect(few!.cells.slice(4, 9)).toEqual([
      '7',
      '3,20',
      hiddenValue,
      hiddenValue,
      'Spredning og konfidensintervall vises fra 10 svar',
    ]);
    // The median is never shown, and that is said once under the heading, not on every row.
    expect(some!.cells.slice(6, 9)).toEqual(['3,30 – 4,30', '0,80', '']);
    expect(few!.gap).toBeNull();
    expect(few!.noInterval).toBe('Uten konfidensintervall, som vises fra 10 svar');
  });

  it('uses the round’s own k in its reasons', () => {
    const strict = round('Eksempelprosjekt A', 'Oppstart 2025', undefined, { k: 8 });
    const { table } = buildScoreChart(
      [cell({ round: strict, suppressed: 'TOO_FEW' }), cell({ round: strict, role: 'PROFESSIONAL', n: 12 })],
      'VALUE',
      nbTexts,
    );
    expect(table.rows[0]!.cells[8]).toBe('For få svar til å vise (under 8)');
    expect(table.rows[1]!.cells[8]).toBe('Spredning og konfidensintervall vises fra 16 svar');
  });

  it('says why the spread is hidden to protect another group', () => {
    const { table } = buildScoreChart([cell({ n: 30, spreadSuppressed: 'SECONDARY' })], 'VALUE', nbTexts);
    expect(table.rows[0]!.cells[8]).toBe(
      'Spredning og konfidensintervall er skjult så spredningen i en annen gruppe ikke kan regnes ut',
    );
    expect(table.rows[0]!.cells.slice(4, 8)).toEqual(['30', '3,50', hiddenValue, hiddenValue]);
  });

  it('describes n, the hidden groups and the bars without interval in words', () => {
    const { table } = buildScoreChart(
      [...cells, cell({ construct: 'Tillit', role: 'PROFESSIONAL', n: 8 })],
      'VALUE',
      nbTexts,
    );
    const text = describeTable(table, 4, [0, 1, 2, 3], nbTexts);
    expect(text).toContain('3 grupper vises, med n = 8–24.');
    expect(text).toContain(
      'For få svar til å vise (under 5): trust, Eksempelprosjekt A, Oppstart 2025, Erfaringskonsulenter.',
    );
    expect(text).toContain('Skjult så ingen liten gruppe kan regnes ut av tallene som vises: trust');
    expect(text).toContain(
      'Uten konfidensintervall, som vises fra 10 svar: Tillit, Eksempelprosjekt A, Oppstart 2025, Fagpersoner.',
    );
  });

  it('names a round once where every group of it is hidden for the same reason', () => {
    const open = round('Eksempelprosjekt A', 'Runde 2', undefined, { releaseVersion: null });
    const { table } = buildScoreChart(
      [
        cell({ mean: 4 }),
        cell({ round: open, suppressed: 'ROUND_OPEN' }),
        cell({ round: open, role: 'PROFESSIONAL', suppressed: 'ROUND_OPEN' }),
      ],
      'VALUE',
      nbTexts,
    );
    expect(describeTable(table, 4, [0, 1, 2, 3], nbTexts)).toBe(
      '1 gruppe vises, med n = 24. Vises når runden er stengt: Eksempelprosjekt A, Runde 2 (alle grupper).',
    );
  });

  it('names a role once where it is hidden for the same reason in every construct of a round', () => {
    const { table } = buildScoreChart(
      [
        cell({ construct: 'Håp', mean: 4 }),
        cell({ construct: 'Håp', role: 'CONSULTANT', suppressed: 'TOO_FEW' }),
        cell({ construct: 'Tillit', mean: 4 }),
        cell({ construct: 'Tillit', role: 'CONSULTANT', suppressed: 'TOO_FEW' }),
      ],
      'VALUE',
      nbTexts,
    );
    expect(describeTable(table, 4, [0, 1, 2, 3], nbTexts, 'constructs')).toBe(
      '2 grupper vises, med n = 24. For få svar til å vise (under 5): Eksempelprosjekt A, Oppstart 2025, Erfaringskonsulenter (alle begreper).',
    );
    expect(describeTable(table, 4, [0, 1, 2, 3], nbTexts)).toContain(
      'For få svar til å vise (under 5): Håp, Eksempelprosjekt A, Oppstart 2025, Erfaringskonsulenter; Tillit,',
    );
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

  it('lists each scale point once in the legend, in scale order, and colours the points by side', () => {
    const { chartData } = buildDivergingChart([distribution([0.1, 0.2, 0.2, 0.3, 0.2])], nbTexts);
    const inLegend = chartData.datasets
      .filter((d) => d.legend !== false)
      .sort((a, b) => a.rank! - b.rank!)
      .map((d) => d.label);
    expect(inLegend).toEqual(['Helt uenig', 'Uenig', 'Både og', 'Enig', 'Helt enig']);
    // The neutral point's two halves are one answer: same name, same colour, each flagged as a half.
    const halves = chartData.datasets.filter((d) => d.half);
    expect(halves).toHaveLength(2);
    expect(new Set(halves.map((d) => d.label)).size).toBe(1);
    expect(halves.map((d) => d.colour)).toEqual([neutralColour, neutralColour]);
    expect(scaleColour(0, 5)).not.toBe(scaleColour(4, 5));
    expect(scaleColour(1, 4)).not.toBe(scaleColour(2, 4));
  });

  it('shows a chart and its table one section at a time, and the first rows only on request', () => {
    const other = { ...distribution([0.2, 0.2, 0.2, 0.2, 0.2]), item: 'b1', construct: 'other' };
    const built = buildDivergingChart([distribution([0.1, 0.2, 0.2, 0.3, 0.2]), other], nbTexts);
    const first = built.table.rows[0]!.section!;
    const picked = pickSection(built.chartData, built.table, 'other');
    expect(picked.chartData.labels).toHaveLength(1);
    expect(picked.table.rows.map((r) => r.section)).toEqual(['other']);
    expect(picked.chartData.datasets.every((d) => d.data.length === 1)).toBe(true);
    expect(pickSection(built.chartData, built.table, first).table.rows).toHaveLength(1);
    expect(limitRows(built.chartData, (i) => i < 1).labels).toEqual([built.chartData.labels[0]]);
  });

  it('leaves a hidden group as an empty row in the chart and says why in the table', () => {
    const { chartData, table } = buildDivergingChart(
      [
        distribution([0.2, 0.2, 0.2, 0.2, 0.2]),
        distribution([], { role: 'CONSULTANT', suppressed: 'TOO_FEW' }),
      ],
      nbTexts,
    );
    expect(chartData.labels).toHaveLength(2);
    expect(chartData.datasets.every((d) => d.data[1] === null)).toBe(true);
    expect(table.rows).toHaveLength(2);
    expect(table.rows[1]!.cells.at(-1)).toBe('For få svar til å vise (under 5)');
    expect(table.rows[1]!.cells.slice(4, -1).every((text) => text === hiddenValue)).toBe(true);
  });

  it('leaves a round with no group shown out of the chart, and names it once in the description', () => {
    const open = {
      ...round('Eksempelprosjekt A', 'Runde 2', undefined, { releaseVersion: null }),
      roundId: 'w2',
    };
    const hidden = (role: 'SERVICE_USER' | 'PROFESSIONAL') => ({
      ...distribution([], { role, suppressed: 'ROUND_OPEN' }),
      round: open,
    });
    const { chartData, table } = buildDivergingChart(
      [distribution([0.2, 0.2, 0.2, 0.2, 0.2]), hidden('SERVICE_USER'), hidden('PROFESSIONAL')],
      nbTexts,
    );
    expect(chartData.labels).toEqual([
      'Jeg blir lyttet til. · Tjenestebrukere · Eksempelprosjekt A · Oppstart 2025',
    ]);
    expect(table.rows).toHaveLength(3);
    expect(describeTable(table, 4, [0, 1, 2, 3], nbTexts, 'items')).toContain(
      'Vises når runden er stengt: Eksempelprosjekt A, Runde 2 (alle grupper).',
    );
  });

  it('leaves out the column of those who gave no answer where no group has it, as in a release', () => {
    const { table } = buildDivergingChart([distribution([0.2, 0.2, 0.2, 0.2, 0.2])], nbTexts);
    expect(table.columns).not.toContain('Ikke svart');
    expect(table.columns.at(-2)).toBe('Vet ikke');
    expect(table.rows[0]!.cells).toHaveLength(table.columns.length);
    expect(table.rows[0]!.values).toHaveLength(table.columns.length);
  });

  it('shows the column of those who gave no answer with researchers’ live numbers, and a mark for a hidden group', () => {
    const { table } = buildDivergingChart(
      [
        distribution([0.2, 0.2, 0.2, 0.2, 0.2], { missing: 3 }),
        distribution([], { role: 'CONSULTANT', suppressed: 'TOO_FEW' }),
      ],
      nbTexts,
    );
    const missing = table.columns.indexOf('Ikke svart');
    expect(missing).toBeGreaterThan(0);
    expect(table.rows.map((r) => r.cells[missing])).toEqual(['3', hiddenValue]);
  });
});

describe('buildChangeChart', () => {
  it('shows the unpaired difference and says why the paired change is hidden', () => {
    const change = roundChange({
      paired: {
        n: null,
        duplicatesSetAside: null,
        meanChange: null,
        spreadSuppressed: 'TOO_FEW',
        ciLow: null,
        ciHigh: null,
        dz: null,
        improved: null,
        unchanged: null,
        worse: null,
        suppressed: 'TOO_FEW',
      },
    });
    const { chartData, table } = buildChangeChart(change, nbTexts);
    expect(chartData.datasets[0]!.data).toEqual([0.5, null]);
    expect(chartData.intervals).toEqual([[[0.1, 0.9], null]]);
    expect(table.rows[0]!.cells.slice(1, 4)).toEqual(['20 + 18', '0,50', '0,10 – 0,90']);
    expect(table.rows[1]!.cells.at(-1)).toBe('For få som svarte i begge rundene (under 5)');
    expect(table.rows[1]!.cells.slice(1, 8)).toEqual(Array(7).fill(hiddenValue));
    expect(describeChange(change, table, nbTexts)).toContain(
      'Gjennomsnittlig endring (paret): For få som svarte i begge rundene (under 5).',
    );
  });

  it("names each effect size by its design: Hedges' g with its interval unpaired, d_z paired", () => {
    const { table } = buildChangeChart(roundChange(), nbTexts);
    const column = table.columns.indexOf('Effektstørrelse (95 % KI)');
    expect(column).toBeGreaterThan(0);
    expect(table.rows[0]!.cells[column]).toMatch(/^g = 0,55 \(−?-?0,09 – 1,19\)$/);
    expect(table.rows[1]!.cells[column]).toBe('d_z = 0,60');
    expect(table.rows[0]!.values).toContain(0.55);
    const hidden = buildChangeChart(
      roundChange({ unpaired: { ciLow: null, ciHigh: null, hedgesG: null, gCiLow: null, gCiHigh: null } }),
      nbTexts,
    );
    expect(hidden.table.rows[0]!.cells[column]).toBe(hiddenValue);
  });

  it('mentions responses set aside because the same code came up twice', () => {
    const one = buildChangeChart(roundChange({ paired: { duplicatesSetAside: 1 } }), nbTexts);
    expect(one.table.rows[1]!.cells.at(-1)).toBe(
      '1 svar satt til side fordi samme kode kom to ganger; det første er brukt',
    );
    const change = roundChange({ paired: { duplicatesSetAside: 3 } });
    const three = buildChangeChart(change, nbTexts);
    expect(three.table.rows[1]!.cells.at(-1)).toBe(
      '3 svar satt til side fordi samme kode kom mer enn én gang; det første med hver kode er brukt',
    );
    expect(describeChange(change, three.table, nbTexts)).toContain('3 svar satt til side');
    expect(buildChangeChart(roundChange(), nbTexts).table.rows[1]!.cells.at(-1)).toBe('');
  });

  it('shows a paired change without its interval and says from how many pairs it is shown', () => {
    const change = roundChange({
      paired: { n: 7, spreadSuppressed: 'TOO_FEW', ciLow: null, ciHigh: null, dz: null },
    });
    const { chartData, table } = buildChangeChart(change, nbTexts);
    expect(chartData.datasets[0]!.data).toEqual([0.5, 0.4]);
    expect(chartData.intervals).toEqual([[[0.1, 0.9], null]]);
    expect(table.rows[1]!.cells.slice(1, 5)).toEqual(['7', '0,40', hiddenValue, hiddenValue]);
    expect(table.rows[1]!.cells.at(-1)).toBe('Konfidensintervall og effektstørrelse vises fra 10 par');
    expect(describeChange(change, table, nbTexts)).toContain(
      'Gjennomsnittlig endring (paret): 0,40 (n = 7). Konfidensintervall og effektstørrelse vises fra 10 par.',
    );
  });

  it('says why the unpaired interval is missing from each round’s n and k', () => {
    const few = buildChangeChart(
      roundChange({ from: { n: 8 }, unpaired: { ciLow: null, ciHigh: null } }),
      nbTexts,
    );
    expect(few.table.rows[0]!.cells.slice(2, 4)).toEqual(['0,50', hiddenValue]);
    expect(few.table.rows[0]!.cells.at(-1)).toBe('Konfidensintervall vises fra 10 svar i hver runde');
    const protecting = buildChangeChart(roundChange({ unpaired: { ciLow: null, ciHigh: null } }), nbTexts);
    expect(protecting.table.rows[0]!.cells.at(-1)).toBe(
      'Konfidensintervall er skjult så spredningen i en annen gruppe ikke kan regnes ut',
    );
  });

  it('says which round hides the change', () => {
    const open = round('Eksempelskolen', 'Etter 12 måneder', 'p1', { releaseVersion: null });
    const change = roundChange({
      to: { n: null, mean: null, suppressed: 'ROUND_OPEN', round: open },
      unpaired: { difference: null, ciLow: null, ciHigh: null, suppressed: 'ROUND_OPEN' },
      paired: { n: null, meanChange: null, ciLow: null, ciHigh: null, dz: null, suppressed: 'ROUND_OPEN' },
    });
    const { table } = buildChangeChart(change, nbTexts);
    expect(table.rows.map((r) => r.cells.at(-1))).toEqual([
      'Vises når runden er stengt',
      'Vises når begge rundene er stengt',
    ]);
    expect(describeChange(change, table, nbTexts)).toContain(
      'Fra Oppstart: n = 20, gjennomsnitt 3,10. Til Etter 12 måneder: Vises når runden er stengt.',
    );
  });
});

describe('buildFunnelChart', () => {
  const cohort = funnel([
    ['applicants', 40],
    ['interviewed', null],
    ['admitted', 30, 'applicants', 0.75],
    ['started', 20, 'admitted', 0.5],
    ['completed', 16, 'started', 0.8],
    ['employedInServices', 9, 'started', 0.45],
    ['employedElsewhere', null],
    ['furtherEducation', 0, 'started', 0],
    ['stillFinishing', 2, 'started', 0.1],
    ['inactive', 3, 'started', 0.15],
  ]);

  it('labels the new stages and what each rate is a share of', () => {
    const { chartData } = buildFunnelChart([cohort], nbTexts);
    expect(chartData.labels).toEqual([
      'Tatt opp · av søkerne',
      'Startet · av dem som ble tatt opp',
      'Fullført · av dem som startet',
      'I arbeid i tjenestene · av dem som startet',
      'Videre utdanning · av dem som startet',
      'Fullfører fortsatt · av dem som startet',
      'Ikke i arbeid eller utdanning · av dem som startet',
    ]);
  });

  it('shows a count that is not reported as "Ikke rapportert" and a gap, never as 0, and a reported 0 as 0', () => {
    const other = funnel(
      [
        ['applicants', 30],
        ['interviewed', 20, 'applicants', 2 / 3],
        ['admitted', null],
      ],
      {
        cohort: 'Kull 2025',
      },
    );
    const { chartData, table, description } = buildFunnelChart([cohort, other], nbTexts);
    expect(chartData.labels[0]).toBe('Intervjuet · av søkerne');
    expect(chartData.datasets[0]!.data).toEqual([null, 75, 50, 80, 45, 0, 10, 15]);
    expect(chartData.gaps[0]![0]).toBe('Ikke rapportert');
    expect(chartData.gaps[1]!.slice(0, 2)).toEqual([null, 'Ikke rapportert']);
    const interviewed = table.rows.find((r) => r.values[2] === 'interviewed')!;
    expect(interviewed.cells.slice(2)).toEqual(['Intervjuet', 'Ikke rapportert', hiddenValue, hiddenValue]);
    expect(interviewed.values[3]).toBeNull();
    const elsewhere = table.rows.find((r) => r.values[2] === 'employedElsewhere')!;
    expect(elsewhere.cells[3]).toBe('Ikke rapportert');
    const education = table.rows.find((r) => r.values[2] === 'furtherEducation')!;
    expect(education.cells.slice(3, 5)).toEqual(['0', '0 % av dem som startet']);
    expect(description).toBe(
      'Tall for 2 kull. Ikke rapportert for Eksempelskolen, Kull 2024: Intervjuet, I arbeid andre steder. Ikke rapportert for Eksempelskolen, Kull 2025: Tatt opp.',
    );
  });

  it('passes on what the source says about its figures', () => {
    const noted = funnel(
      [
        ['started', 48],
        ['inactive', null],
      ],
      {
        note: '«Ikke i arbeid» er utelatt fordi tallene ikke går opp.',
      },
    );
    expect(buildFunnelChart([noted], nbTexts).description).toBe(
      'Tall for 1 kull. Ikke rapportert for Eksempelskolen, Kull 2024: Ikke i arbeid eller utdanning. Om Eksempelskolen, Kull 2024: «Ikke i arbeid» er utelatt fordi tallene ikke går opp.',
    );
  });

  it('says in the chart why a reported stage has no rate: no stage before it is reported', () => {
    const late = funnel(
      [
        ['applicants', null],
        ['started', 48],
        ['completed', 29, 'started', 0.6],
      ],
      {
        cohort: 'Kull 2023',
      },
    );
    const { chartData } = buildFunnelChart([cohort, late], nbTexts);
    const started = chartData.labels.findIndex((l) => l.startsWith('Startet'));
    expect(chartData.gaps[1]![started]).toBe('Ingen andel: trinnet før mangler');
  });

  it('keeps the first stage, the base of the others, in the table only', () => {
    const { table } = buildFunnelChart([cohort], nbTexts);
    expect(table.rows[0]!.cells.slice(2)).toEqual(['Søkere', '40', hiddenValue, hiddenValue]);
    const admitted = table.rows.find((r) => r.values[2] === 'admitted')!;
    expect(admitted.cells[4]).toBe('75 % av søkerne');
  });

  it('says "of the previous reported stage" where cohorts differ in it', () => {
    const other = funnel(
      [
        ['applicants', 50],
        ['interviewed', 40, 'applicants', 0.8],
        ['admitted', 20, 'interviewed', 0.5],
      ],
      { cohort: 'Kull 2025' },
    );
    const { chartData } = buildFunnelChart([cohort, other], nbTexts);
    expect(chartData.labels).toContain('Tatt opp · av forrige trinn som er rapportert');
  });
});
