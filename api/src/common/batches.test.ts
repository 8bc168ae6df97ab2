import { describe, expect, it } from 'vitest';
import { groupByKey, oneByKey } from './batches.js';

describe('groupByKey', () => {
  it('answers in the order of the keys, with an empty group for a key without rows, keeping row order', () => {
    const rows = [
      { parent: 'b', n: 1 },
      { parent: 'a', n: 2 },
      { parent: 'b', n: 3 },
      { parent: 'x', n: 4 },
    ];
    expect(groupByKey(['a', 'c', 'b'], rows, (row) => row.parent)).toEqual([
      [{ parent: 'a', n: 2 }],
      [],
      [
        { parent: 'b', n: 1 },
        { parent: 'b', n: 3 },
      ],
    ]);
  });
});

describe('oneByKey', () => {
  it('answers in the order of the keys, with the error made for a key without a row', () => {
    const result = oneByKey(
      ['b', 'missing', 'a'],
      [{ id: 'a' }, { id: 'b' }],
      (row) => row.id,
      (key) => new Error(`no ${key}`),
    );
    expect(result.slice(0, 1)).toEqual([{ id: 'b' }]);
    expect(result[1]).toEqual(new Error('no missing'));
    expect(result[2]).toEqual({ id: 'a' });
  });
});
