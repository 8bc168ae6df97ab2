import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { isShown, type StoredAnswer } from '../../responses/answer.rules.js';
import { canonicalDefinition } from '../definition.canonical.js';
import { problemsOf } from '../definition.rules.js';
import {
  ConstructKind,
  ItemType,
  RespondentRole,
  ShowIfOperator,
  type InstrumentDefinition,
  type Item,
} from '../definition.types.js';
import { newTypesDefinition } from '../test/new-types-definition.js';
import { sampleDefinition } from '../test/sample-definition.js';
import { evaluate, isTrue, parseExpression, type Value } from './surveyjs-expression.js';
import { exportSurveyJs, visibleIfOfShowIf } from './surveyjs-export.js';
import { importSurveyJs } from './surveyjs.js';
import { importVerdiJson } from './verdi-json.js';

const ALL = [RespondentRole.SERVICE_USER, RespondentRole.PROFESSIONAL, RespondentRole.CONSULTANT];
const text = (nb: string) => ({ nb, nn: `${nb} (nn)`, en: `${nb} (en)` });
const item = (fields: Partial<Item> & Pick<Item, 'key' | 'type'>): Item => ({
  roles: ALL,
  prompt: text(`Spørsmål ${fields.key}`),
  required: false,
  reverseScored: false,
  ...fields,
});

/** Every type, role set, condition form and language; texts a naive writer or reader would damage. */
const everything: InstrumentDefinition = canonicalDefinition({
  scales: [
    {
      key: 'often4',
      points: [0, 1, 2, 3].map((value) => ({ value, label: text(`punkt ${value}`) })),
      notApplicable: text('Vet ikke'),
    },
    {
      key: 'ten',
      points: [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10].map((value) => ({ value, label: { nb: `${value}` } })),
    },
    { key: 'unused', points: [1, 2].map((value) => ({ value, label: text(`p${value}`) })) },
  ],
  constructs: [
    { key: 'strain', kind: ConstructKind.CHALLENGE, label: text('Belastning'), description: text('Om') },
    { key: 'hope', kind: ConstructKind.VALUE, label: { nb: 'Håp' } },
  ],
  sections: [
    {
      key: 'first',
      title: text('Første'),
      items: [
        item({
          key: 'kinds',
          type: ItemType.MULTI_CHOICE,
          options: [
            { key: 'a1', label: text('Linje én\nlinje to') },
            { key: '2b', label: text('«Sitat» & <b>fet</b> =1+1 \'x\' "y" {z} 😀') },
            { key: 'c', label: { nb: 'Bare bokmål' } },
          ],
          required: true,
          help: text('Velg  alle\tsom passer'),
        }),
        item({ key: 'count', type: ItemType.NUMBER, min: -2.5, roles: [] }),
        item({ key: 'free', type: ItemType.NUMBER, max: 7 }),
        item({
          key: 'often',
          type: ItemType.LIKERT,
          scale: 'often4',
          construct: 'strain',
          reverseScored: true,
          roles: [RespondentRole.SERVICE_USER],
          promptByRole: [{ role: RespondentRole.SERVICE_USER, text: text('Til deg <i>selv</i>') }],
          showIf: { item: 'kinds', op: ShowIfOperator.EQUALS, values: ['2b'] },
        }),
        item({
          key: 'pick',
          type: ItemType.SINGLE_CHOICE,
          options: [
            { key: 'x', label: text('X') },
            { key: 'y', label: text('Y') },
            { key: 'z', label: text('Z') },
          ],
          showIf: { item: 'kinds', op: ShowIfOperator.ONE_OF, values: ['a1', 'c'] },
        }),
      ],
    },
    { key: 'empty', title: { nb: 'Tom' }, items: [] },
    {
      key: 'last',
      title: text('Siste'),
      items: [
        item({
          key: 'nps',
          type: ItemType.NPS,
          roles: [RespondentRole.SERVICE_USER, RespondentRole.CONSULTANT],
          showIf: { item: 'often', op: ShowIfOperator.LESS_THAN, values: ['2'] },
        }),
        item({
          key: 'yes',
          type: ItemType.YES_NO,
          roles: [RespondentRole.PROFESSIONAL, RespondentRole.CONSULTANT],
          showIf: { item: 'nps', op: ShowIfOperator.ONE_OF, values: ['9', '10'] },
        }),
        item({
          key: 'tenpoint',
          type: ItemType.LIKERT,
          scale: 'ten',
          construct: 'hope',
          showIf: { item: 'pick', op: ShowIfOperator.ONE_OF, values: ['x', 'z'] },
        }),
        item({
          key: 'words',
          type: ItemType.TEXT,
          showIf: { item: 'count', op: ShowIfOperator.GREATER_THAN, values: ['0.5'] },
        }),
        item({
          key: 'after',
          type: ItemType.TEXT,
          maxLength: 300,
          showIf: { item: 'free', op: ShowIfOperator.ONE_OF, values: ['1', '2.5'] },
        }),
        item({
          key: 'verdi_role',
          type: ItemType.TEXT,
          maxLength: 20,
          showIf: { item: 'yes', op: ShowIfOperator.EQUALS, values: ['0'] },
        }),
      ],
    },
  ],
});

const core = () =>
  importVerdiJson(
    readFileSync(path.join(import.meta.dirname, '../../../../seeds/data/instrument.json'), 'utf8'),
  );
type Survey = {
  locale: string;
  title: Record<string, string>;
  verdi: { formatVersion: number };
  pages: { name: string; title: Record<string, string>; elements: Record<string, unknown>[] }[];
};
const parse = (json: string) => JSON.parse(json) as Survey;
const elements = (survey: Survey) => survey.pages.flatMap((page) => page.elements);
const element = (survey: Survey, name: string) => elements(survey).find((e) => e.name === name)!;

describe('SurveyJS export', () => {
  it('writes pages, a role question, ratings, booleans, choices and visibleIf as the form library reads them', () => {
    const survey = parse(exportSurveyJs({ name: 'Alt', description: 'Om alt', definition: everything }));
    expect(survey.locale).toBe('no');
    expect(survey.title).toEqual({ default: 'Alt' });
    expect(survey.pages.map((p) => p.name)).toEqual(['first', 'empty', 'last']);
    // English is SurveyJS's "default"; bokmål is its Norwegian, "no".
    expect(survey.pages[0]!.title).toEqual({ default: 'Første (en)', no: 'Første', nn: 'Første (nn)' });
    expect(survey.pages[1]!.elements).toEqual([]);
    // The role question comes first; "verdi_role" is an item's key here, so it gets another name.
    expect(survey.pages[0]!.elements[0]).toMatchObject({
      type: 'radiogroup',
      name: 'verdi_role_2',
      isRequired: true,
      choices: [
        {
          value: 'service_user',
          text: { default: 'Service user', no: 'Tjenestebruker', nn: 'Tenestebrukar' },
        },
        { value: 'professional' },
        { value: 'consultant' },
      ],
      verdiType: 'ROLE',
    });
    expect(element(survey, 'kinds')).toMatchObject({
      type: 'checkbox',
      isRequired: true,
      description: { default: 'Velg  alle\tsom passer (en)', no: 'Velg  alle\tsom passer' },
      choices: [
        { value: 'a1', text: { default: 'Linje én\nlinje to (en)', no: 'Linje én\nlinje to' } },
        { value: '2b' },
        { value: 'c', text: { default: 'Bare bokmål' } },
      ],
    });
    expect(element(survey, 'count')).toMatchObject({
      type: 'text',
      inputType: 'number',
      min: -2.5,
      visibleIf: 'false',
    });
    expect(element(survey, 'count')).not.toHaveProperty('max');
    expect(element(survey, 'often')).toMatchObject({
      type: 'rating',
      rateValues: [
        { value: 0, text: { default: 'punkt 0 (en)', no: 'punkt 0' } },
        { value: 1 },
        { value: 2 },
        { value: 3 },
      ],
      verdiScale: 'often4',
      verdiConstruct: 'strain',
      verdiReverseScored: true,
      visibleIf: "{verdi_role_2} = 'service_user' and {kinds} contains '2b'",
    });
    expect(element(survey, 'pick')).toMatchObject({
      type: 'radiogroup',
      visibleIf: "{kinds} anyof ['a1', 'c']",
    });
    expect(element(survey, 'nps')).toMatchObject({
      type: 'rating',
      rateMin: 0,
      rateMax: 10,
      visibleIf: "{verdi_role_2} anyof ['service_user', 'consultant'] and {often} < 2",
    });
    expect(element(survey, 'yes')).toMatchObject({ type: 'boolean', valueTrue: 1, valueFalse: 0 });
    expect(element(survey, 'after')).toMatchObject({
      type: 'comment',
      maxLength: 300,
      visibleIf: '{free} = 1 or {free} = 2.5',
    });
    expect(element(survey, 'words')).not.toHaveProperty('maxLength');
  });

  it('writes visibleIf expressions that SurveyJS evaluates as Verdi evaluates the show-if, for every answer', () => {
    const items = new Map(everything.sections.flatMap((s) => s.items).map((i) => [i.key, i]));
    const answersFor = (target: Item): { stored: StoredAnswer; surveyjs: Value }[] => {
      const base = { itemKey: target.key, number: null, text: null, choices: null, notApplicable: false };
      const keys = (target.options ?? []).map((o) => o.key);
      switch (target.type) {
        case ItemType.SINGLE_CHOICE:
          return keys.map((key) => ({ stored: { ...base, choices: [key] }, surveyjs: key }));
        case ItemType.MULTI_CHOICE: {
          const subsets = Array.from({ length: 2 ** keys.length - 1 }, (_, mask) =>
            keys.filter((_, i) => (mask + 1) & (1 << i)),
          );
          return subsets.map((chosen) => ({ stored: { ...base, choices: chosen }, surveyjs: chosen }));
        }
        default: {
          const numbers = [-3, -2.5, 0, 0.5, 0.75, 1, 2, 2.5, 3, 7, 8, 9, 10];
          return numbers.map((n) => ({ stored: { ...base, number: n }, surveyjs: n }));
        }
      }
    };
    let checked = 0;
    for (const dependent of items.values()) {
      if (!dependent.showIf) continue;
      const target = items.get(dependent.showIf.item)!;
      const expression = parseExpression(visibleIfOfShowIf(dependent.showIf, target));
      for (const answer of answersFor(target)) {
        const verdi = isShown(dependent, new Map([[target.key, answer.stored]]));
        const surveyjs = isTrue(
          evaluate(expression, (name) => (name === target.key ? answer.surveyjs : undefined)),
        );
        expect({ item: dependent.key, answer: answer.surveyjs, shown: surveyjs }).toEqual({
          item: dependent.key,
          answer: answer.surveyjs,
          shown: verdi,
        });
        checked++;
      }
      // Unanswered: neither shows the item.
      expect(isTrue(evaluate(expression, () => undefined))).toBe(false);
    }
    expect(checked).toBeGreaterThan(50);
  });
});

describe('Verdi → SurveyJS → Verdi', () => {
  it('keeps the demo’s core instrument exactly, with no notes', () => {
    const document = core();
    const back = importSurveyJs(exportSurveyJs(document));
    expect(back.notes).toEqual([]);
    expect(back.name).toBe(document.name);
    expect(back.description).toBe(document.description);
    expect(back.definition).toEqual(document.definition);
  });

  it('keeps every type, role set, condition, language, construct, "Vet ikke" and unused scale', () => {
    // A draft may be shown to no role or have an empty section; those travel too.
    expect(problemsOf(everything).map((p) => p.code)).toEqual(['ITEM_NO_ROLES', 'SECTION_NO_ITEMS']);
    const back = importSurveyJs(
      exportSurveyJs({ name: 'Alt', description: 'Om alt', definition: everything }),
    );
    expect(back.notes).toEqual([]);
    expect(back.description).toBe('Om alt');
    expect(back.definition).toEqual(everything);
    const sample = sampleDefinition();
    expect(importSurveyJs(exportSurveyJs({ name: 'Prøve', definition: sample })).definition).toEqual(
      canonicalDefinition(sample),
    );
  });

  it('reads a visibleIf edited in SurveyJS as SurveyJS means it, over the verdi copy', () => {
    const survey = parse(exportSurveyJs({ name: 'Alt', definition: everything }));
    // The same show-if in SurveyJS's words: the exact copy still wins where the expression is untouched.
    element(survey, 'yes').visibleIf = "{verdi_role_2} <> 'service_user' and {nps} >= 9";
    element(survey, 'pick').visibleIf = "{kinds} contains 'c'";
    element(survey, 'tenpoint').visibleIf = "{verdi_role_2} = 'professional'";
    element(survey, 'words').visibleIf = '{count} > 0.5 and {free} > 1';
    const back = importSurveyJs(JSON.stringify(survey));
    const items = new Map(back.definition.sections.flatMap((s) => s.items).map((i) => [i.key, i]));
    expect(items.get('yes')).toMatchObject({
      roles: [RespondentRole.PROFESSIONAL, RespondentRole.CONSULTANT],
      showIf: { item: 'nps', op: ShowIfOperator.GREATER_THAN, values: ['8'] },
    });
    expect(items.get('pick')!.showIf).toEqual({ item: 'kinds', op: ShowIfOperator.EQUALS, values: ['c'] });
    expect(items.get('tenpoint')!.roles).toEqual([RespondentRole.PROFESSIONAL]);
    expect(items.get('tenpoint')!.showIf).toBeUndefined();
    expect(items.get('words')!.showIf).toBeUndefined();
    expect(back.notes.map((n) => [n.kind, n.fields])).toEqual([
      ['surveyjs.condition.several-questions', ['words']],
    ]);
  });

  it('says so when a rating no longer matches its scale, or the verdi properties are not Verdi’s format', () => {
    const survey = parse(exportSurveyJs({ name: 'Alt', definition: everything }));
    element(survey, 'often').rateValues = [1, 2, 3];
    element(survey, 'kinds').verdiPromptByRole = [{ role: 'ADMIN', text: { nb: 'x' } }];
    element(survey, 'free').verdiConstruct = 'nothing';
    const back = importSurveyJs(JSON.stringify(survey));
    const often = back.definition.sections[0]!.items.find((i) => i.key === 'often')!;
    expect(often.scale).toBe('rating_1_3');
    expect(back.notes.map((n) => [n.kind, n.fields])).toEqual([
      ['surveyjs.verdi.property-unreadable', ['kinds', 'free']],
      ['surveyjs.verdi.scale-changed', ['often']],
    ]);

    const broken = parse(exportSurveyJs({ name: 'Alt', definition: everything }));
    (broken.verdi as unknown as { scales: unknown }).scales = [{ key: 'x', points: 'none' }];
    const plain = importSurveyJs(JSON.stringify(broken));
    expect(plain.notes.map((n) => n.kind)).toContain('surveyjs.verdi.unreadable');
    expect(plain.definition.constructs).toEqual([]);
  });

  it('reads the roles and conditions back from SurveyJS’s own properties after the Creator dropped the verdi ones', () => {
    const survey = parse(exportSurveyJs({ name: 'Alt', definition: everything }));
    delete (survey as { verdi?: unknown }).verdi;
    for (const e of elements(survey))
      for (const property of Object.keys(e)) if (property.startsWith('verdi')) delete e[property];
    const back = importSurveyJs(JSON.stringify(survey));
    const items = new Map(back.definition.sections.flatMap((s) => s.items).map((i) => [i.key, i]));
    expect(items.has('verdi_role_2')).toBe(false);
    expect(items.get('count')!.roles).toEqual([]);
    expect(items.get('often')!.roles).toEqual([RespondentRole.SERVICE_USER]);
    expect(items.get('often')!.showIf).toEqual({ item: 'kinds', op: ShowIfOperator.EQUALS, values: ['2b'] });
    expect(items.get('nps')!.roles).toEqual([RespondentRole.SERVICE_USER, RespondentRole.CONSULTANT]);
    // What only Verdi's properties held is gone: constructs, reverse-scoring, role wordings, "Vet ikke".
    expect(back.definition.constructs).toEqual([]);
    expect(items.get('often')!.reverseScored).toBe(false);
    expect(items.get('often')!.promptByRole).toBeUndefined();
    expect(back.definition.scales.every((s) => !s.notApplicable)).toBe(true);
    // Without the verdi block the texts are read as any survey's: HTML removed, white space joined.
    expect(items.get('kinds')!.options![0]!.label.nb).toBe('Linje én linje to');
  });

  it('without the exact copy, an NPS show-if of 9 or 10 comes back as its SurveyJS meaning, > 8', () => {
    const survey = parse(exportSurveyJs({ name: 'Alt', definition: everything }));
    delete element(survey, 'yes').verdiShowIf;
    delete element(survey, 'yes').verdiRoles;
    const back = importSurveyJs(JSON.stringify(survey));
    const yes = back.definition.sections[2]!.items.find((i) => i.key === 'yes')!;
    expect(yes.roles).toEqual([RespondentRole.PROFESSIONAL, RespondentRole.CONSULTANT]);
    expect(yes.showIf).toEqual({ item: 'nps', op: ShowIfOperator.GREATER_THAN, values: ['8'] });
  });
});

describe('SurveyJS randomised sections', () => {
  const random = (first: boolean, second: boolean): InstrumentDefinition =>
    canonicalDefinition({
      scales: [],
      constructs: [],
      sections: [
        {
          key: 'one',
          title: text('Del 1'),
          randomiseOrder: first,
          items: [item({ key: 'a', type: ItemType.TEXT }), item({ key: 'b', type: ItemType.TEXT })],
        },
        {
          key: 'two',
          title: text('Del 2'),
          randomiseOrder: second,
          items: [item({ key: 'c', type: ItemType.TEXT }), item({ key: 'd', type: ItemType.TEXT })],
        },
      ],
    });

  it('shuffles a randomised page in SurveyJS too, except the first, whose role question must come first', () => {
    const pages = (definition: InstrumentDefinition) =>
      (JSON.parse(exportSurveyJs({ name: 'Rekkefølge', definition })) as { pages: Record<string, unknown>[] })
        .pages;
    const [first, second] = pages(random(true, true));
    expect(first!.questionsOrder).toBeUndefined();
    expect(first!.verdiRandomiseOrder).toBe(true);
    expect(second!.questionsOrder).toBe('random');
    expect(pages(random(false, false)).map((page) => page.questionsOrder)).toEqual([undefined, undefined]);
    for (const [a, b] of [
      [true, false],
      [false, true],
      [true, true],
    ] as const) {
      const back = importSurveyJs(exportSurveyJs({ name: 'Rekkefølge', definition: random(a, b) }));
      expect(back.definition).toEqual(random(a, b));
    }
  });

  it("reads SurveyJS's own questionsOrder, on a page or on the whole survey, where a page keeps its order with initial", () => {
    const survey = (order: Record<string, string>, pageOrders: (string | undefined)[]) =>
      JSON.stringify({
        ...order,
        pages: pageOrders.map((questionsOrder, index) => ({
          name: `side${index + 1}`,
          ...(questionsOrder ? { questionsOrder } : {}),
          elements: [
            { type: 'comment', name: `q${index}a` },
            { type: 'comment', name: `q${index}b` },
          ],
        })),
      });
    const flags = (json: string) => importSurveyJs(json).definition.sections.map((s) => !!s.randomiseOrder);
    expect(flags(survey({}, ['random', undefined]))).toEqual([true, false]);
    expect(flags(survey({ questionsOrder: 'random' }, [undefined, 'initial']))).toEqual([true, false]);
    expect(flags(survey({}, ['initial', 'default']))).toEqual([false, false]);
  });
});

describe('SurveyJS Likert grids', () => {
  const agree = {
    key: 'agree3',
    points: [1, 2, 3].map((value) => ({ value, label: text(`punkt ${value}`) })),
  };
  const gridded = (grid: boolean): InstrumentDefinition =>
    canonicalDefinition({
      scales: [agree],
      constructs: [],
      sections: [
        {
          key: 'start',
          title: text('Start'),
          items: [item({ key: 'intro', type: ItemType.TEXT })],
        },
        {
          key: 'grid',
          title: text('Rutenett'),
          grid,
          items: ['a', 'b', 'c'].map((key) => item({ key, type: ItemType.LIKERT, scale: 'agree3' })),
        },
      ],
    });

  it('keeps a grid section through SurveyJS, and leaves others as they were', () => {
    for (const grid of [true, false]) {
      const back = importSurveyJs(exportSurveyJs({ name: 'Rutenett', definition: gridded(grid) }));
      expect(back.definition).toEqual(gridded(grid));
    }
  });

  it('reads a page that is one SurveyJS matrix as a grid, and a matrix beside other questions as rows only', () => {
    const matrix = {
      type: 'matrix',
      name: 'trivsel',
      title: 'Hvor enig er du?',
      columns: [1, 2, 3].map((value) => ({ value, text: `punkt ${value}` })),
      rows: [
        { value: 'r1', text: 'Jeg trives' },
        { value: 'r2', text: 'Jeg blir hørt' },
      ],
    };
    const grids = (elements: object[]) =>
      importSurveyJs(JSON.stringify({ pages: [{ name: 'side1', elements }] })).definition.sections.map(
        (section) => !!section.grid,
      );
    expect(grids([matrix])).toEqual([true]);
    expect(grids([matrix, { type: 'comment', name: 'annet' }])).toEqual([false]);
  });
});

describe('SurveyJS piping', () => {
  /** The sample with its second page asking about answers on the first. */
  function piped() {
    const definition = sampleDefinition();
    const later = definition.sections[1]!.items[0]!;
    later.prompt = { nb: 'Om {{workplace}}: hvor enig?', en: 'At {{workplace}}, how far?' };
    later.help = { nb: 'Etter {{ years | noen }} år.', en: 'After {{years}} years.' };
    return { definition, later };
  }

  it('writes {{key}} as SurveyJS’s {key}, and reads it back exactly, the fallback from the verdi copy', () => {
    const { definition, later } = piped();
    const survey = parse(exportSurveyJs({ name: 'Rør', definition }));
    const question = element(survey, later.key);
    expect(question.title).toEqual({ default: 'At {workplace}, how far?', no: 'Om {workplace}: hvor enig?' });
    expect(question.description).toEqual({ default: 'After {years} years.', no: 'Etter {years} år.' });
    expect(question.verdiPrompt).toBeUndefined();
    expect(question.verdiHelp).toEqual(later.help);
    const back = importSurveyJs(JSON.stringify(survey));
    expect(back.notes).toEqual([]);
    expect(back.definition).toEqual(canonicalDefinition(definition));
  });

  it('takes a text edited in SurveyJS over the verdi copy, and reads its piping', () => {
    const { definition, later } = piped();
    const survey = parse(exportSurveyJs({ name: 'Rør', definition }));
    element(survey, later.key).description = { default: 'Years: {years}.', no: 'År: {years}, {unknown}.' };
    const back = importSurveyJs(JSON.stringify(survey));
    const item = back.definition.sections[1]!.items[0]!;
    expect(item.help).toEqual({ nb: 'År: {{years}}, {unknown}.', en: 'Years: {{years}}.' });
  });

  it('reads {name} in a SurveyJS survey written by hand as {{key}}, by the key the name became', () => {
    const back = importSurveyJs(
      JSON.stringify({
        locale: 'nb',
        pages: [
          { name: 'p1', elements: [{ type: 'text', name: 'Fornavn', title: 'Hva heter du?' }] },
          {
            name: 'p2',
            elements: [{ type: 'comment', name: 'hilsen', title: 'Hei {Fornavn}! {pageno} {{x}}' }],
          },
        ],
      }),
    );
    const items = back.definition.sections.flatMap((section) => section.items);
    expect(items.map((i) => i.key)).toEqual(['fornavn', 'hilsen']);
    expect(items[1]!.prompt.nb).toBe('Hei {{fornavn}}! {pageno} {{x}}');
    expect(back.notes.map((n) => `${n.kind}: ${n.fields.join(', ')}`)).toContain(
      'surveyjs.title.piped: hilsen',
    );
  });
});

describe('SurveyJS sliders, dates and "other, specify"', () => {
  it('exports them as slider, date input and showOtherItem, and imports them back exactly', () => {
    const definition = canonicalDefinition(newTypesDefinition());
    const json = exportSurveyJs({ name: 'Nye typer', definition });
    const survey = parse(json);
    expect(element(survey, 'mood')).toMatchObject({
      type: 'slider',
      min: 0,
      max: 10,
      step: 0.5,
      customLabels: [
        { value: 0, text: { default: 'Very bad', no: 'Svært dårlig', nn: 'Svært dårleg' } },
        { value: 10, text: { default: 'Very good', no: 'Svært godt', nn: 'Svært godt' } },
      ],
    });
    expect(element(survey, 'strain')).not.toHaveProperty('customLabels');
    expect(element(survey, 'started')).toMatchObject({
      type: 'text',
      inputType: 'date',
      min: '2020-01-01',
      max: '2026-12-31',
    });
    expect(element(survey, 'workplace')).toMatchObject({ type: 'radiogroup', showOtherItem: true });
    expect(element(survey, 'help')).toMatchObject({ type: 'checkbox', showOtherItem: true });
    expect(element(survey, 'other_followup').visibleIf).toBe("{workplace} = 'other'");
    expect(element(survey, 'calm').visibleIf).toBe('{mood} > 7.5');

    const back = importSurveyJs(json);
    expect(back.notes).toEqual([]);
    expect(back.definition).toEqual(definition);
    // Read as SurveyJS means it, without Verdi's copies, the conditions come out the same.
    for (const name of ['other_followup', 'calm']) {
      delete element(survey, name).verdiShowIf;
      delete element(survey, name).verdiRoles;
    }
    expect(importSurveyJs(JSON.stringify(survey)).definition).toEqual(definition);
  });

  it('imports sliders, range inputs, dates and "Other" items written in SurveyJS, and names what it drops', () => {
    const result = importSurveyJs(
      JSON.stringify({
        locale: 'no',
        pages: [
          {
            name: 'p1',
            elements: [
              {
                type: 'slider',
                name: 'pain',
                title: 'Smerte',
                customLabels: [
                  { value: 0, text: 'Ingen' },
                  { value: 50, text: 'Middels' },
                ],
              },
              { type: 'slider', name: 'span', title: 'Spenn', sliderType: 'range' },
              { type: 'text', inputType: 'range', name: 'volume', title: 'Volum', min: 1, max: 7 },
              {
                type: 'text',
                inputType: 'date',
                name: 'born',
                title: 'Født',
                min: '1900-01-01',
                max: 'today()',
              },
              {
                type: 'dropdown',
                name: 'town',
                title: 'By',
                choices: ['oslo', 'bergen'],
                showOtherItem: true,
              },
              {
                type: 'checkbox',
                name: 'taken',
                title: 'Tatt',
                choices: ['other', 'none'],
                showOtherItem: true,
              },
              { type: 'comment', name: 'why', title: 'Hvorfor?', visibleIf: "{town} = 'other'" },
            ],
          },
        ],
      }),
    );
    const items = new Map(result.definition.sections[0]!.items.map((i) => [i.key, i]));
    expect(items.get('pain')).toMatchObject({
      type: ItemType.SLIDER,
      min: 0,
      max: 100,
      minLabel: { nb: 'Ingen' },
    });
    expect(items.get('pain')!.step).toBeUndefined();
    expect(items.has('span')).toBe(false);
    expect(items.get('volume')).toMatchObject({ type: ItemType.SLIDER, min: 1, max: 7 });
    expect(items.get('born')).toMatchObject({ type: ItemType.DATE, earliest: '1900-01-01' });
    expect(items.get('born')!.latest).toBeUndefined();
    expect(items.get('town')!.otherOption).toBe(true);
    // An option already keyed "other" keeps it, and SurveyJS's own "Other" item is left out.
    expect(items.get('taken')!.otherOption).toBeUndefined();
    expect(items.get('why')!.showIf).toEqual({ item: 'town', op: ShowIfOperator.EQUALS, values: ['other'] });
    expect(result.notes.map((n) => [n.kind, n.fields])).toEqual([
      ['surveyjs.slider.range', ['span']],
      ['surveyjs.choice.other', ['taken']],
      ['surveyjs.date.bound', ['born']],
      ['surveyjs.slider.labels', ['pain']],
    ]);
  });
});
