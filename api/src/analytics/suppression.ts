import { registerEnumType } from 'type-graphql';

export enum SuppressionReason {
  TOO_FEW = 'TOO_FEW',
  SECONDARY = 'SECONDARY',
  ROUND_OPEN = 'ROUND_OPEN',
}
registerEnumType(SuppressionReason, {
  name: 'SuppressionReason',
  description: 'Why a result is not shown; a suppressed result carries no number at all',
  valuesConfig: {
    TOO_FEW: { description: "Fewer respondents than the round's minimum group size (k)" },
    SECONDARY: {
      description:
        'Enough respondents, but showing it would let a suppressed group be worked out by subtraction',
    },
    ROUND_OPEN: { description: 'The round shows results only after it closes' },
  },
});

export interface Cell {
  /** Respondents behind the cell. */
  n: number;
  /** The round's minimum group size. */
  k: number;
  suppressed: SuppressionReason | null;
}

/** A total and the cells that add up to it (e.g. a project's round across roles, and each role). */
export interface Partition<C extends Cell> {
  total: C;
  parts: C[];
}

/**
 * The suppression rule, applied in one place to every aggregate: first each cell with fewer than k respondents
 * (primary), then, until nothing changes, any partition whose total is shown with exactly one part hidden gets a
 * second part hidden (the smallest), or the total hidden when no other part can be — so that no hidden cell can be
 * recovered as the total minus the others (secondary suppression).
 */
export function applySuppression<C extends Cell>(cells: C[], partitions: Partition<C>[]): void {
  for (const cell of cells) {
    if (cell.suppressed === null && cell.n < cell.k) cell.suppressed = SuppressionReason.TOO_FEW;
  }
  let changed = true;
  while (changed) {
    changed = false;
    for (const { total, parts } of partitions) {
      const hidden = parts.filter((p) => p.suppressed !== null);
      if (total.suppressed !== null || hidden.length !== 1) continue;
      const next = parts.filter((p) => p.suppressed === null).sort((a, b) => a.n - b.n)[0];
      (next ?? total).suppressed = SuppressionReason.SECONDARY;
      changed = true;
    }
  }
}
