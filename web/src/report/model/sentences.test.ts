import { describe, expect, it } from 'vitest';
import { formatNumber, hiddenSentences, responseSentence, scoreSentence, type ScoreInput } from './sentences';

const cell = (over: Partial<ScoreInput> = {}): ScoreInput => ({
  role: 'SERVICE_USER',
  constructLabel: 'Verdi for tjenesten',
  suppressed: null,
  n: 23,
  mean: 4.1234,
  spreadSuppressed: null,
  ciLow: 3.81,
  ciHigh: 4.44,
  ...over,
});

describe('summary sentences', () => {
  it('writes the mean and interval with a decimal comma in bokmål', () => {
    expect(scoreSentence(cell(), 5, 'nb')).toBe(
      'Tjenestebrukerne vurderte «Verdi for tjenesten» til 4,1 av 5 (95 % KI 3,8–4,4, n = 23).',
    );
  });

  it('writes a decimal point in English', () => {
    expect(scoreSentence(cell({ role: 'CONSULTANT' }), 5, 'en')).toBe(
      'Peer workers rated “Verdi for tjenesten” 4.1 out of 5 (95% CI 3.8–4.4, n = 23).',
    );
  });

  it('never puts a number in a sentence about a hidden cell, whatever the cell still carries', () => {
    const hidden = scoreSentence(
      cell({ role: 'CONSULTANT', suppressed: 'TOO_FEW', n: 1, mean: 4.9 }),
      5,
      'nb',
    );
    expect(hidden).toBe(
      'Resultatet for erfaringskonsulentene på «Verdi for tjenesten» er skjult fordi færre enn 5 svarte.',
    );
    expect(hidden).not.toMatch(/4,9|n = 1/);
    expect(scoreSentence(cell({ suppressed: 'SECONDARY', mean: null, n: null }), 5, 'en')).toMatch(
      /hidden because it could otherwise be worked out for a group of fewer than 5\.$/,
    );
  });

  it('a group of 1 shown by mistake (no suppression flag, but no mean) is still not described with numbers', () => {
    expect(scoreSentence(cell({ n: 1, mean: null }), 5, 'nb')).toMatch(/er skjult/);
  });

  it('says the interval is hidden for groups under 2k instead of inventing one', () => {
    const s = scoreSentence(cell({ n: 6, spreadSuppressed: 'TOO_FEW', ciLow: null, ciHigh: null }), 5, 'nb');
    expect(s).toBe(
      'Tjenestebrukerne vurderte «Verdi for tjenesten» til 4,1 av 5 (n = 6; intervallet vises bare for grupper på minst 10).',
    );
  });

  it('keeps odd construct labels as text (quotes, emoji, formulas)', () => {
    expect(scoreSentence(cell({ constructLabel: '=1+1 "tull" 🙂' }), 5, 'en')).toContain('“=1+1 "tull" 🙂”');
  });

  it('formats negative numbers and rounding in both languages', () => {
    expect(formatNumber(-0.25, 'nb', 2)).toBe('−0,25');
    expect(formatNumber(3.96, 'en')).toBe('4.0');
  });

  it('writes the response sentence, or why it is hidden', () => {
    expect(
      responseSentence(
        {
          roundLabel: 'Baseline',
          suppressed: null,
          submitted: 44,
          codeUseRate: 0.9166,
          completionRate: null,
          k: 5,
        },
        'nb',
      ),
    ).toBe('I runden «Baseline» telles 44 innsendte svar, 92 % av kodene ble brukt.');
    expect(
      responseSentence(
        {
          roundLabel: 'Liten',
          suppressed: 'TOO_FEW',
          submitted: 3,
          codeUseRate: null,
          completionRate: null,
          k: 5,
        },
        'en',
      ),
    ).toBe('The response figures of the round “Liten” are hidden because fewer than 5 answered.');
  });
});

describe('hidden cells, grouped', () => {
  it('say once per role and reason which constructs are hidden and why, with no number but k', () => {
    const lines = hiddenSentences(
      [
        { role: 'CONSULTANT', constructLabel: 'Håp', suppressed: 'TOO_FEW' },
        { role: 'PROFESSIONAL', constructLabel: 'Håp', suppressed: 'SECONDARY' },
        { role: 'CONSULTANT', constructLabel: 'Uklar rolle', suppressed: 'TOO_FEW' },
      ],
      5,
      'nb',
    );
    expect(lines).toEqual([
      'Resultatene for erfaringskonsulentene er skjult fordi færre enn 5 svarte: «Håp», «Uklar rolle».',
      'Resultatet for de ansatte på «Håp» er skjult fordi tallet kunne ellers blitt regnet ut for en gruppe med færre enn 5.',
    ]);
    expect(hiddenSentences([{ role: null, constructLabel: 'A', suppressed: 'ROUND_OPEN' }], 5, 'en')).toEqual(
      ['The result for all roles together on “A” is hidden because the round has not closed yet.'],
    );
  });
});
