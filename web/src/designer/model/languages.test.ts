import { describe, expect, it } from 'vitest';
import { missingByLanguage } from './languages';

const scale = {
  key: 'agree',
  points: [
    { value: 1, label: { nb: 'Uenig', nn: 'Usamd', en: 'Disagree' } },
    { value: 2, label: { nb: 'Enig', nn: 'Samd', en: null } },
  ],
  notApplicable: { nb: 'Vet ikke', nn: 'Veit ikkje', en: "Don't know" },
};

describe('which languages a draft is complete in', () => {
  it('names the items, section titles and scales in use that miss a text, per language', () => {
    const sections = [
      {
        title: { nb: 'Om deg', nn: 'Om deg', en: '' },
        items: [
          {
            key: 'q1',
            scale: 'agree',
            prompt: { nb: 'Påstand', nn: 'Påstand', en: 'Statement' },
            promptByRole: [{ role: 'CONSULTANT', text: { nb: 'Jeg', nn: null, en: 'I' } }],
            showIf: null,
          },
          {
            key: 'q2',
            options: [{ key: 'a', label: { nb: 'A', nn: 'A', en: 'A' } }],
            help: { nb: 'Hjelp', nn: 'Hjelp', en: ' ' },
          },
        ],
      },
    ];
    expect(missingByLanguage(sections, [scale, { ...scale, key: 'unused', points: [] }])).toEqual({
      nb: [],
      nn: ['q1'],
      en: ['#1', 'q2', 'agree'],
    });
  });

  it('passes over optional texts left empty in every language, as the draft saves them as none', () => {
    const sections = [
      {
        title: { nb: 'Om deg', nn: 'Om deg', en: 'About you' },
        items: [
          {
            key: 'mood',
            prompt: { nb: 'Hvordan?', nn: 'Korleis?', en: 'How?' },
            help: { nb: '', nn: '', en: '' },
            minLabel: { nb: 'Dårlig', nn: 'Dårleg', en: 'Bad' },
            maxLabel: { nb: 'Godt', nn: '', en: 'Good' },
          },
        ],
      },
    ];
    expect(missingByLanguage(sections, [])).toEqual({ nb: [], nn: ['mood'], en: [] });
  });
});
