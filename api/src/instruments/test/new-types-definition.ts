import {
  ConstructKind,
  defaultAgreementScale,
  ItemType,
  RespondentRole,
  ShowIfOperator,
  type InstrumentDefinition,
} from '../definition.types.js';
import { likert } from './sample-definition.js';

const ALL = [RespondentRole.SERVICE_USER, RespondentRole.PROFESSIONAL, RespondentRole.CONSULTANT];
const plain = { roles: ALL, required: false, reverseScored: false };

/**
 * An instrument with a slider (scored in a construct, reverse-scored), a date with bounds, and single and multiple
 * choice items offering "other, specify", in nb, nn and en; a show-if on "other" and one on the slider.
 */
export function newTypesDefinition(): InstrumentDefinition {
  return {
    scales: [defaultAgreementScale()],
    constructs: [
      {
        key: 'wellbeing',
        kind: ConstructKind.OUTCOME,
        label: { nb: 'Trivsel', en: 'Well-being', nn: 'Trivnad' },
      },
    ],
    sections: [
      {
        key: 'about',
        title: { nb: 'Om deg', en: 'About you', nn: 'Om deg' },
        items: [
          {
            ...plain,
            key: 'mood',
            type: ItemType.SLIDER,
            construct: 'wellbeing',
            prompt: {
              nb: 'Hvordan har du det i dag?',
              en: 'How are you today?',
              nn: 'Korleis har du det i dag?',
            },
            min: 0,
            max: 10,
            step: 0.5,
            minLabel: { nb: 'Svært dårlig', en: 'Very bad', nn: 'Svært dårleg' },
            maxLabel: { nb: 'Svært godt', en: 'Very good', nn: 'Svært godt' },
          },
          {
            ...plain,
            key: 'strain',
            type: ItemType.SLIDER,
            construct: 'wellbeing',
            reverseScored: true,
            prompt: { nb: 'Hvor sliten er du?', en: 'How tired are you?', nn: 'Kor sliten er du?' },
            min: 0,
            max: 10,
            step: 0.5,
          },
          {
            ...plain,
            key: 'started',
            type: ItemType.DATE,
            prompt: { nb: 'Når begynte du?', en: 'When did you start?', nn: 'Når byrja du?' },
            earliest: '2020-01-01',
            latest: '2026-12-31',
          },
          {
            ...plain,
            key: 'workplace',
            type: ItemType.SINGLE_CHOICE,
            otherOption: true,
            prompt: { nb: 'Hvor jobber du?', en: 'Where do you work?', nn: 'Kvar jobbar du?' },
            options: [
              { key: 'ambulant', label: { nb: 'Ambulant team', en: 'Ambulant team', nn: 'Ambulant team' } },
              { key: 'housing', label: { nb: 'Bolig', en: 'Housing', nn: 'Bustad' } },
            ],
          },
          {
            ...plain,
            key: 'help',
            type: ItemType.MULTI_CHOICE,
            otherOption: true,
            prompt: { nb: 'Hva hjalp deg?', en: 'What helped you?', nn: 'Kva hjelpte deg?' },
            options: [
              { key: 'talk', label: { nb: 'Samtaler', en: 'Talks', nn: 'Samtalar' } },
              { key: 'walk', label: { nb: 'Turer', en: 'Walks', nn: 'Turar' } },
            ],
          },
          likert('other_followup', null, {
            prompt: {
              nb: 'Var det annet stedet bra?',
              en: 'Was the other place good?',
              nn: 'Var den andre staden bra?',
            },
            showIf: { item: 'workplace', op: ShowIfOperator.EQUALS, values: ['other'] },
          }),
          {
            ...plain,
            key: 'calm',
            type: ItemType.YES_NO,
            prompt: { nb: 'Er du rolig?', en: 'Are you calm?', nn: 'Er du roleg?' },
            showIf: { item: 'mood', op: ShowIfOperator.GREATER_THAN, values: ['7.5'] },
          },
        ],
      },
    ],
  };
}
