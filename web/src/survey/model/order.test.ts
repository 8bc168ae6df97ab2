import { describe, expect, it } from 'vitest';
import { drawOrder, fitsOrder, inOrder } from './order';

const items = (...keys: string[]) => keys.map((key) => ({ key }));
const sections = [
  { key: 'a', items: items('a1', 'a2') },
  { key: 'b', randomiseOrder: true, items: items('b1', 'b2', 'b3') },
  { key: 'c', randomiseOrder: false, items: items('c1') },
  { key: 'd', randomiseOrder: true, items: items('d1', 'd2') },
];

describe('the order of randomised sections', () => {
  it('is drawn per section, each item once, and every order turns up', () => {
    const seen = new Set<string>();
    for (let n = 0; n < 200; n++) {
      const order = drawOrder(sections)!;
      expect(fitsOrder(sections, order)).toBe(true);
      seen.add(order.slice(0, 3).join());
    }
    // 3! orders of the first randomised section.
    expect(seen.size).toBe(6);
    expect(drawOrder([{ items: items('x') }])).toBeNull();
  });

  it('fits only an order listing each randomised section’s items once, section by section', () => {
    expect(fitsOrder(sections, ['b3', 'b1', 'b2', 'd2', 'd1'])).toBe(true);
    expect(fitsOrder(sections, ['d2', 'd1', 'b3', 'b1', 'b2'])).toBe(false);
    expect(fitsOrder(sections, ['b3', 'b1', 'b1', 'd2', 'd1'])).toBe(false);
    expect(fitsOrder(sections, ['b3', 'b1', 'b2', 'd2'])).toBe(false);
    expect(fitsOrder(sections, ['b3', 'b1', 'b2', 'd2', 'd1', 'a1'])).toBe(false);
  });

  it('shows the randomised sections in the order, the others as they are', () => {
    const shown = inOrder(sections, ['b3', 'b1', 'b2', 'd2', 'd1']);
    expect(shown.map((s) => s.items.map((i) => i.key))).toEqual([
      ['a1', 'a2'],
      ['b3', 'b1', 'b2'],
      ['c1'],
      ['d2', 'd1'],
    ]);
    expect(inOrder(sections, null)).toEqual(sections);
  });
});
