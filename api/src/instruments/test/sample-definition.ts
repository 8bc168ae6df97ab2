import {
  ConstructKind,
  defaultAgreementScale,
  ItemType,
  RespondentRole,
  ShowIfOperator,
  type InstrumentDefinition,
  type Item,
} from '../definition.types.js';

const ALL = [RespondentRole.SERVICE_USER, RespondentRole.PROFESSIONAL, RespondentRole.CONSULTANT];

export function likert(key: string, construct: string | null, extra: Partial<Item> = {}): Item {
  return {
    key,
    type: ItemType.LIKERT,
    construct,
    roles: ALL,
    prompt: { nb: `Påstand ${key}`, en: `Statement ${key}` },
    required: false,
    reverseScored: false,
    scale: 'agree5',
    ...extra,
  };
}

/** A small three-role instrument that meets every rule: one item, three wordings, plus the other item types. */
export function sampleDefinition(): InstrumentDefinition {
  return {
    scales: [defaultAgreementScale()],
    constructs: [
      {
        key: 'hope',
        kind: ConstructKind.VALUE,
        label: { nb: 'Håp og rollemodeller', en: 'Hope and role models' },
      },
      {
        key: 'role_clarity',
        kind: ConstructKind.CHALLENGE,
        label: { nb: 'Uklar rolle', en: 'Unclear role' },
      },
    ],
    sections: [
      {
        key: 'about',
        title: { nb: 'Om deg', en: 'About you' },
        items: [
          {
            key: 'contact',
            type: ItemType.YES_NO,
            roles: ALL,
            prompt: {
              nb: 'Har du hatt kontakt med en erfaringskonsulent?',
              en: 'Have you been in contact with a peer worker?',
            },
            required: true,
            reverseScored: false,
          },
          {
            key: 'workplace',
            type: ItemType.SINGLE_CHOICE,
            roles: [RespondentRole.PROFESSIONAL, RespondentRole.CONSULTANT],
            prompt: { nb: 'Hvor jobber du?', en: 'Where do you work?' },
            required: false,
            reverseScored: false,
            options: [
              { key: 'ambulant', label: { nb: 'Ambulant team', en: 'Ambulant team' } },
              { key: 'housing', label: { nb: 'Bolig', en: 'Housing' } },
              { key: 'drop_in', label: { nb: 'Lavterskeltilbud', en: 'Drop-in centre' } },
            ],
          },
          {
            key: 'years',
            type: ItemType.NUMBER,
            roles: [RespondentRole.PROFESSIONAL, RespondentRole.CONSULTANT],
            prompt: { nb: 'Hvor mange år har du jobbet der?', en: 'How many years have you worked there?' },
            required: false,
            reverseScored: false,
            min: 0,
            max: 50,
          },
        ],
      },
      {
        key: 'value',
        title: { nb: 'Verdi', en: 'Value' },
        items: [
          likert('hope_1', 'hope', {
            prompt: { nb: 'Erfaringskonsulenten gir meg håp', en: 'The peer worker gives me hope' },
            promptByRole: [
              {
                role: RespondentRole.PROFESSIONAL,
                text: {
                  nb: 'Erfaringskonsulenten gir brukerne håp',
                  en: 'The peer worker gives service users hope',
                },
              },
              {
                role: RespondentRole.CONSULTANT,
                text: { nb: 'Jeg gir brukerne håp', en: 'I give service users hope' },
              },
            ],
            showIf: { item: 'contact', op: ShowIfOperator.EQUALS, values: ['1'] },
          }),
          likert('hope_2', 'hope', { reverseScored: true }),
          likert('role_1', 'role_clarity', {
            roles: [RespondentRole.PROFESSIONAL, RespondentRole.CONSULTANT],
          }),
          {
            key: 'value_text',
            type: ItemType.TEXT,
            roles: ALL,
            prompt: { nb: 'Hva er verdien for deg?', en: 'What is the value to you?' },
            required: false,
            reverseScored: false,
            maxLength: 1000,
            showIf: { item: 'workplace', op: ShowIfOperator.ONE_OF, values: ['ambulant', 'housing'] },
          },
          {
            key: 'recommend',
            type: ItemType.NPS,
            roles: [RespondentRole.SERVICE_USER],
            prompt: { nb: 'Ville du anbefalt dette til andre?', en: 'Would you recommend this to others?' },
            required: false,
            reverseScored: false,
            showIf: { item: 'hope_2', op: ShowIfOperator.GREATER_THAN, values: ['2'] },
          },
        ],
      },
    ],
  };
}
