import { describe, expect, it } from 'vitest';
import { cell, distribution, round } from '../test/fixtures';
import { distributionTable, distributions, scoreCells, scoreTable } from './tables';

const withoutTypename = <T extends object>(value: T) => {
  const { __typename: _, ...rest } = value as T & { __typename?: string };
  return rest;
};

describe('the dashboard tables', () => {
  it('names each round and construct once and gives back every score cell as it was', () => {
    const later = round('Eksempelprosjekt A', 'Oppfølging 2026');
    const cells = [
      cell({ role: 'SERVICE_USER' }),
      cell({ role: null, n: 60 }),
      cell({ role: 'CONSULTANT', suppressed: 'TOO_FEW' }),
      cell({ construct: 'hope', kind: 'OUTCOME', round: later }),
    ];
    const table = scoreTable(cells);
    expect(table.constructs).toHaveLength(2);
    expect(table.cells.n).toEqual([24, 60, null, 24]);
    expect(scoreCells(table)).toEqual(cells.map(withoutTypename));
  });

  it('makes each share of a distribution from its count and n', () => {
    const rows = [
      distribution([0.1, 0.2, 0.3, 0.2, 0.2]),
      distribution([], { suppressed: 'TOO_FEW', role: 'CONSULTANT' }),
    ];
    const table = distributionTable(rows);
    expect(table.items).toHaveLength(2);
    expect(table.cells.counts).toEqual([[2, 4, 6, 4, 4], null]);
    const back = distributions(table);
    expect(back.map((r) => r.counts?.map((c) => c.share) ?? null)).toEqual([[0.1, 0.2, 0.3, 0.2, 0.2], null]);
    expect(back.map(({ counts: _, ...r }) => r)).toEqual(
      rows.map(({ counts: _, ...r }) => withoutTypename(r)),
    );
  });

  it('reads nothing as no cells', () => {
    expect(scoreCells(undefined)).toEqual([]);
    expect(distributions(null)).toEqual([]);
  });
});
