import { describe, expect, it } from 'vitest';
import { formatPercent, hiddenSentence, responseSentence, scoreSentence } from './sentences';

describe('the report in nynorsk', () => {
  it('writes its sentences in nynorsk, with Norwegian numbers and quotes', () => {
    expect(
      scoreSentence(
        {
          role: 'SERVICE_USER',
          constructLabel: 'Verdi',
          suppressed: null,
          n: 23,
          mean: 4.1,
          spreadSuppressed: null,
          ciLow: 3.8,
          ciHigh: 4.4,
        },
        5,
        'nn',
      ),
    ).toBe('Tenestebrukarane vurderte «Verdi» til 4,1 av 5 (95 % KI 3,8–4,4, n = 23).');
    expect(hiddenSentence('CONSULTANT', 'TOO_FEW', ['A', 'B'], 5, 'nn')).toBe(
      'Resultata for erfaringskonsulentane er skjulte fordi færre enn 5 svarte: «A», «B».',
    );
    expect(formatPercent(0.92, 'nn')).toBe('92 %');
    expect(
      responseSentence(
        {
          roundLabel: 'Oppstart',
          suppressed: null,
          submitted: 44,
          codeUseRate: 0.5,
          completionRate: null,
          k: 5,
        },
        'nn',
      ),
    ).toBe('I runden «Oppstart» blir 44 innsende svar talde, 50 % av kodane vart brukte.');
  });
});
