import { describe, expect, it } from 'vitest';
import { dayOf } from './dates.js';

describe('dayOf', () => {
  it("gives Norway's day on either side of midnight, in summer and winter time, however the calls alternate", () => {
    const cases: [string, string][] = [
      ['2026-06-30T21:59:59.999Z', '2026-06-30'], // 23:59:59 in Oslo, summer time (UTC+2)
      ['2026-06-30T22:00:00.000Z', '2026-07-01'],
      ['2026-06-30T21:59:00.000Z', '2026-06-30'],
      ['2026-12-31T22:59:59.999Z', '2026-12-31'], // winter time (UTC+1)
      ['2026-12-31T23:00:00.000Z', '2027-01-01'],
      ['2026-12-31T23:00:59.999Z', '2027-01-01'],
      ['2026-12-31T22:59:00.000Z', '2026-12-31'],
    ];
    for (const [moment, day] of [...cases, ...cases.reverse()]) expect(dayOf(new Date(moment))).toBe(day);
  });

  it('refuses a date that is no date', () => {
    expect(() => dayOf(new Date('not a date'))).toThrow(RangeError);
  });
});
