import type { InstrumentDefinitionFieldsFragment } from '@verdi/schema/generated';

type Item = InstrumentDefinitionFieldsFragment['sections'][number]['items'][number];

/** An item as the API returns it, with every field present. */
export function apiItem(fields: Partial<Item> & Pick<Item, 'key'>): Item {
  return {
    type: 'LIKERT',
    construct: null,
    roles: ['SERVICE_USER', 'PROFESSIONAL', 'CONSULTANT'],
    prompt: { nb: `Tekst ${fields.key}`, en: null, nn: null },
    promptByRole: null,
    easyRead: null,
    help: null,
    required: true,
    reverseScored: false,
    scale: 'agree5',
    options: null,
    otherOption: null,
    min: null,
    max: null,
    step: null,
    minLabel: null,
    maxLabel: null,
    earliest: null,
    latest: null,
    maxLength: null,
    showIf: null,
    ...fields,
  };
}

/** Two sections: q1 (yes/no), q2 (Likert, shown if q1 = yes), q3 (choice) | q4 (text), q5 (Likert). */
export function sampleDefinition(): InstrumentDefinitionFieldsFragment {
  return {
    scales: [
      {
        key: 'agree5',
        points: [1, 2, 3, 4, 5].map((value) => ({
          value,
          label: {
            nb: ['Helt uenig', 'Litt uenig', 'Nøytral', 'Litt enig', 'Helt enig'][value - 1]!,
            en: null,
            nn: null,
          },
        })),
        notApplicable: { nb: 'Vet ikke / ikke aktuelt', en: null, nn: null },
      },
    ],
    constructs: [
      {
        key: 'verdi',
        kind: 'VALUE',
        label: { nb: 'Verdi for brukerne', en: null, nn: null },
        description: null,
      },
    ],
    sections: [
      {
        key: 'del1',
        title: { nb: 'Del 1', en: 'Part 1', nn: null },
        randomiseOrder: null,
        grid: null,
        items: [
          apiItem({ key: 'q1', type: 'YES_NO', scale: null }),
          apiItem({ key: 'q2', construct: 'verdi', showIf: { item: 'q1', op: 'EQUALS', values: ['1'] } }),
          apiItem({
            key: 'q3',
            type: 'SINGLE_CHOICE',
            scale: null,
            options: [
              { key: 'a', label: { nb: 'Alternativ A', en: null, nn: null } },
              { key: 'b', label: { nb: 'Alternativ B', en: null, nn: null } },
            ],
          }),
        ],
      },
      {
        key: 'del2',
        title: { nb: 'Del 2', en: null, nn: null },
        randomiseOrder: null,
        grid: null,
        items: [
          apiItem({
            key: 'q4',
            type: 'TEXT',
            scale: null,
            showIf: { item: 'q3', op: 'EQUALS', values: ['b'] },
          }),
          apiItem({ key: 'q5' }),
        ],
      },
    ],
  };
}
