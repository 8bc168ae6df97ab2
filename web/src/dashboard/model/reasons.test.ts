import { describe, expect, it } from 'vitest';
import { cell, nbTexts } from '../test/fixtures';
import { detailNotes, quartileFactor, spreadFactor } from './reasons';
import rules from '../../../../api/src/analytics/disclosure.ts?raw';

describe('detailNotes', () => {
  it('says nothing where the spread and the median are shown', () => {
    expect(detailNotes(cell({ n: 40 }), nbTexts)).toEqual([]);
  });

  it('gives one note when both the spread and the median need more answers', () => {
    expect(detailNotes(cell({ n: 6 }), nbTexts)).toEqual([
      'Spredning og konfidensintervall vises fra 10 svar, median fra 20',
    ]);
  });

  it('says why each is hidden when the reasons differ', () => {
    expect(
      detailNotes(cell({ n: 25, spreadSuppressed: 'SECONDARY', quartilesSuppressed: 'TOO_FEW' }), nbTexts),
    ).toEqual([
      'Spredning og konfidensintervall er skjult så spredningen i en annen gruppe ikke kan regnes ut',
      'Median vises fra 20 svar',
    ]);
  });
});

describe('the thresholds the notes name', () => {
  // The API sends only the reason; the number of answers in the note comes from these factors, so they must be
  // the ones the API applies.
  it('are the API’s spread and quartile factors', () => {
    const strict = /export const STRICT[^{]*\{([^}]*)\}/.exec(rules)?.[1] ?? '';
    expect(strict).toMatch(new RegExp(`spreadFactor: ${spreadFactor},`));
    expect(strict).toMatch(new RegExp(`quartileFactor: ${quartileFactor},`));
  });
});
