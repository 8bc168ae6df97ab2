import { GraphQLError } from 'graphql';
import { describe, expect, it } from 'vitest';
import { problemsOf } from '../definition.rules.js';
import { ItemType, RespondentRole, ShowIfOperator, type Item } from '../definition.types.js';
import { importSurveyJs } from './surveyjs.js';

const ALL_ROLES = [RespondentRole.SERVICE_USER, RespondentRole.PROFESSIONAL, RespondentRole.CONSULTANT];

/** An expected item: the fields every imported item shares, plus those given. */
function item(fields: Partial<Item> & Pick<Item, 'key' | 'type' | 'prompt'>): Item {
  return { roles: ALL_ROLES, required: false, reverseScored: false, ...fields };
}

const agreement = [
  ['Helt uenig', 'Strongly disagree'],
  ['Litt uenig', 'Somewhat disagree'],
  ['Verken eller', 'Neither'],
  ['Litt enig', 'Somewhat agree'],
  ['Helt enig', 'Strongly agree'],
];

/** A service-user survey as the SurveyJS Creator saves it: three pages, bokmål as the default language, English. */
const survey = {
  title: { default: 'Brukerundersøkelse', en: 'User survey' },
  description: 'Spørsmål om <i>tjenesten</i>',
  pages: [
    {
      name: 'Om deg',
      title: { default: 'Om deg', en: 'About you' },
      elements: [
        { type: 'html', name: 'intro', html: '<p>Velkommen</p>' },
        {
          type: 'radiogroup',
          name: 'role',
          title: { default: 'Hva er din rolle?', en: 'What is your role?' },
          isRequired: true,
          showOtherItem: true,
          choices: [
            { value: 'bruker', text: { default: 'Tjenestebruker', en: 'Service user' } },
            { value: 'ansatt', text: { default: 'Ansatt', en: 'Employee' } },
            { value: 'Annen rolle', text: { default: 'Annen rolle', en: 'Other role' } },
          ],
        },
        {
          type: 'boolean',
          name: 'first_time',
          title: { default: 'Er dette første gang du svarer?', en: 'Is this your first time?' },
        },
        {
          type: 'text',
          name: 'age',
          inputType: 'number',
          min: 16,
          max: 99,
          title: 'Alder',
          description: '<b>Hele</b> år',
          visibleIf: "{role} = 'bruker'",
        },
        {
          type: 'checkbox',
          name: 'services',
          title: 'Hvilke tjenester bruker du?',
          hasNone: true,
          choices: [
            { value: 'samtale', text: 'Samtale' },
            { value: 'gruppe', text: 'Gruppe' },
            'Aktivitet|Aktivitetstilbud',
          ],
        },
      ],
    },
    {
      name: 'tjenesten',
      title: 'Om tjenesten',
      elements: [
        {
          type: 'rating',
          name: 'satisfaction',
          title: { default: 'Hvor fornøyd er du?', en: 'How satisfied are you?' },
          isRequired: true,
          minRateDescription: { default: 'Svært misfornøyd', en: 'Very dissatisfied' },
          maxRateDescription: { default: 'Svært fornøyd', en: 'Very satisfied' },
        },
        {
          type: 'rating',
          name: 'recommend',
          title: 'Hvor sannsynlig er det at du anbefaler tjenesten?',
          rateMin: 0,
          rateMax: 10,
          visibleIf: '{satisfaction} > 2',
        },
        {
          type: 'comment',
          name: 'why_low',
          title: 'Hva kan bli bedre?',
          maxLength: 500,
          visibleIf: '{recommend} < 7',
        },
        {
          type: 'matrix',
          name: 'trivsel',
          title: { default: 'Hvor enig er du?', en: 'How much do you agree?' },
          isAllRowRequired: true,
          visibleIf: '{first_time} = true',
          columns: agreement.map(([nb, en], index) => ({ value: index + 1, text: { default: nb, en } })),
          rows: [
            {
              value: 'respekt',
              text: { default: 'Jeg blir møtt med respekt', en: 'I am treated with respect' },
            },
            { value: 'lytter', text: { default: 'De ansatte lytter til meg', en: 'The staff listen to me' } },
            { value: 'trygg', text: { default: 'Jeg føler meg trygg', en: 'I feel safe' } },
          ],
        },
        {
          type: 'rating',
          name: 'helpfulness',
          title: 'Hvor nyttige var samtalene?',
          visibleIf: "{services} contains 'samtale'",
          minRateDescription: { default: 'Svært misfornøyd', en: 'Very dissatisfied' },
          maxRateDescription: { default: 'Svært fornøyd', en: 'Very satisfied' },
        },
      ],
    },
    {
      name: '3 Avslutning',
      title: 'Avslutning',
      elements: [
        {
          type: 'panel',
          name: 'followup',
          title: 'Oppfølging',
          elements: [
            {
              type: 'text',
              name: 'contact_time',
              inputType: 'time',
              title: 'Når passer det å bli kontaktet?',
              visibleIf: '{trivsel.respekt} == 4',
            },
            {
              type: 'dropdown',
              name: 'channel',
              title: 'Hvordan vil du bli kontaktet?',
              choices: ['telefon', 'sms'],
              visibleIf: "{role} anyof ['bruker', 'ansatt']",
            },
          ],
        },
        {
          type: 'text',
          name: 'Other Comment',
          title: 'Noe annet?',
          visibleIf: "{role} = 'bruker' and {age} > 18",
        },
        { type: 'comment', name: 'final', title: { en: 'Anything else?' }, visibleIf: '{satisfaction} = 3' },
      ],
    },
  ],
};

/** Runs `action` and returns the error it throws. */
function errorOf(action: () => unknown): GraphQLError {
  try {
    action();
  } catch (error) {
    return error as GraphQLError;
  }
  throw new Error('expected an error');
}

/** Imports a one-page survey of these elements. */
function importElements(elements: unknown[], extra: Record<string, unknown> = {}) {
  return importSurveyJs(JSON.stringify({ ...extra, pages: [{ name: 'page1', title: 'Side 1', elements }] }));
}

describe('importSurveyJs: a realistic survey', () => {
  const result = importSurveyJs(JSON.stringify(survey));
  const [aboutYou, service, closing] = result.definition.sections;

  it('takes the name from the title in bokmål and the description without HTML', () => {
    expect(result.name).toBe('Brukerundersøkelse');
    expect(result.description).toBe('Spørsmål om tjenesten');
    expect(importSurveyJs(JSON.stringify(survey), 'Eget navn').name).toBe('Eget navn');
  });

  it('meets every definition rule', () => {
    expect(problemsOf(result.definition)).toEqual([]);
  });

  it('makes one section per page, with valid keys and localised titles', () => {
    expect(result.definition.sections.map((s) => [s.key, s.title])).toEqual([
      ['om_deg', { nb: 'Om deg', en: 'About you' }],
      ['tjenesten', { nb: 'Om tjenesten' }],
      ['s_3_avslutning', { nb: 'Avslutning' }],
    ]);
    expect(result.definition.constructs).toEqual([]);
  });

  it('makes one scale for the two 1–5 ratings with the same end labels, and one for the matrix columns', () => {
    expect(result.definition.scales).toEqual([
      {
        key: 'rating_1_5',
        points: [
          { value: 1, label: { nb: 'Svært misfornøyd', en: 'Very dissatisfied' } },
          { value: 2, label: { nb: '2' } },
          { value: 3, label: { nb: '3' } },
          { value: 4, label: { nb: '4' } },
          { value: 5, label: { nb: 'Svært fornøyd', en: 'Very satisfied' } },
        ],
      },
      {
        key: 'matrix_1_5',
        points: agreement.map(([nb, en], index) => ({ value: index + 1, label: { nb, en } })),
      },
    ]);
  });

  it('maps the first page: the html element left out, choices, yes/no and a bounded number', () => {
    expect(aboutYou!.items).toEqual([
      item({
        key: 'role',
        type: ItemType.SINGLE_CHOICE,
        prompt: { nb: 'Hva er din rolle?', en: 'What is your role?' },
        required: true,
        options: [
          { key: 'bruker', label: { nb: 'Tjenestebruker', en: 'Service user' } },
          { key: 'ansatt', label: { nb: 'Ansatt', en: 'Employee' } },
          { key: 'annen_rolle', label: { nb: 'Annen rolle', en: 'Other role' } },
        ],
      }),
      item({
        key: 'first_time',
        type: ItemType.YES_NO,
        prompt: { nb: 'Er dette første gang du svarer?', en: 'Is this your first time?' },
      }),
      item({
        key: 'age',
        type: ItemType.NUMBER,
        prompt: { nb: 'Alder' },
        help: { nb: 'Hele år' },
        min: 16,
        max: 99,
        showIf: { item: 'role', op: ShowIfOperator.EQUALS, values: ['bruker'] },
      }),
      item({
        key: 'services',
        type: ItemType.MULTI_CHOICE,
        prompt: { nb: 'Hvilke tjenester bruker du?' },
        options: [
          { key: 'samtale', label: { nb: 'Samtale' } },
          { key: 'gruppe', label: { nb: 'Gruppe' } },
          { key: 'aktivitet', label: { nb: 'Aktivitetstilbud' } },
        ],
      }),
    ]);
  });

  it('maps the second page: Likert and NPS ratings, a comment and the matrix rows as Likert items', () => {
    const row = (key: string, nb: string, en: string): Item =>
      item({
        key,
        type: ItemType.LIKERT,
        prompt: { nb, en },
        help: { nb: 'Hvor enig er du?', en: 'How much do you agree?' },
        required: true,
        scale: 'matrix_1_5',
        showIf: { item: 'first_time', op: ShowIfOperator.EQUALS, values: ['1'] },
      });
    expect(service!.items).toEqual([
      item({
        key: 'satisfaction',
        type: ItemType.LIKERT,
        prompt: { nb: 'Hvor fornøyd er du?', en: 'How satisfied are you?' },
        required: true,
        scale: 'rating_1_5',
      }),
      item({
        key: 'recommend',
        type: ItemType.NPS,
        prompt: { nb: 'Hvor sannsynlig er det at du anbefaler tjenesten?' },
        showIf: { item: 'satisfaction', op: ShowIfOperator.GREATER_THAN, values: ['2'] },
      }),
      item({
        key: 'why_low',
        type: ItemType.TEXT,
        prompt: { nb: 'Hva kan bli bedre?' },
        maxLength: 500,
        showIf: { item: 'recommend', op: ShowIfOperator.LESS_THAN, values: ['7'] },
      }),
      row('trivsel_respekt', 'Jeg blir møtt med respekt', 'I am treated with respect'),
      row('trivsel_lytter', 'De ansatte lytter til meg', 'The staff listen to me'),
      row('trivsel_trygg', 'Jeg føler meg trygg', 'I feel safe'),
      item({
        key: 'helpfulness',
        type: ItemType.LIKERT,
        prompt: { nb: 'Hvor nyttige var samtalene?' },
        scale: 'rating_1_5',
        showIf: { item: 'services', op: ShowIfOperator.EQUALS, values: ['samtale'] },
      }),
    ]);
  });

  it('maps the third page: the panel flattened, matrix-row, anyof and numeric conditions, the complex one dropped', () => {
    expect(closing!.items).toEqual([
      item({
        key: 'contact_time',
        type: ItemType.TEXT,
        prompt: { nb: 'Når passer det å bli kontaktet?' },
        showIf: { item: 'trivsel_respekt', op: ShowIfOperator.EQUALS, values: ['4'] },
      }),
      item({
        key: 'channel',
        type: ItemType.SINGLE_CHOICE,
        prompt: { nb: 'Hvordan vil du bli kontaktet?' },
        options: [
          { key: 'telefon', label: { nb: 'telefon' } },
          { key: 'sms', label: { nb: 'sms' } },
        ],
        showIf: { item: 'role', op: ShowIfOperator.ONE_OF, values: ['bruker', 'ansatt'] },
      }),
      item({ key: 'other_comment', type: ItemType.TEXT, prompt: { nb: 'Noe annet?' } }),
      item({
        key: 'final',
        type: ItemType.TEXT,
        prompt: { nb: 'Anything else?', en: 'Anything else?' },
        showIf: { item: 'satisfaction', op: ShowIfOperator.EQUALS, values: ['3'] },
      }),
    ]);
  });

  it('names everything it could not take over, element by element', () => {
    expect(result.unmapped).toEqual([
      'intro: the html element has no counterpart in Verdi (it shows fixed HTML content, which Verdi has no element for); it was left out',
      'role: the "Other" choice with its text box has no counterpart in Verdi; it was left out',
      'role: choice value "Annen rolle" is stored as option key "annen_rolle"',
      'services: the "None" choice has no counterpart in Verdi; it was left out',
      'services: choice value "Aktivitet" is stored as option key "aktivitet"',
      'trivsel: each row of the matrix is imported as an item of its own (trivsel_respekt, trivsel_lytter, trivsel_trygg), with the matrix title as help text',
      'followup: the panel grouping and its title "Oppfølging" are dropped; its questions are imported into section s_3_avslutning',
      'contact_time: input type "time" has no counterpart in Verdi; the question is imported as free text',
      'Other Comment: the name is not a valid Verdi key; the item\'s key is "other_comment"',
      'Other Comment: visibleIf "{role} = \'bruker\' and {age} > 18" cannot be expressed in Verdi: it joins several conditions with "and"; the item is always shown',
      'final: has no bokmål text; the "en" text is used as bokmål and should be translated',
    ]);
  });
});

describe('importSurveyJs: languages', () => {
  it('reads nb, then no, then the default text as bokmål, and en and nn where given', () => {
    const result = importElements([
      {
        type: 'comment',
        name: 'a',
        title: { default: 'Standard', no: 'Norsk', en: 'English', nn: 'Nynorsk' },
      },
      { type: 'comment', name: 'b', title: { default: 'Standard', nb: 'Bokmål', no: 'Norsk' } },
    ]);
    expect(result.definition.sections[0]!.items.map((i) => i.prompt)).toEqual([
      { nb: 'Norsk', en: 'English', nn: 'Nynorsk' },
      { nb: 'Bokmål' },
    ]);
    expect(result.unmapped).toEqual([]);
  });

  it('takes the default texts of an English survey as English, and as bokmål only with a note', () => {
    const result = importSurveyJs(
      JSON.stringify({
        locale: 'en',
        title: 'Follow-up',
        elements: [
          { type: 'boolean', name: 'q1', title: 'Did it help?' },
          { type: 'boolean', name: 'q2', title: { default: 'Was it easy?', nb: 'Var det enkelt?' } },
        ],
      }),
    );
    expect(result.name).toBe('Follow-up');
    const [section] = result.definition.sections;
    expect(section!.key).toBe('page1');
    expect(section!.title).toEqual({ nb: 'Follow-up', en: 'Follow-up' });
    expect(section!.items.map((i) => i.prompt)).toEqual([
      { nb: 'Did it help?', en: 'Did it help?' },
      { nb: 'Var det enkelt?', en: 'Was it easy?' },
    ]);
    expect(result.unmapped).toEqual([
      'q1: has no bokmål text; the default text is used as bokmål and should be translated',
    ]);
    expect(problemsOf(result.definition)).toEqual([]);
  });

  it('names the survey "SurveyJS import" when it has no title', () => {
    const result = importElements([{ type: 'boolean', name: 'q1' }]);
    expect(result.name).toBe('SurveyJS import');
    expect(result.description).toBeNull();
    expect(result.definition.sections[0]!.items[0]!.prompt).toEqual({ nb: 'q1' });
  });
});

describe('importSurveyJs: ratings and matrices', () => {
  it('builds scales from rateValues, rateCount and rateMin..rateMax and shares identical ones', () => {
    const result = importElements([
      { type: 'rating', name: 'r1' },
      { type: 'rating', name: 'r2', rateCount: 5 },
      { type: 'rating', name: 'r3', rateMin: 1, rateMax: 7 },
      {
        type: 'rating',
        name: 'r4',
        rateValues: [
          { value: 1, text: 'Aldri' },
          { value: 2, text: 'Noen ganger' },
          { value: 3, text: 'Ofte' },
        ],
      },
      {
        type: 'rating',
        name: 'r5',
        rateValues: [1, 2, 3, 4, 5],
        minRateDescription: 'Lite',
        maxRateDescription: 'Mye',
      },
      { type: 'rating', name: 'r6', rateCount: 11, rateMin: 0, minRateDescription: 'Usannsynlig' },
    ]);
    expect(
      result.definition.scales.map((s) => [s.key, s.points.map((p) => `${p.value}=${p.label.nb}`).join(' ')]),
    ).toEqual([
      ['rating_1_5', '1=1 2=2 3=3 4=4 5=5'],
      ['rating_1_7', '1=1 2=2 3=3 4=4 5=5 6=6 7=7'],
      ['rating_1_3', '1=Aldri 2=Noen ganger 3=Ofte'],
      ['rating_1_5_2', '1=Lite 2=2 3=3 4=4 5=Mye'],
    ]);
    expect(result.definition.sections[0]!.items.map((i) => [i.key, i.type, i.scale])).toEqual([
      ['r1', ItemType.LIKERT, 'rating_1_5'],
      ['r2', ItemType.LIKERT, 'rating_1_5'],
      ['r3', ItemType.LIKERT, 'rating_1_7'],
      ['r4', ItemType.LIKERT, 'rating_1_3'],
      ['r5', ItemType.LIKERT, 'rating_1_5_2'],
      ['r6', ItemType.NPS, undefined],
    ]);
    expect(result.unmapped).toEqual([
      'r6: the rating from 0 to 10 is imported as an NPS item, which has no labels; its labels are dropped',
    ]);
    expect(problemsOf(result.definition)).toEqual([]);
  });

  it('imports a rating with words for values as a single-choice question', () => {
    const result = importElements([{ type: 'rating', name: 'mood', rateValues: ['lav', 'middels', 'høy'] }]);
    expect(result.definition.sections[0]!.items[0]).toMatchObject({
      type: ItemType.SINGLE_CHOICE,
      options: [
        { key: 'lav', label: { nb: 'lav' } },
        { key: 'middels', label: { nb: 'middels' } },
        { key: 'hoy', label: { nb: 'høy' } },
      ],
    });
    expect(result.unmapped).toEqual([
      'mood: choice value "høy" is stored as option key "hoy"',
      'mood: the rate values are not whole numbers, so the rating is imported as a single-choice question',
    ]);
    expect(problemsOf(result.definition)).toEqual([]);
  });

  it('imports a matrix with word columns as single-choice rows, and reports a required matrix', () => {
    const result = importElements([
      {
        type: 'matrix',
        name: 'Hverdag',
        isRequired: true,
        columns: ['aldri', 'ofte'],
        rows: ['søvn', { value: 'mat', text: 'Måltider' }],
      },
      { type: 'text', name: 'more', visibleIf: "{Hverdag.mat} = 'ofte'" },
    ]);
    const items = result.definition.sections[0]!.items;
    expect(items.map((i) => [i.key, i.type, i.prompt.nb, i.required, i.help])).toEqual([
      ['hverdag_sovn', ItemType.SINGLE_CHOICE, 'søvn', true, undefined],
      ['hverdag_mat', ItemType.SINGLE_CHOICE, 'Måltider', true, undefined],
      ['more', ItemType.TEXT, 'more', false, undefined],
    ]);
    expect(items[0]!.options?.map((o) => o.key)).toEqual(['aldri', 'ofte']);
    expect(items[2]!.showIf).toEqual({ item: 'hverdag_mat', op: ShowIfOperator.EQUALS, values: ['ofte'] });
    expect(result.unmapped).toEqual([
      'Hverdag: the column values are not all whole numbers, so each row is imported as a single-choice item with the columns as options',
      'Hverdag: SurveyJS asks for at least one row of a required matrix, which Verdi cannot express; every row is required',
      'Hverdag: each row of the matrix is imported as an item of its own (hverdag_sovn, hverdag_mat)',
    ]);
    expect(problemsOf(result.definition)).toEqual([]);
  });
});

describe('importSurveyJs: visibleIf', () => {
  const base = [
    { type: 'radiogroup', name: 'colour', choices: ['red', 'green', 'blue'] },
    { type: 'checkbox', name: 'days', choices: ['mon', 'tue'] },
    { type: 'text', name: 'note' },
    { type: 'text', name: 'count', inputType: 'number' },
  ];
  const conditionOf = (visibleIf: string) => {
    const result = importElements([...base, { type: 'boolean', name: 'target', visibleIf }]);
    expect(problemsOf(result.definition)).toEqual([]);
    return { showIf: result.definition.sections[0]!.items.at(-1)!.showIf, unmapped: result.unmapped };
  };
  const dropped = (visibleIf: string, reason: string) => ({
    showIf: undefined,
    unmapped: [
      `target: visibleIf "${visibleIf}" cannot be expressed in Verdi: ${reason}; the item is always shown`,
    ],
  });

  it('maps "or" between equals on one question, brackets and word operators', () => {
    expect(conditionOf("{colour} = 'red' or {colour} == 'blue'").showIf).toEqual({
      item: 'colour',
      op: ShowIfOperator.ONE_OF,
      values: ['red', 'blue'],
    });
    expect(conditionOf("({colour} equal 'RED')").showIf).toEqual({
      item: 'colour',
      op: ShowIfOperator.EQUALS,
      values: ['red'],
    });
    expect(conditionOf("{days} contains 'tue' or {days} contains 'mon'").showIf).toEqual({
      item: 'days',
      op: ShowIfOperator.ONE_OF,
      values: ['tue', 'mon'],
    });
    expect(conditionOf('{count} greater -1').showIf).toEqual({
      item: 'count',
      op: ShowIfOperator.GREATER_THAN,
      values: ['-1'],
    });
  });

  it('leaves out and reports what Verdi cannot express', () => {
    const cases: [string, string][] = [
      ['{colour} notempty', 'the operator "notempty" has no counterpart in Verdi'],
      ["{colour} != 'red'", 'the operator "!=" has no counterpart in Verdi'],
      ["{colour} = 'red' or {count} > 2", 'it joins conditions on several questions with "or"'],
      ['age({count}) > 18', 'it calls the function age()'],
      ["!({colour} = 'red')", 'it uses negation'],
      ["{days} = 'mon'", '"=" compares the whole selection of the multiple-choice question days'],
      [
        "{colour} contains 'r'",
        '"contains" is only understood on a multiple-choice question, which colour is not',
      ],
      ["{note} = 'x'", 'note is a text question, whose answers cannot be compared'],
      ["{colour} = 'pink'", 'show-if on colour expects option "pink", which colour does not have'],
      ["{colour} > 'red'", 'show-if on colour: options cannot be greater or less than each other'],
      ["{count} = 'many'", 'it compares count with "many", which is not a number'],
      ['{later} = 1', 'it refers to later, which does not come before it'],
      ['{nowhere} = 1', 'it refers to nowhere, which the survey does not have'],
      ['{count} = {note}', 'it compares two answers with each other'],
      ["{colour} = 'red", 'it uses "\'", which Verdi does not understand'],
    ];
    for (const [visibleIf, reason] of cases) {
      const result = importElements([
        ...base,
        { type: 'boolean', name: 'target', visibleIf },
        { type: 'boolean', name: 'later' },
      ]);
      expect({ showIf: result.definition.sections[0]!.items[4]!.showIf, unmapped: result.unmapped }).toEqual(
        dropped(visibleIf, reason),
      );
      expect(problemsOf(result.definition)).toEqual([]);
    }
  });

  it('gives the questions of a panel its condition, and joins it with their own', () => {
    const result = importElements([
      { type: 'boolean', name: 'consent' },
      {
        type: 'panel',
        name: 'more',
        visibleIf: '{consent} = true',
        elements: [
          { type: 'boolean', name: 'q1' },
          { type: 'boolean', name: 'q2', visibleIf: '{q1} = false' },
        ],
      },
    ]);
    const [, q1, q2] = result.definition.sections[0]!.items;
    expect(q1!.showIf).toEqual({ item: 'consent', op: ShowIfOperator.EQUALS, values: ['1'] });
    expect(q2!.showIf).toBeUndefined();
    expect(result.unmapped).toEqual([
      'more: the panel grouping is dropped; its questions are imported into section page1',
      'q2: visibleIf "({consent} = true) and ({q1} = false)" cannot be expressed in Verdi: it joins several conditions with "and"; the item is always shown',
    ]);
  });
});

describe('importSurveyJs: what is left out', () => {
  it('reports every element type without a counterpart, hidden elements and dropped settings', () => {
    const types = [
      'expression',
      'file',
      'signaturepad',
      'paneldynamic',
      'matrixdropdown',
      'matrixdynamic',
      'ranking',
      'imagepicker',
      'slider3d',
    ];
    const result = importElements([
      ...types.map((type) => ({ type, name: `x_${type}` })),
      { type: 'boolean', name: 'hidden', visible: false },
      { type: 'boolean', name: 'kept', requiredIf: '{x} = 1', labelTrue: 'Absolutt', labelFalse: 'Nei' },
      { type: 'checkbox', name: 'few', choices: ['a'] },
      { type: 'text', name: 'mail', inputType: 'email', maxLength: 50000 },
      { type: 'text', name: '2nd', title: 'Hei {kept}' },
      { type: 'boolean', name: '2ND' },
    ]);
    expect(result.unmapped).toEqual([
      'x_expression: the expression element has no counterpart in Verdi (it shows a computed value, which Verdi has no element for); it was left out',
      'x_file: the file element has no counterpart in Verdi (Verdi does not take file uploads); it was left out',
      'x_signaturepad: the signaturepad element has no counterpart in Verdi (Verdi does not take signatures); it was left out',
      'x_paneldynamic: the paneldynamic element has no counterpart in Verdi (Verdi has no repeating groups of questions); it was left out',
      'x_matrixdropdown: the matrixdropdown element has no counterpart in Verdi (Verdi has no matrix of drop-downs); it was left out',
      'x_matrixdynamic: the matrixdynamic element has no counterpart in Verdi (Verdi has no matrix with rows added by the respondent); it was left out',
      'x_ranking: the ranking element has no counterpart in Verdi (Verdi has no ranking question); it was left out',
      'x_imagepicker: the imagepicker element has no counterpart in Verdi (Verdi has no choice among images); it was left out',
      'x_slider3d: element type "slider3d" has no counterpart in Verdi; it was left out',
      'hidden: the element is hidden (visible: false); it was left out',
      'kept: the labels "Absolutt", "Nei" are dropped; Verdi shows its own yes and no',
      'kept: "requiredIf" has no counterpart in Verdi; it was dropped',
      'few: the question has only one choice Verdi can take over; it was left out',
      'mail: input type "email" has no counterpart in Verdi; the question is imported as free text',
      "mail: the maximum length 50000 is above Verdi's 20000; it is set to 20000",
      '2nd: the name is not a valid Verdi key; the item\'s key is "q_2nd"',
      '2nd: the title shows earlier answers ({kept}), which Verdi shows as written',
      '2ND: the key "q_2nd" is taken by an earlier item; the item\'s key is "q_2nd_2"',
    ]);
    expect(result.definition.sections[0]!.items.map((i) => [i.key, i.type, i.maxLength])).toEqual([
      ['kept', ItemType.YES_NO, undefined],
      ['mail', ItemType.TEXT, 20000],
      ['q_2nd', ItemType.TEXT, undefined],
      ['q_2nd_2', ItemType.YES_NO, undefined],
    ]);
    expect(problemsOf(result.definition)).toEqual([]);
  });

  it('leaves out a page with nothing to take over, passes a page condition on, and reports survey-wide logic', () => {
    const result = importSurveyJs(
      JSON.stringify({
        triggers: [{ type: 'complete', expression: '{a} = 1' }],
        pages: [
          { name: 'intro', elements: [{ type: 'html', name: 'welcome' }] },
          { name: 'main', questions: [{ type: 'boolean', name: 'a' }] },
          { name: 'extra', visibleIf: '{a} = true', elements: [{ type: 'boolean', name: 'b' }] },
        ],
      }),
    );
    expect(result.definition.sections.map((s) => s.key)).toEqual(['main', 'extra']);
    expect(result.definition.sections[1]!.items[0]!.showIf).toEqual({
      item: 'a',
      op: ShowIfOperator.EQUALS,
      values: ['1'],
    });
    expect(result.unmapped).toEqual([
      'welcome: the html element has no counterpart in Verdi (it shows fixed HTML content, which Verdi has no element for); it was left out',
      'intro: the page has no questions Verdi can take over; it was left out',
      'survey: its triggers have no counterpart in Verdi; they were left out',
    ]);
  });
});

describe('importSurveyJs: invalid input', () => {
  const cases: [string, string, string][] = [
    ['text that is not JSON', 'Spørreskjema', 'is not JSON'],
    ['a JSON array', '[1, 2]', 'is not a SurveyJS survey: it is not a JSON object'],
    [
      'a survey without pages',
      '{"title": "Tom"}',
      'is not a SurveyJS survey: it has no pages and no elements',
    ],
    ['a survey with no pages', '{"pages": []}', 'is not a SurveyJS survey: it has no pages and no elements'],
    [
      'pages without elements',
      '{"pages": [{"name": "p1"}, {"name": "p2", "elements": []}]}',
      'is not a SurveyJS survey with questions: its pages have no elements',
    ],
  ];
  for (const [what, content, message] of cases) {
    it(`refuses ${what}`, () => {
      const error = errorOf(() => importSurveyJs(content));
      expect(error.extensions.code).toBe('BAD_USER_INPUT');
      expect((error.extensions.fields as Record<string, string>).content).toContain(message);
      expect(error.message).toContain(`content ${message}`);
    });
  }
});
