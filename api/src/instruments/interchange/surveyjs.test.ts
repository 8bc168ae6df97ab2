import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { GraphQLError } from 'graphql';
import { describe, expect, it } from 'vitest';
import { problemsOf } from '../definition.rules.js';
import { ItemType, RespondentRole, ShowIfOperator, type Item } from '../definition.types.js';
import { NoteSeverity, noteSentence, type ImportResult } from './import-notes.js';
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

/** Imports a one-page survey of these elements (bokmål, so that no language notes get in the way). */
function importElements(elements: unknown[], extra: Record<string, unknown> = {}) {
  return importSurveyJs(
    JSON.stringify({ locale: 'nb', ...extra, pages: [{ name: 'page1', title: 'Side 1', elements }] }),
  );
}

/** The notes as `kind: field, field` lines, in the order the import ranks them. */
const notesOf = (result: ImportResult) => result.notes.map((n) => `${n.kind}: ${n.fields.join(', ')}`);
const itemsOf = (result: ImportResult) => result.definition.sections.flatMap((s) => s.items);
const itemOf = (result: ImportResult, key: string) => itemsOf(result).find((i) => i.key === key);

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
        // SurveyJS's "Other" item (showOtherItem) is Verdi's "other, specify".
        otherOption: true,
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

  it('maps the third page: the panel flattened, matrix-row, anyof and numeric conditions, the two-question one dropped', () => {
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

  it('reports each kind of loss once, with the elements it touched, what changes the questionnaire first', () => {
    expect(notesOf(result)).toEqual([
      'surveyjs.choice.none: services',
      'surveyjs.condition.several-questions: Other Comment',
      'surveyjs.element.type.html: intro',
      'surveyjs.panel.flattened: followup',
      'surveyjs.text.input-type.time: contact_time',
      'surveyjs.language.no-bokmal: final',
      'surveyjs.language.default-bokmal: ',
      'surveyjs.option.renamed: role, services',
      'surveyjs.matrix.rows-as-items: trivsel',
      'surveyjs.key.renamed: Other Comment',
    ]);
    const severities = result.notes.map((n) => n.severity);
    expect(severities.indexOf(NoteSeverity.LOSES_DETAIL)).toBeGreaterThan(
      severities.lastIndexOf(NoteSeverity.CHANGES_QUESTIONNAIRE),
    );
    expect(noteSentence(result.notes[0]!, 'en')).toBe(
      'The "None" choice has no counterpart in Verdi; it was left out. Field: services.',
    );
    expect(noteSentence(result.notes[0]!, 'nb')).toBe(
      'Svaret «Ingen» har ikke noe motstykke i Verdi; det er utelatt. Felt: services.',
    );
  });
});

describe('importSurveyJs: notes', () => {
  it('makes 300 renamed keys and option keys one note each, not 600 sentences', () => {
    const elements = Array.from({ length: 300 }, (_, n) => ({
      type: 'radiogroup',
      name: `Question ${n}`,
      choices: ['Yes Please', 'No Thanks'],
    }));
    const result = importElements(elements);
    expect(result.notes.map((n) => [n.kind, n.fields.length])).toEqual([
      ['surveyjs.option.renamed', 300],
      ['surveyjs.key.renamed', 300],
    ]);
    expect(noteSentence(result.notes[1]!, 'en')).toMatch(/Fields: Question 0, .*Question 11 and 288 more\.$/);
    expect(itemsOf(result)).toHaveLength(300);
    expect(problemsOf(result.definition)).toEqual([]);
  });

  it('has a bokmål and an English sentence for every note it gives', () => {
    const result = importSurveyJs(
      readFileSync(join(import.meta.dirname, 'fixtures/surveyjs/canada-aia.json'), 'utf8'),
    );
    for (const note of result.notes) {
      expect(note.message.nb.length, note.kind).toBeGreaterThan(20);
      expect(note.message.en.length, note.kind).toBeGreaterThan(20);
      expect(note.message.nb, note.kind).not.toBe(note.message.en);
    }
  });
});

describe('importSurveyJs: languages, as SurveyJS reads them', () => {
  it('keeps the "default" text next to "nb" as English in a bokmål survey', () => {
    const result = importSurveyJs(
      JSON.stringify({
        locale: 'nb',
        elements: [{ type: 'comment', name: 'a', title: { default: 'Anything else?', nb: 'Noe annet?' } }],
      }),
    );
    expect(itemsOf(result)[0]!.prompt).toEqual({ nb: 'Noe annet?', en: 'Anything else?' });
    expect(result.notes).toEqual([]);
  });

  it('takes the texts of a survey without "locale" as English, as SurveyJS does, copies them to bokmål and says so', () => {
    const result = importSurveyJs(
      JSON.stringify({
        title: 'Follow-up',
        elements: [
          { type: 'boolean', name: 'q1', title: 'Did it help?' },
          { type: 'boolean', name: 'q2', title: { default: 'Was it easy?', nb: 'Var det enkelt?' } },
        ],
      }),
    );
    expect(result.name).toBe('Follow-up');
    const [section] = result.definition.sections;
    expect(section!.title).toEqual({ nb: 'Follow-up', en: 'Follow-up' });
    expect(section!.items.map((i) => i.prompt)).toEqual([
      { nb: 'Did it help?', en: 'Did it help?' },
      { nb: 'Var det enkelt?', en: 'Was it easy?' },
    ]);
    expect(notesOf(result)).toEqual([
      'surveyjs.language.no-bokmal: survey, q1',
      'surveyjs.language.default-english: ',
    ]);
    expect(problemsOf(result.definition)).toEqual([]);
  });

  it('takes "default" as bokmål when the survey names no locale but translates into English', () => {
    const result = importSurveyJs(
      JSON.stringify({
        elements: [
          { type: 'comment', name: 'a', title: { default: 'Hvordan går det?', en: 'How are you?' } },
          { type: 'comment', name: 'b', title: 'Noe annet?' },
        ],
      }),
    );
    expect(itemsOf(result).map((i) => i.prompt)).toEqual([
      { nb: 'Hvordan går det?', en: 'How are you?' },
      { nb: 'Noe annet?' },
    ]);
    expect(notesOf(result)).toEqual(['surveyjs.language.default-bokmal: ']);
  });

  it('reads dialects and SurveyJS’s "no" as their language, keeps nynorsk and names every other language once', () => {
    const result = importSurveyJs(
      JSON.stringify({
        locale: 'nb-NO',
        elements: [
          {
            type: 'comment',
            name: 'a',
            title: { no: 'Norsk', 'en-GB': 'British', 'nn-NO': 'Nynorsk', de: 'Deutsch', sv: 'Svenska' },
          },
          { type: 'comment', name: 'b', title: { default: 'Standard', nb: 'Bokmål', no: 'Norsk', de: 'D' } },
        ],
      }),
    );
    expect(itemsOf(result).map((i) => i.prompt)).toEqual([
      { nb: 'Norsk', en: 'British', nn: 'Nynorsk' },
      { nb: 'Bokmål', en: 'Standard' },
    ]);
    expect(notesOf(result)).toEqual(['surveyjs.language.other.de: a, b', 'surveyjs.language.other.sv: a']);
  });

  it('uses the survey’s own language for "default" texts and notes that it is not kept', () => {
    const result = importSurveyJs(
      JSON.stringify({ locale: 'de', elements: [{ type: 'comment', name: 'a', title: 'Wie geht es?' }] }),
    );
    expect(itemsOf(result)[0]!.prompt).toEqual({ nb: 'Wie geht es?' });
    expect(notesOf(result)).toEqual(['surveyjs.language.other.de: a', 'surveyjs.language.no-bokmal: a']);
  });

  it('names the survey "SurveyJS import" when it has no title', () => {
    const result = importElements([{ type: 'boolean', name: 'q1' }]);
    expect(result.name).toBe('SurveyJS import');
    expect(result.description).toBeNull();
    expect(result.definition.sections[0]!.items[0]!.prompt).toEqual({ nb: 'q1' });
  });
});

describe('importSurveyJs: visibility, as SurveyJS decides it', () => {
  it('lets visibleIf decide over visible: false, and leaves out only what can never be shown', () => {
    // survey-core's Question constructor: addExpressionProperty("visibleIf", (obj, res) => { this.visible = res === true })
    const result = importSurveyJs(
      JSON.stringify({
        locale: 'nb',
        pages: [
          {
            name: 'p1',
            elements: [
              { type: 'radiogroup', name: 'q', choices: ['ja', 'nei'] },
              { type: 'comment', name: 'why', visible: false, visibleIf: "{q} = 'ja'" },
              { type: 'comment', name: 'never', visible: false },
              {
                type: 'panel',
                name: 'hidden_panel',
                visible: false,
                elements: [{ type: 'comment', name: 'inside' }],
              },
              {
                type: 'panel',
                name: 'shown_panel',
                visible: false,
                visibleIf: "{q} = 'nei'",
                elements: [{ type: 'comment', name: 'follow' }],
              },
              { type: 'comment', name: 'late', visibleIf: '{never} notempty or {inside} notempty' },
            ],
          },
          { name: 'p2', visible: false, elements: [{ type: 'comment', name: 'gone' }] },
          {
            name: 'p3',
            visible: false,
            visibleIf: "{q} = 'ja'",
            elements: [{ type: 'comment', name: 'kept' }],
          },
        ],
      }),
    );
    expect(itemsOf(result).map((i) => [i.key, i.showIf?.values.join() ?? ''])).toEqual([
      ['q', ''],
      ['why', 'ja'],
      ['follow', 'nei'],
      ['late', ''],
      ['kept', 'ja'],
    ]);
    expect(notesOf(result)).toEqual([
      'surveyjs.condition.not-imported-question: late',
      'surveyjs.element.hidden: never, hidden_panel, inside',
      'surveyjs.page.hidden: p2, gone',
      'surveyjs.panel.flattened: shown_panel',
    ]);
  });

  it('imports a matrix without rows as one question, as SurveyJS treats it, and conditions on it', () => {
    const result = importElements([
      {
        type: 'matrix',
        name: 'mood',
        title: 'Hvordan har du det?',
        columns: [
          { value: 1, text: 'Dårlig' },
          { value: 2, text: 'Greit' },
          { value: 3, text: 'Bra' },
        ],
      },
      { type: 'comment', name: 'why', visibleIf: '{mood} < 2' },
    ]);
    expect(itemsOf(result)).toEqual([
      item({
        key: 'mood',
        type: ItemType.LIKERT,
        prompt: { nb: 'Hvordan har du det?' },
        scale: 'matrix_1_3',
      }),
      item({
        key: 'why',
        type: ItemType.TEXT,
        prompt: { nb: 'why' },
        showIf: { item: 'mood', op: ShowIfOperator.EQUALS, values: ['1'] },
      }),
    ]);
    expect(result.notes).toEqual([]);
  });

  it('gives matrix rows their own visibleIf, joined with the matrix’s', () => {
    const result = importElements([
      { type: 'boolean', name: 'adult' },
      {
        type: 'matrix',
        name: 'm',
        visibleIf: '{adult} = true',
        columns: [1, 2],
        rows: [
          { value: 'a', text: 'A' },
          { value: 'b', text: 'B', visibleIf: '{adult} = true and {adult} notempty' },
        ],
      },
    ]);
    expect(itemsOf(result).map((i) => [i.key, i.showIf?.values.join()])).toEqual([
      ['adult', undefined],
      ['m_a', '1'],
      ['m_b', '1'],
    ]);
  });

  it('reports choice-level visibleIf and enableIf, read-only questions and enableIf', () => {
    const result = importElements([
      { type: 'boolean', name: 'x' },
      {
        type: 'radiogroup',
        name: 'c',
        readOnly: true,
        enableIf: '{x} = true',
        choices: [
          { value: 'a', visibleIf: '{x} = true' },
          { value: 'b', enableIf: '{x} = false' },
        ],
      },
    ]);
    expect(notesOf(result)).toEqual([
      'surveyjs.choice.visibleIf: c',
      'surveyjs.choice.enableIf: c',
      'surveyjs.property.enableIf: c',
      'surveyjs.property.readOnly: c',
    ]);
    expect(itemOf(result, 'c')!.options!.map((o) => o.key)).toEqual(['a', 'b']);
  });
});

describe('importSurveyJs: visibleIf, as SurveyJS’s expression engine evaluates it', () => {
  const base = [
    {
      type: 'radiogroup',
      name: 'colour',
      choices: ['Red', { value: 'darkGreen', text: 'Grønn' }, 'blue', { value: 3, text: 'Tre' }],
    },
    { type: 'checkbox', name: 'days', choices: ['mon', 'tue', 'wed'] },
    { type: 'text', name: 'note' },
    { type: 'text', name: 'count', inputType: 'number' },
    { type: 'rating', name: 'score', rateMin: 0, rateMax: 4 },
    { type: 'boolean', name: 'consent' },
  ];
  const conditionOf = (visibleIf: string) => {
    const result = importElements([
      ...base,
      { type: 'comment', name: 'target', visibleIf },
      { type: 'comment', name: 'later' },
    ]);
    expect(problemsOf(result.definition)).toEqual([]);
    const showIf = itemOf(result, 'target')!.showIf;
    return {
      showIf: showIf ? `${showIf.item} ${showIf.op} ${showIf.values.join(',')}` : null,
      notes: notesOf(result).filter((n) => n.startsWith('surveyjs.condition.')),
    };
  };

  const exact: [string, string][] = [
    ["{colour} = 'red'", 'colour EQUALS red'],
    ['{colour} = "RED "', 'colour EQUALS red'],
    ['{colour} == red', 'colour EQUALS red'],
    ["{colour} equal 'darkgreen'", 'colour EQUALS darkgreen'],
    ["{colour} = 'darkGreen'", 'colour EQUALS darkgreen'],
    ["{Colour} = 'blue'", 'colour EQUALS blue'],
    ['{colour} == 3', 'colour EQUALS 3'],
    ["{colour} = '3'", 'colour EQUALS 3'],
    ["{colour} = 'red' or {colour} == 'blue'", 'colour ONE_OF red,blue'],
    ["{colour} anyof ['red', 'blue']", 'colour ONE_OF red,blue'],
    ['{colour} notempty', 'colour ONE_OF red,darkgreen,blue,3'],
    ["({colour} = 'red' or {colour} = 'blue') and {colour} != 'blue'", 'colour EQUALS red'],
    ["{days} contains 'tue'", 'days EQUALS tue'],
    ["{days} *= 'tue' or {days} contains 'mon'", 'days ONE_OF mon,tue'],
    ["{days} anyof ['mon', 'wed']", 'days ONE_OF mon,wed'],
    ['{days} notempty', 'days ONE_OF mon,tue,wed'],
    ['{score} >= 2', 'score GREATER_THAN 1'],
    ['{score} > 1 and {score} < 4', 'score ONE_OF 2,3'],
    ['{score} <= 1', 'score LESS_THAN 2'],
    ['{score} = 0 or {score} = 4', 'score ONE_OF 0,4'],
    ['{consent} = true', 'consent EQUALS 1'],
    ["{consent} = 'false'", 'consent EQUALS 0'],
    ['{consent}', 'consent EQUALS 1'],
    ['{count} > -1', 'count GREATER_THAN -1'],
    ['2.5 < {count}', 'count GREATER_THAN 2.5'],
    ['{count} = 1 or {count} = 2', 'count ONE_OF 1,2'],
    ["{colour} = 'it\\'s'", ''],
  ];
  for (const [visibleIf, showIf] of exact.slice(0, -1)) {
    it(`maps ${visibleIf} exactly`, () => {
      expect(conditionOf(visibleIf)).toEqual({ showIf, notes: [] });
    });
  }

  const unanswered: [string, string][] = [
    ["{colour} <> 'red'", 'colour ONE_OF darkgreen,blue,3'],
    ["{colour} != 'red'", 'colour ONE_OF darkgreen,blue,3'],
    ["!({colour} = 'red')", 'colour ONE_OF darkgreen,blue,3'],
    ["{colour} noneof ['red', 'blue']", 'colour ONE_OF darkgreen,3'],
    ["{days} notcontains 'mon'", 'days ONE_OF tue,wed'],
  ];
  for (const [visibleIf, showIf] of unanswered) {
    it(`maps ${visibleIf}, noting that SurveyJS also shows it while the question is unanswered`, () => {
      const { showIf: got, notes } = conditionOf(visibleIf);
      if (visibleIf.includes('notcontains')) {
        // "not mon" on a multiple choice is a combination ("tue and mon" fails it), which Verdi cannot ask.
        expect({ got, notes }).toEqual({ got: null, notes: ['surveyjs.condition.combination: target'] });
        return;
      }
      expect({ got, notes }).toEqual({ got: showIf, notes: ['surveyjs.condition.unanswered: target'] });
    });
  }

  const refused: [string, string][] = [
    ["{colour} = 'red' and {count} > 2", 'several-questions'],
    ["{colour} = 'red' or {count} > 2", 'several-questions'],
    ['age({count}) > 18', 'function'],
    ['{count} + 1 > 18', 'arithmetic'],
    ['{count} = {score}', 'two-answers'],
    ["{days} = 'mon'", 'never-true'],
    ["{colour} = 'pink'", 'never-true'],
    ["{days} allof ['mon', 'tue']", 'combination'],
    ['{colour} empty', 'only-unanswered'],
    ["{note} = 'x'", 'text-question'],
    ['{count} >= 18', 'number-form'],
    ['{count} notempty', 'number-form'],
    ['{later} = 1', 'later-question'],
    ['{nowhere} = 1', 'unknown-question'],
    ["{colour} = 'red", 'invalid'],
    ["{colour} in ['red']", 'invalid'],
    ['{colour} =', 'invalid'],
  ];
  for (const [visibleIf, reason] of refused) {
    it(`refuses ${visibleIf} (${reason}) and shows the item always`, () => {
      expect(conditionOf(visibleIf)).toEqual({
        showIf: null,
        notes: [`surveyjs.condition.${reason}: target`],
      });
    });
  }

  it('reads answers as SurveyJS hands them on: numbers in text compare as numbers, a lone answer is true when it is 1', () => {
    const result = importElements([
      { type: 'dropdown', name: 'n', choices: ['8', '9', '10', '010'] },
      { type: 'comment', name: 'more', visibleIf: "{n} > '8'" },
      { type: 'rating', name: 'r', rateMin: 0, rateMax: 3 },
      { type: 'comment', name: 'one', visibleIf: '{r}' },
      { type: 'comment', name: 'fn', visibleIf: 'negate({r} = 1)' },
    ]);
    // SurveyJS turns the answer "10" into 10, so 10 > "8"; "010" keeps its leading zero and stays text, and "010" > "8"
    // is a comparison of text, which fails.
    expect(itemOf(result, 'more')!.showIf).toEqual({
      item: 'n',
      op: ShowIfOperator.ONE_OF,
      values: ['9', '10'],
    });
    expect(itemOf(result, 'one')!.showIf).toEqual({ item: 'r', op: ShowIfOperator.EQUALS, values: ['1'] });
    expect(notesOf(result)).toEqual(['surveyjs.condition.function: fn']);
  });

  it('refers to matrix rows by matrix.row, and refuses the whole matrix', () => {
    const result = importElements([
      {
        type: 'matrix',
        name: 'Hverdag',
        columns: ['aldri', 'ofte'],
        rows: ['søvn', { value: 'mat', text: 'Måltider' }],
      },
      { type: 'comment', name: 'more', visibleIf: "{Hverdag.mat} = 'OFTE'" },
      { type: 'comment', name: 'whole', visibleIf: '{Hverdag} notempty' },
    ]);
    expect(itemOf(result, 'more')!.showIf).toEqual({
      item: 'hverdag_mat',
      op: ShowIfOperator.EQUALS,
      values: ['ofte'],
    });
    expect(notesOf(result)).toEqual([
      'surveyjs.condition.whole-matrix: whole',
      'surveyjs.matrix.word-columns: Hverdag',
      'surveyjs.matrix.rows-as-items: Hverdag',
    ]);
  });

  it('refers to questions left out as not taken over', () => {
    const result = importElements([
      { type: 'file', name: 'upload' },
      { type: 'comment', name: 'more', visibleIf: '{upload} notempty' },
    ]);
    expect(notesOf(result)).toEqual([
      'surveyjs.element.type.file: upload',
      'surveyjs.condition.not-imported-question: more',
    ]);
  });
});

describe('importSurveyJs: ratings, matrices and odd values', () => {
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
    expect(itemsOf(result).map((i) => [i.key, i.type, i.scale])).toEqual([
      ['r1', ItemType.LIKERT, 'rating_1_5'],
      ['r2', ItemType.LIKERT, 'rating_1_5'],
      ['r3', ItemType.LIKERT, 'rating_1_7'],
      ['r4', ItemType.LIKERT, 'rating_1_3'],
      ['r5', ItemType.LIKERT, 'rating_1_5_2'],
      ['r6', ItemType.NPS, undefined],
    ]);
    expect(notesOf(result)).toEqual(['surveyjs.rating.nps-labels: r6']);
    expect(problemsOf(result.definition)).toEqual([]);
  });

  it('imports a rating with words for values as a single-choice question', () => {
    const result = importElements([{ type: 'rating', name: 'mood', rateValues: ['lav', 'middels', 'høy'] }]);
    expect(itemsOf(result)[0]).toMatchObject({
      type: ItemType.SINGLE_CHOICE,
      options: [
        { key: 'lav', label: { nb: 'lav' } },
        { key: 'middels', label: { nb: 'middels' } },
        { key: 'hoy', label: { nb: 'høy' } },
      ],
    });
    expect(notesOf(result)).toEqual(['surveyjs.rating.words: mood', 'surveyjs.option.renamed: mood']);
  });

  it('keeps formula-like, emoji, quoted, multi-line and empty choice values as safe keys and their texts as written', () => {
    const result = importElements([
      {
        type: 'dropdown',
        name: 'odd',
        title: 'Linje 1\nLinje 2 "sitat" 🙂',
        choices: [
          { value: '=1+1', text: '=1+1' },
          { value: '🙂', text: 'Glad 🙂' },
          { value: 'it\'s "x"', text: 'Sitat' },
          { value: 'a\nb', text: 'To\nlinjer' },
          { value: '', text: 'Tom' },
          { value: 'x'.repeat(500), text: 'Lang' },
          { value: '=1+1', text: 'Dobbel' },
        ],
      },
    ]);
    const odd = itemsOf(result)[0]!;
    expect(odd.prompt).toEqual({ nb: 'Linje 1 Linje 2 "sitat" 🙂' });
    expect(odd.options!.map((o) => [o.key, o.label.nb])).toEqual([
      ['1_1', '=1+1'],
      ['option', 'Glad 🙂'],
      ['it_s_x', 'Sitat'],
      ['a_b', 'To linjer'],
      ['option_2', 'Tom'],
      ['x'.repeat(57), 'Lang'],
    ]);
    expect(notesOf(result)).toEqual(['surveyjs.option.duplicate: odd', 'surveyjs.option.renamed: odd']);
    expect(problemsOf(result.definition)).toEqual([]);
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
      'slider3d',
    ];
    const result = importElements([
      ...types.map((type) => ({ type, name: `x_${type}` })),
      { type: 'boolean', name: 'hidden', visible: false },
      { type: 'boolean', name: 'kept', requiredIf: '{x} = 1', labelTrue: 'Absolutt', labelFalse: 'Nei' },
      { type: 'checkbox', name: 'few', choices: ['a'] },
      { type: 'text', name: 'mail', inputType: 'email', maxLength: 50000 },
      { type: 'text', name: '2nd', title: 'Hei {row.x}' },
      { type: 'boolean', name: '2ND' },
      {
        type: 'imagepicker',
        name: 'pic',
        choices: [
          { value: 'cat', imageLink: 'c.png' },
          { value: 'dog', text: 'Hund' },
        ],
      },
    ]);
    expect(notesOf(result)).toEqual([
      'surveyjs.element.type.file: x_file',
      'surveyjs.element.type.signaturepad: x_signaturepad',
      'surveyjs.element.type.paneldynamic: x_paneldynamic',
      'surveyjs.element.type.matrixdropdown: x_matrixdropdown',
      'surveyjs.element.type.matrixdynamic: x_matrixdynamic',
      'surveyjs.element.type.slider3d: x_slider3d',
      'surveyjs.property.requiredIf: kept',
      'surveyjs.question.too-few-choices: few',
      'surveyjs.imagepicker.images: pic',
      'surveyjs.element.type.expression: x_expression',
      'surveyjs.element.hidden: hidden',
      'surveyjs.boolean.labels: kept',
      'surveyjs.text.input-type.email: mail',
      'surveyjs.text.max-length: mail',
      'surveyjs.title.piped: 2nd',
      'surveyjs.key.renamed: 2nd',
      'surveyjs.key.taken: 2ND',
    ]);
    expect(itemsOf(result).map((i) => [i.key, i.type, i.maxLength])).toEqual([
      ['kept', ItemType.YES_NO, undefined],
      ['mail', ItemType.TEXT, 20000],
      ['q_2nd', ItemType.TEXT, undefined],
      ['q_2nd_2', ItemType.YES_NO, undefined],
      ['pic', ItemType.SINGLE_CHOICE, undefined],
    ]);
    expect(itemOf(result, 'pic')!.options).toEqual([
      { key: 'cat', label: { nb: 'cat' } },
      { key: 'dog', label: { nb: 'Hund' } },
    ]);
    expect(problemsOf(result.definition)).toEqual([]);
  });

  it('names every other setting it drops, one note per kind', () => {
    const result = importSurveyJs(
      JSON.stringify({
        locale: 'nb',
        completedHtmlOnCondition: [{ expression: '{a} = 1', html: 'Takk' }],
        navigateToUrlOnCondition: [{ expression: '{a} = 1', url: 'https://example.org' }],
        pages: [
          {
            name: 'p',
            elements: [
              {
                type: 'checkbox',
                name: 'a',
                title: { default: 'Standard', nb: 'Bokmål', en: 'English' },
                choices: ['x', 'y'],
                defaultValue: ['x'],
                validators: [{ type: 'answercount', maxCount: 1 }],
                choicesVisibleIf: "{item} != 'y'",
                minSelectedChoices: 1,
                setValueIf: '{a} empty',
                correctAnswer: ['x'],
                showRefuseItem: true,
                showDontKnowItem: true,
                showSelectAllItem: true,
                showCommentArea: true,
              },
              {
                type: 'dropdown',
                name: 'b',
                choicesByUrl: { url: 'https://example.org' },
                choices: ['1', '2'],
              },
              { type: 'dropdown', name: 'c', choicesFromQuestion: 'b', choices: [] },
              { type: 'matrix', name: 'd', rowsVisibleIf: '{a} notempty', columns: [1, 2], rows: ['r'] },
              { type: 'matrix', name: 'e', columns: [1], rows: ['r'] },
              { type: 'rating', name: 'f', rateValues: [{ value: 3 }, { value: 1 }, { value: 2 }] },
              { type: 'rating', name: 'g', rateValues: [1] },
              { type: 'text', name: 'h', inputType: 'number', min: 'lav', max: 10 },
              { type: 'comment' },
            ],
          },
        ],
      }),
    );
    expect(notesOf(result)).toEqual([
      'surveyjs.choice.refuse: a',
      'surveyjs.choice.dontknow: a',
      'surveyjs.choice.selectall: a',
      'surveyjs.property.choicesVisibleIf: a',
      'surveyjs.property.choicesByUrl: b',
      'surveyjs.property.choicesFromQuestion: c',
      'surveyjs.question.too-few-choices: c',
      'surveyjs.property.matrixVisibleIf: d',
      'surveyjs.matrix.too-few-columns: e',
      'surveyjs.rating.too-few: g',
      'surveyjs.choice.comment: a',
      'surveyjs.property.defaultValue: a',
      'surveyjs.property.setValue: a',
      'surveyjs.property.validators: a',
      'surveyjs.property.selectedChoices: a',
      'surveyjs.language.default-dropped: a',
      'surveyjs.number.bound: h',
      'surveyjs.property.correctAnswer: a',
      'surveyjs.matrix.rows-as-items: d',
      'surveyjs.scale.order: f',
      'surveyjs.element.unnamed: question1',
      'surveyjs.survey.completedHtmlOnCondition: ',
      'surveyjs.survey.navigateToUrlOnCondition: ',
    ]);
    expect(itemsOf(result).map((i) => i.key)).toEqual(['a', 'b', 'd_r', 'f', 'h', 'question1']);
    expect(itemOf(result, 'a')!.prompt).toEqual({ nb: 'Bokmål', en: 'English' });
    expect(itemOf(result, 'h')!.max).toBe(10);
    expect(itemOf(result, 'h')!.min).toBeUndefined();
  });

  it('leaves out a page with nothing to take over, passes a page condition on, and reports survey-wide logic', () => {
    const result = importSurveyJs(
      JSON.stringify({
        locale: 'nb',
        triggers: [{ type: 'complete', expression: '{a} = 1' }],
        calculatedValues: [{ name: 'sum', expression: '{a} + 1' }],
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
    expect(notesOf(result)).toEqual([
      'surveyjs.survey.triggers: ',
      'surveyjs.element.type.html: welcome',
      'surveyjs.survey.calculatedValues: ',
      'surveyjs.page.empty: intro',
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

  it('refuses a survey with no question Verdi can take over, and says why', () => {
    const error = errorOf(() =>
      importElements([
        { type: 'html', name: 'intro' },
        { type: 'file', name: 'upload' },
        { type: 'comment', name: 'gone', visible: false },
      ]),
    );
    expect(error.extensions.code).toBe('BAD_USER_INPUT');
    expect((error.extensions.fields as Record<string, string>).content).toBe(
      'has no question Verdi can take over. File uploads have no counterpart in Verdi; they were left out. Field: upload. ' +
        'HTML text blocks have no counterpart in Verdi; they were left out. Field: intro. ' +
        'Hidden elements (visible: false, with no visibleIf) are never shown by SurveyJS; they were left out. Field: gone.',
    );
  });

  it('imports 1,500 questions with conditions, and a 3,000-option multiple choice (no timing here: speed belongs to npm run bench)', () => {
    const elements: unknown[] = [
      { type: 'checkbox', name: 'many', choices: Array.from({ length: 3000 }, (_, n) => `c${n}`) },
      { type: 'comment', name: 'if_many', visibleIf: "{many} contains 'c2999'", title: 'x'.repeat(100_000) },
    ];
    for (let n = 0; n < 750; n++) {
      elements.push({ type: 'radiogroup', name: `q${n}`, choices: ['ja', 'nei', 'vet ikke'] });
      elements.push({ type: 'comment', name: `why${n}`, visibleIf: `{q${n}} <> 'nei' and {q${n}} notempty` });
    }
    const result = importElements(elements);
    expect(itemsOf(result)).toHaveLength(1502);
    expect(itemOf(result, 'if_many')!.showIf).toEqual({
      item: 'many',
      op: ShowIfOperator.EQUALS,
      values: ['c2999'],
    });
    expect(itemOf(result, 'if_many')!.prompt.nb).toHaveLength(100_000);
    expect(itemOf(result, 'why749')!.showIf).toEqual({
      item: 'q749',
      op: ShowIfOperator.ONE_OF,
      values: ['ja', 'vet_ikke'],
    });
    expect(notesOf(result)).toEqual([
      `surveyjs.option.renamed: ${Array.from({ length: 750 }, (_, n) => `q${n}`).join(', ')}`,
    ]);
  });

  it('survives NUL characters, emoji names and a title that is an object of nonsense', () => {
    const result = importElements([
      { type: 'comment', name: 'a\u0000b🙂', title: { nb: 'Hei\u0000du', xx: 5, yy: null } },
      { type: 'comment', name: 'c', title: { nb: ['not', 'text'] } },
    ]);
    expect(itemsOf(result).map((i) => [i.key, i.prompt.nb])).toEqual([
      ['a_b', 'Hei\u0000du'],
      ['c', 'c'],
    ]);
    expect(notesOf(result)).toEqual([
      'surveyjs.language.other.xx: a\u0000b🙂',
      'surveyjs.key.renamed: a\u0000b🙂',
    ]);
  });
});

// ---------------------------------------------------------------------------------------------------------------
// Real surveys written by others (see fixtures/surveyjs/README.md for where each comes from)

type Element = Record<string, unknown>;

/** Every named element of a survey, with its own visibleIf. */
function elementsOf(survey: Element): Element[] {
  const out: Element[] = [];
  const walk = (elements: unknown) => {
    if (!Array.isArray(elements)) return;
    for (const element of elements as Element[]) {
      if (element && typeof element === 'object' && typeof element.name === 'string') out.push(element);
      walk(element.elements ?? element.questions);
    }
  };
  const pages = (survey.pages as Element[] | undefined) ?? [
    { elements: survey.elements ?? survey.questions },
  ];
  for (const page of pages) walk(page.elements ?? page.questions);
  return out;
}

/** No silent loss: every element is an item under its own name, or named in a note; so is every dropped condition. */
function expectNothingLostSilently(survey: Element, result: ImportResult): void {
  const keys = new Set(itemsOf(result).map((i) => i.key));
  const noted = (name: string, prefix = '') =>
    result.notes.some((n) => n.kind.startsWith(prefix) && n.fields.includes(name));
  const silent = elementsOf(survey)
    .map((e) => e.name as string)
    .filter((name) => !keys.has(name) && !noted(name));
  expect(silent).toEqual([]);
  const keyOf = (name: string) =>
    keys.has(name)
      ? name
      : itemsOf(result).find((i) => i.key === name.toLowerCase().replace(/[^a-z0-9]+/g, '_'))?.key;
  const conditionsLost = elementsOf(survey)
    .filter((e) => typeof e.visibleIf === 'string' && e.visibleIf.trim() && e.type !== 'panel')
    .map((e) => e.name as string)
    .filter((name) => {
      const key = keyOf(name);
      const item = key ? itemsOf(result).find((i) => i.key === key) : undefined;
      return item ? !item.showIf && !noted(name, 'surveyjs.condition.') : !noted(name);
    });
  expect(conditionsLost).toEqual([]);
  expect(problemsOf(result.definition)).toEqual([]);
}

const FIXTURES = join(import.meta.dirname, 'fixtures/surveyjs');
const fixture = (file: string) => {
  const content = readFileSync(join(FIXTURES, file), 'utf8');
  return { survey: JSON.parse(content) as Element, result: importSurveyJs(content) };
};

describe('importSurveyJs: real surveys', () => {
  it('Government of Canada Algorithmic Impact Assessment (large, English and French)', () => {
    const { survey: source, result } = fixture('canada-aia.json');
    expect(elementsOf(source).length).toBeGreaterThan(300);
    expectNothingLostSilently(source, result);
    expect(itemsOf(result).length).toBeGreaterThan(250);
    // Spot checks against the file, by hand.
    expect(itemOf(result, 'riskprofile1')).toMatchObject({
      type: ItemType.SINGLE_CHOICE,
      options: [
        { key: 'item1_3', label: { nb: 'Yes', en: 'Yes' } },
        { key: 'item2_0', label: { nb: 'No', en: 'No' } },
      ],
    });
    // "visibleIf": "{riskProfile2} = \"item1-3\"" — double quotes, camelCase name, a value that is not a key.
    expect(itemOf(result, 'riskprofile2a')!.showIf).toEqual({
      item: 'riskprofile2',
      op: ShowIfOperator.EQUALS,
      values: ['item1_3'],
    });
    // ({aboutSystem5} = "item1-0" or …) and {aboutSystem5B} = "item1-0": two questions.
    expect(result.notes.find((n) => n.kind === 'surveyjs.condition.several-questions')!.fields).toContain(
      'aboutSystem5C',
    );
    expect(result.notes.find((n) => n.kind === 'surveyjs.language.other.fr')!.fields.length).toBeGreaterThan(
      250,
    );
    expect(result.notes[0]!.severity).toBe(NoteSeverity.CHANGES_QUESTIONNAIRE);
    expect(result.notes.length).toBeLessThan(25);
  });

  it('Open Data Institute’s Open Data Certificate questionnaire (pages assembled as the app does)', () => {
    const { survey: source, result } = fixture('odi-open-data-certificate.json');
    expectNothingLostSilently(source, result);
    expect(itemOf(result, 'datalicence')).toMatchObject({ type: ItemType.SINGLE_CHOICE, required: true });
    // {releaseType} in ['oneoff', 'collection'] || …: "in" is no SurveyJS operator, so SurveyJS never shows it.
    expect(result.notes.find((n) => n.kind === 'surveyjs.condition.invalid')!.fields).toEqual([
      'timeSensitive',
    ]);
    expect(result.notes.find((n) => n.kind === 'surveyjs.language.other.es')).toBeDefined();
  });

  it('MRI-Lab Graz study application', () => {
    const { survey: source, result } = fixture('mri-lab-graz-study-application.json');
    expectNothingLostSilently(source, result);
    expect(itemOf(result, 'arbeitsbereich')!.showIf).toEqual({
      item: 'project_type',
      op: ShowIfOperator.EQUALS,
      values: ['internal'],
    });
    expect(result.notes.find((n) => n.kind === 'surveyjs.element.type.signaturepad')!.fields).toEqual([
      'signature',
    ]);
    expect(result.notes.find((n) => n.kind === 'surveyjs.element.hidden')!.fields).toContain('general_info');
    // {University Status} <> 'other': every choice but Verdi's "other, specify" (SurveyJS's "Other" item).
    expect(itemOf(result, 'university_status')!.otherOption).toBe(true);
    expect(itemOf(result, 'department')!.showIf).toEqual({
      item: 'university_status',
      op: ShowIfOperator.ONE_OF,
      values: ['faculty', 'staff', 'postdoc', 'student'],
    });
  });

  it('Ostrale 2023 visitor survey (German and English, image choices)', () => {
    const { survey: source, result } = fixture('ostrale-2023-visitor-survey.json');
    expectNothingLostSilently(source, result);
    expect(itemOf(result, 'frage01')).toMatchObject({
      type: ItemType.SINGLE_CHOICE,
      prompt: { nb: 'Wo kommen Sie her?' },
    });
    expect(notesOf(result)).toContain('surveyjs.imagepicker.images: frage01, frage02, frage2, frage4');
    expect(result.notes.find((n) => n.kind === 'surveyjs.survey.triggers')).toBeDefined();
  });

  const extra = process.env.VERDI_SURVEYJS_EXTRA_FIXTURES;
  it.skipIf(!extra)(
    'surveys in $VERDI_SURVEYJS_EXTRA_FIXTURES (not redistributable, so not committed)',
    () => {
      const files = readdirSync(extra!).filter((f) => f.endsWith('.json'));
      expect(files.length).toBeGreaterThan(0);
      for (const file of files) {
        const content = readFileSync(join(extra!, file), 'utf8');
        expectNothingLostSilently(JSON.parse(content) as Element, importSurveyJs(content));
      }
    },
  );
});
