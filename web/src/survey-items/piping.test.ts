import { enableAutoUnmount, mount } from '@vue/test-utils';
import { afterEach, describe, expect, it } from 'vitest';
import SurveyItem from './SurveyItem.vue';
import { answerText, pipe, pipedAnswers, pipedMaxLength } from './piping';
import type { Answer, Answers, SurveyItemDefinition, SurveyScale } from './types';

enableAutoUnmount(afterEach);

const roles = ['SERVICE_USER', 'PROFESSIONAL', 'CONSULTANT'] as const;
const item = (key: string, fields: Partial<SurveyItemDefinition>): SurveyItemDefinition => ({
  key,
  type: 'TEXT',
  roles: [...roles],
  prompt: { nb: key },
  required: false,
  ...fields,
});
const agree: SurveyScale = {
  key: 'agree',
  points: [
    { value: 1, label: { nb: 'Helt uenig', nn: 'Heilt usamd', en: 'Strongly disagree' } },
    { value: 2, label: { nb: 'Helt enig', nn: 'Heilt samd', en: 'Strongly agree' } },
  ],
  notApplicable: { nb: 'Vet ikke' },
};
const options = [
  { key: 'team', label: { nb: 'Ambulant team', nn: 'Ambulant team', en: 'Outreach team' } },
  { key: 'housing', label: { nb: 'Bolig', nn: 'Bustad', en: 'Housing' } },
  { key: 'cafe', label: { nb: 'Kafé' } },
];
const items = {
  where: item('where', { type: 'SINGLE_CHOICE', options }),
  all: item('all', { type: 'MULTI_CHOICE', options, otherOption: true }),
  calm: item('calm', { type: 'YES_NO' }),
  hours: item('hours', { type: 'NUMBER' }),
  start: item('start', { type: 'DATE' }),
  seen: item('seen', { type: 'LIKERT', scale: 'agree' }),
  nps: item('nps', { type: 'NPS' }),
  story: item('story', { type: 'TEXT' }),
};
const text = (key: keyof typeof items, answer: Answer | undefined, language: 'nb' | 'nn' | 'en' = 'nb') =>
  answerText(items[key], answer, language, [agree]);

describe('an earlier answer in words', () => {
  it('gives a choice its label in the page language, several joined as that language lists them', () => {
    expect(text('where', { kind: 'choices', value: ['housing'] }, 'nn')).toBe('Bustad');
    expect(text('where', { kind: 'choices', value: ['housing'] }, 'en')).toBe('Housing');
    const three: Answer = { kind: 'choices', value: ['team', 'housing', 'cafe'] };
    expect(text('all', three, 'nb')).toBe('Ambulant team, Bolig og Kafé');
    expect(text('all', three, 'nn')).toBe('Ambulant team, Bustad og Kafé');
    expect(text('all', three, 'en')).toBe('Outreach team, Housing and Kafé');
    expect(text('all', { kind: 'choices', value: ['team', 'other'], other: ' Skolen ' }, 'nb')).toBe(
      'Ambulant team og Skolen',
    );
    expect(text('all', { kind: 'choices', value: ['other'] }, 'nn')).toBe('Anna');
  });

  it('words yes and no, numbers, dates and scale points as the page language writes them', () => {
    expect(text('calm', { kind: 'number', value: 1 }, 'en')).toBe('Yes');
    expect(text('calm', { kind: 'number', value: 0 }, 'nn')).toBe('Nei');
    expect(text('hours', { kind: 'number', value: 1234.5 }, 'nb')).toBe('1 234,5');
    expect(text('hours', { kind: 'number', value: 1234.5 }, 'nn')).toBe('1 234,5');
    expect(text('hours', { kind: 'number', value: 1234.5 }, 'en')).toBe('1,234.5');
    expect(text('start', { kind: 'text', value: '2026-03-01' }, 'nb')).toBe('1. mars 2026');
    expect(text('start', { kind: 'text', value: '2026-03-01' }, 'en')).toBe('1 March 2026');
    expect(text('seen', { kind: 'number', value: 2 }, 'nn')).toBe('Heilt samd');
    expect(text('seen', { kind: 'number', value: 1 }, 'en')).toBe('Strongly disagree');
    expect(text('nps', { kind: 'number', value: 9 }, 'en')).toBe('9');
  });

  it('shows nothing for no answer or "Vet ikke"', () => {
    expect(text('seen', { kind: 'notApplicable' })).toBe('');
    expect(text('story', undefined)).toBe('');
  });

  it('puts free text on one line and cuts a long one at 200 characters with an ellipsis', () => {
    expect(text('story', { kind: 'text', value: 'Først\nså\r\n\tetter ' })).toBe('Først så etter');
    const long = text('story', { kind: 'text', value: `${'ord '.repeat(100)}` });
    expect([...long]).toHaveLength(pipedMaxLength);
    expect(long.endsWith('…')).toBe(true);
    // Cut by characters as read, not UTF-16 units: an emoji is kept whole or left out.
    const emoji = text('story', { kind: 'text', value: '🙂'.repeat(300) });
    expect([...emoji]).toEqual([...'🙂'.repeat(199), '…']);
    expect(text('story', { kind: 'text', value: 'x'.repeat(200) })).toBe('x'.repeat(200));
  });
});

describe('a text with placeholders', () => {
  const answers: Answers = {
    where: { kind: 'choices', value: ['housing'] },
    story: { kind: 'text', value: 'Vi snakket {{where}} $& $1' },
    hidden: { kind: 'text', value: 'hemmelig' },
  };
  const shown = [items.where, items.story, items.seen];
  const piped = pipedAnswers(shown, answers, 'nb', [agree]);

  it('replaces each by its answer, with spaces inside the braces allowed', () => {
    expect(pipe('Hvorfor {{ where }}, og ikke {{where|noe annet}}?', piped)).toBe(
      'Hvorfor Bolig, og ikke Bolig?',
    );
  });

  it('puts an answer in once, as written: braces and $ patterns in it are not read again', () => {
    expect(pipe('Du skrev: {{story}}', piped)).toBe('Du skrev: Vi snakket {{where}} $& $1');
  });

  it('gives the fallback, or nothing and one space, for unanswered, "Vet ikke" and hidden items', () => {
    expect(pipe('Om {{seen|det du svarte}} nå', piped)).toBe('Om det du svarte nå');
    expect(pipe('Om {{seen}} nå', piped)).toBe('Om nå');
    // An item this participant is not shown has no answer to show, whatever was stored for it.
    expect(pipe('Svar: {{hidden|ingen}}', piped)).toBe('Svar: ingen');
    expect(pipe('{{hidden}} Hva nå?', piped)).toBe('Hva nå?');
    expect(pipe('Om {{seen}}, eller {{seen}}?', piped)).toBe('Om, eller?');
  });

  it('leaves text without placeholders, single braces, and all texts without answers, as they are', () => {
    expect(pipe('Mengde {x} og { "a": 1 }  to mellomrom', piped)).toBe(
      'Mengde {x} og { "a": 1 }  to mellomrom',
    );
    expect(pipe('Om {{where}}', undefined)).toBe('Om {{where}}');
  });
});

describe('a question showing an earlier answer', () => {
  it('shows HTML in the answer as text, in the prompt and the help, under the prompt’s own language', () => {
    const answers: Answers = { story: { kind: 'text', value: '<script>alert(1)</script><b>fet</b>' } };
    const wrapper = mount(SurveyItem, {
      props: {
        item: item('follow', {
          prompt: { nb: 'Hva betyr «{{story}}»?', en: 'What does “{{story}}” mean?' },
          help: { nb: 'Du skrev {{story|ingenting}}.' },
        }),
        role: 'SERVICE_USER',
        language: 'nn',
        scales: [],
        piped: pipedAnswers([items.story], answers, 'nn', []),
      },
    });
    const prompt = wrapper.get('label span');
    expect(prompt.text()).toBe('Hva betyr «<script>alert(1)</script><b>fet</b>»?');
    expect(prompt.attributes('lang')).toBe('nb');
    expect(wrapper.find('script').exists()).toBe(false);
    expect(wrapper.find('b').exists()).toBe(false);
    expect(wrapper.get('.survey-item__help').text()).toBe('Du skrev <script>alert(1)</script><b>fet</b>.');
  });
});
