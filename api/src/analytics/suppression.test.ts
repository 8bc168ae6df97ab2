import { describe, expect, it } from 'vitest';
import { applySuppression, SuppressionReason, type Cell } from './suppression.js';

const cell = (n: number, k = 5): Cell & { name: string } => ({ n, k, suppressed: null, name: `n=${n}` });

describe('suppression', () => {
  it('hides every cell below k', () => {
    const cells = [cell(4), cell(5), cell(12)];
    applySuppression(cells, []);
    expect(cells.map((c) => c.suppressed)).toEqual([SuppressionReason.TOO_FEW, null, null]);
  });

  it('hides a second part when only one part of a shown total is hidden, so it cannot be subtracted out', () => {
    const parts = [cell(3), cell(9), cell(20)];
    const total = cell(32);
    applySuppression([...parts, total], [{ total, parts }]);
    expect(parts.map((c) => c.suppressed)).toEqual([
      SuppressionReason.TOO_FEW,
      SuppressionReason.SECONDARY,
      null,
    ]);
    expect(total.suppressed).toBeNull();
  });

  it('hides the total when no other part is left to hide', () => {
    const parts = [cell(2), cell(7)];
    const total = cell(9);
    applySuppression([...parts, total], [{ total, parts }]);
    expect(parts.map((c) => c.suppressed)).toEqual([SuppressionReason.TOO_FEW, SuppressionReason.SECONDARY]);
    const lonely = { total: cell(8), parts: [cell(3)] };
    applySuppression([lonely.total, ...lonely.parts], [lonely]);
    expect(lonely.total.suppressed).toBe(SuppressionReason.SECONDARY);
  });

  it('follows chains across partitions until nothing changes', () => {
    // Two totals share a part: hiding it for one partition makes the other need a second hidden part too.
    const shared = cell(8);
    const a = { total: cell(12), parts: [cell(4), shared] };
    const b = { total: cell(30), parts: [shared, cell(10), cell(12)] };
    applySuppression([...a.parts, a.total, ...b.parts.slice(1), b.total], [a, b]);
    expect(shared.suppressed).toBe(SuppressionReason.SECONDARY);
    expect(b.parts[1]!.suppressed).toBe(SuppressionReason.SECONDARY);
    expect(b.parts[2]!.suppressed).toBeNull();
  });

  it('keeps cells already hidden for another reason hidden', () => {
    const open = { ...cell(40), suppressed: SuppressionReason.ROUND_OPEN };
    applySuppression([open], []);
    expect(open.suppressed).toBe(SuppressionReason.ROUND_OPEN);
  });
});
