import { describe, expect, it } from 'vitest';
import { cell, nbTexts } from '../test/fixtures';
import { detailNotes, quartileFactor, spreadFactor } from './reasons';
import rules from '../../../../api/src/analytics/disclosure.ts?raw';

describe('detailNotes', () => {
  it('says nothing where the spread is shown, although the median never is', () => {
    expect(detailNotes(cell({ n: 40 }), nbTexts)).toEqual([]);
  });

  it('says from how many answers the spread is shown, and nothing of the median', () => {
    expect(detailNotes(cell({ n: 6 }), nbTexts)).toEqual([
      'Spredning og konfidensintervall vises fra 10 svar',
    ]);
  });

  it('says why the spread is hidden, whatever the reason the median is', () => {
    for (const quartilesSuppressed of ['TOO_FEW', 'SECONDARY'] as const)
      expect(
        detailNotes(cell({ n: 25, spreadSuppressed: 'SECONDARY', quartilesSuppressed }), nbTexts),
      ).toEqual([
        'Spredning og konfidensintervall er skjult så spredningen i en annen gruppe ikke kan regnes ut',
      ]);
  });
});

describe('the thresholds the notes name', () => {
  // The API sends only the reason; the number of answers in the note comes from these factors, so they must be
  // the ones the API applies.
  it('are the API’s spread and quartile factors, and the median is never shown', () => {
    const strict = /export const STRICT[^{]*\{([^}]*)\}/.exec(rules)?.[1] ?? '';
    expect(strict).toMatch(new RegExp(`spreadFactor: ${spreadFactor},`));
    expect(strict).toMatch(new RegExp(`quartileFactor: ${quartileFactor},`));
    expect(quartileFactor).toBe(Infinity);
  });
});
