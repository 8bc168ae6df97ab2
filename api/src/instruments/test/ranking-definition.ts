import { ItemType, RespondentRole, type InstrumentDefinition, type Item } from '../definition.types.js';

const ALL = [RespondentRole.SERVICE_USER, RespondentRole.PROFESSIONAL, RespondentRole.CONSULTANT];

/** A required ranking of three options and an optional one of two, in nb, nn and en. */
export function rankingDefinition(): InstrumentDefinition {
  const priorities: Item = {
    key: 'priorities',
    type: ItemType.RANKING,
    roles: ALL,
    required: true,
    reverseScored: false,
    prompt: {
      nb: 'Hva er viktigst for deg?',
      en: 'What matters most to you?',
      nn: 'Kva er viktigast for deg?',
    },
    options: [
      { key: 'housing', label: { nb: 'Bolig', en: 'Housing', nn: 'Bustad' } },
      { key: 'work', label: { nb: 'Arbeid', en: 'Work', nn: 'Arbeid' } },
      { key: 'friends', label: { nb: 'Venner', en: 'Friends', nn: 'Vener' } },
    ],
  };
  const places: Item = {
    key: 'places',
    type: ItemType.RANKING,
    roles: ALL,
    required: false,
    reverseScored: false,
    prompt: { nb: 'Hvor trives du best?', en: 'Where do you thrive?', nn: 'Kvar trivst du best?' },
    options: [
      { key: 'home', label: { nb: 'Hjemme', en: 'At home', nn: 'Heime' } },
      { key: 'out', label: { nb: 'Ute', en: 'Outside', nn: 'Ute' } },
    ],
  };
  return {
    scales: [],
    constructs: [],
    sections: [
      {
        key: 'what',
        title: { nb: 'Det viktigste', en: 'What matters', nn: 'Det viktigaste' },
        items: [priorities, places],
      },
    ],
  };
}
