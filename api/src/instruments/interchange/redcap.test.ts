import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { canonicalDefinition } from '../definition.canonical.js';
import { problemsOf } from '../definition.rules.js';
import { ItemType, RespondentRole, ShowIfOperator, type InstrumentDefinition } from '../definition.types.js';
import { newTypesDefinition } from '../test/new-types-definition.js';
import { likert, sampleDefinition } from '../test/sample-definition.js';
import { NoteSeverity } from './import-notes.js';
import { exportRedcapDictionary, importRedcapDictionary, REDCAP_COLUMNS } from './redcap.js';
import { importVerdiJson } from './verdi-json.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const fixture = (name: string) => readFileSync(path.join(here, 'fixtures/redcap', name), 'utf8');
const document = { name: 'Verdi og utfordringer', description: null, definition: sampleDefinition() };
const itemsOf = (definition: InstrumentDefinition) => definition.sections.flatMap((s) => s.items);

/** A dictionary in REDCap's column order from rows of [name, form, section, type, label, choices, …]. */
function dictionary(rows: Partial<Record<(typeof REDCAP_COLUMNS)[number], string>>[]): string {
  return stringify([[...REDCAP_COLUMNS], ...rows.map((row) => REDCAP_COLUMNS.map((c) => row[c] ?? ''))]);
}
const field = (
  name: string,
  type: string,
  label: string,
  extra: Partial<Record<(typeof REDCAP_COLUMNS)[number], string>> = {},
) => ({
  'Variable / Field Name': name,
  'Form Name': 'baseline',
  'Field Type': type,
  'Field Label': label,
  ...extra,
});
const RECORD_ID = field('record_id', 'text', 'Record ID');

describe('REDCap data dictionary export', () => {
  const rows: string[][] = parse(exportRedcapDictionary(document));
  const byKey = new Map(rows.slice(1).map((row) => [row[0], row]));

  it('starts with the record id (a text field), then the role field, then one field per item', () => {
    expect(rows[0]).toEqual([...REDCAP_COLUMNS]);
    expect(rows.slice(1).map((r) => r[0])).toEqual([
      'record_id',
      'role',
      'contact',
      'workplace',
      'years',
      'hope_1',
      'hope_2',
      'role_1',
      'value_text',
      'recommend',
    ]);
    expect(rows[1]!.slice(3, 5)).toEqual(['text', 'Record ID']);
    expect(byKey.get('role')!.slice(3, 6)).toEqual([
      'radio',
      'Hvilken rolle svarer du i? / Which role do you answer in?',
      '1, Tjenestebruker | 2, Fagperson | 3, Erfaringskonsulent',
    ]);
    expect(byKey.get('role')![12]).toBe('y');
  });

  it('gives a Likert item every choice, "Vet ikke / ikke aktuelt" with code -7 included', () => {
    const hope1 = byKey.get('hope_1')!;
    expect(hope1[2]).toBe('Verdi');
    expect(hope1[3]).toBe('radio');
    expect(hope1[5]).toBe(
      '1, Helt uenig | 2, Litt uenig | 3, Verken enig eller uenig | 4, Litt enig | 5, Helt enig | 99, Vet ikke / ikke aktuelt',
    );
    expect(hope1[17]).toContain('@VERDI-NA=99');
    // A scale that uses 99 itself gets the next free code, and the round trip still tells the two apart.
    const definition = sampleDefinition();
    definition.scales[0]!.points[4]!.value = 99;
    const again: string[][] = parse(exportRedcapDictionary({ ...document, definition }));
    expect(again.find((r) => r[0] === 'hope_1')![5]).toMatch(
      /\| 99, Helt enig \| 999, Vet ikke \/ ikke aktuelt$/,
    );
    const back = importRedcapDictionary(stringify(again), 'x');
    expect(back.definition.scales).toEqual(canonicalDefinition(definition).scales);
    expect(hope1[17]).toContain('@VERDI-CONSTRUCT=hope');
    expect(byKey.get('hope_2')![17]).toContain('@VERDI-REVERSE');
  });

  it('expresses roles as branching on the role field, joined with the show-if by "and"', () => {
    expect(byKey.get('workplace')![11]).toBe("[role] = '2' or [role] = '3'");
    expect(byKey.get('role_1')![11]).toBe("[role] = '2' or [role] = '3'");
    expect(byKey.get('hope_1')![11]).toBe("[contact] = '1'");
    expect(byKey.get('value_text')![11]).toBe("[workplace] = 'ambulant' or [workplace] = 'housing'");
    expect(byKey.get('recommend')![11]).toBe("[role] = '1' and [hope_2] > 2");
    const definition = sampleDefinition();
    const years = itemsOf(definition).find((i) => i.key === 'years')!;
    years.showIf = { item: 'workplace', op: ShowIfOperator.ONE_OF, values: ['ambulant', 'housing'] };
    const again: string[][] = parse(exportRedcapDictionary({ ...document, definition }));
    expect(again.find((r) => r[0] === 'years')![11]).toBe(
      "([role] = '2' or [role] = '3') and ([workplace] = 'ambulant' or [workplace] = 'housing')",
    );
  });

  it('writes numbers as "number" validation with their bounds, as REDCap has no whole-number flag Verdi could keep', () => {
    expect(byKey.get('years')!.slice(3, 10)).toEqual([
      'text',
      'Hvor mange år har du jobbet der?',
      '',
      '',
      'number',
      '0',
      '50',
    ]);
  });

  it('renames the record id and role fields when an item already uses the name', () => {
    const definition = sampleDefinition();
    definition.sections[0]!.items[1]!.key = 'role';
    const again: string[][] = parse(exportRedcapDictionary({ ...document, definition }));
    expect(again.slice(1, 4).map((r) => r[0])).toEqual(['record_id', 'verdi_role_2', 'contact']);
    expect(again.find((r) => r[0] === 'years')![11]).toBe("[verdi_role_2] = '2' or [verdi_role_2] = '3'");
  });
});

describe('Verdi → REDCap → Verdi', () => {
  const compare = (definition: InstrumentDefinition, description: string | null = null) => {
    const csv = exportRedcapDictionary({ name: 'Rundtur', description, definition });
    const back = importRedcapDictionary(csv, 'Rundtur');
    return { back, csv };
  };

  it('keeps the demo instrument whole: equal after the round trip, and no notes', () => {
    const demo = importVerdiJson(
      readFileSync(path.join(here, '../../../../seeds/data/instrument.json'), 'utf8'),
    );
    const { back } = compare(demo.definition, demo.description ?? null);
    expect(back.notes).toEqual([]);
    expect(back.unmapped).toEqual([]);
    expect(back.description).toBe(demo.description);
    expect(canonicalDefinition(back.definition)).toEqual(canonicalDefinition(demo.definition));
    expect(problemsOf(back.definition)).toEqual([]);
    const items = itemsOf(back.definition);
    expect(items.filter((i) => i.promptByRole?.length).length).toBeGreaterThan(0);
    expect(back.definition.scales[0]!.notApplicable?.nb).toBe('Vet ikke / ikke aktuelt');
  });

  it('writes piping as REDCap’s [field] and reads it back, keeping a fallback and odd spacing in the Verdi tag', () => {
    const definition = sampleDefinition();
    const later = definition.sections[1]!.items[0]!;
    later.prompt = { nb: 'Om {{workplace}}: hvor enig?', en: 'At {{workplace}}, how far do you agree?' };
    later.help = { nb: 'Du har jobbet {{ years | noen }} år; [ikke et felt] og [workplace].' };
    const { back, csv } = compare(definition);
    const row = (key: string) => (parse(csv) as string[][]).find((r) => r[0] === key)!;
    expect(row(later.key)[4]).toBe('Om [workplace]: hvor enig?');
    expect(row(later.key)[6]).toBe('Du har jobbet [years] år; [ikke et felt] og [workplace].');
    expect(canonicalDefinition(back.definition)).toEqual(canonicalDefinition(definition));
    expect(problemsOf(back.definition)).toEqual([]);
  });

  it('keeps texts that try to break a CSV, a choice list, HTML or a tag: line breaks, quotes, |, <b>, emoji, =1+1', () => {
    const definition = sampleDefinition();
    const items = itemsOf(definition);
    const workplace = items.find((i) => i.key === 'workplace')!;
    workplace.prompt = { nb: 'Hvor?\nSvar "ærlig", takk 😀', en: '=1+1', nn: '@HIDDEN @VERDI-TYPE=TEXT' };
    workplace.options![0]!.label = { nb: 'A | B, "C"\nD', en: '<b>bold</b> & co' };
    workplace.help = { nb: '<script>alert(1)</script> &amp;', en: 'x\r\ny' };
    items.find((i) => i.key === 'value_text')!.maxLength = 123;
    definition.sections[0]!.title = { nb: 'Om deg\n<i>kort</i>', en: 'About "you"', nn: 'Om deg' };
    definition.constructs[0]!.description = { nb: 'Beskrivelse 🌱', en: '}]"' };
    const { back } = compare(definition, 'Første linje\nandre "linje"');
    expect(back.notes.filter((n) => n.kind !== 'redcap.piping')).toEqual([]);
    expect(canonicalDefinition(back.definition)).toEqual(canonicalDefinition(definition));
    expect(back.description).toBe('Første linje\nandre "linje"');
  });

  it('keeps sliders, dates and "other, specify" whole, and lists "other" back as not a REDCap field', () => {
    const definition = newTypesDefinition();
    const { back, csv } = compare(definition);
    const rows: string[][] = parse(csv);
    const row = (key: string) => rows.find((r) => r[0] === key)!;
    // What REDCap itself reads: a slider with its ends and labels, a date_ymd text with its bounds.
    expect(row('mood').slice(3, 10)).toEqual([
      'slider',
      'Hvordan har du det i dag?',
      'Svært dårlig |  | Svært godt',
      '',
      'number',
      '0',
      '10',
    ]);
    expect(row('started').slice(3, 10)).toEqual([
      'text',
      'Når begynte du?',
      '',
      '',
      'date_ymd',
      '2020-01-01',
      '2026-12-31',
    ]);
    // REDCap shows the options only; "other" is not among its choices.
    expect(row('workplace')[5]).toBe('ambulant, Ambulant team | housing, Bolig');
    expect(row('other_followup')[11]).toBe("[workplace] = 'other'");
    expect(back.notes.map((n) => [n.kind, n.fields])).toEqual([['redcap.other', ['workplace', 'help']]]);
    expect(canonicalDefinition(back.definition)).toEqual(canonicalDefinition(definition));
    expect(problemsOf(back.definition)).toEqual([]);
  });

  it('keeps a randomised section (in @VERDI-SECTIONS: REDCap draws no order)', () => {
    const definition = newTypesDefinition();
    definition.sections.push({
      key: 'random',
      title: { nb: 'Påstander' },
      randomiseOrder: true,
      items: [likert('r1', null), likert('r2', null)],
    });
    definition.scales.push(
      ...sampleDefinition().scales.filter((s) => !definition.scales.some((d) => d.key === s.key)),
    );
    const { back } = compare(definition);
    expect(back.definition.sections.map((s) => s.randomiseOrder ?? null)).toEqual([null, true]);
    expect(canonicalDefinition(back.definition)).toEqual(canonicalDefinition(definition));
  });

  it('writes a grid section as a REDCap matrix named after the section, and reads it back as a grid', () => {
    const definition = newTypesDefinition();
    definition.sections.push({
      key: 'statements',
      title: { nb: 'Påstander' },
      grid: true,
      items: [likert('g1', null), likert('g2', null)],
    });
    definition.scales.push(
      ...sampleDefinition().scales.filter((s) => !definition.scales.some((d) => d.key === s.key)),
    );
    const { back, csv } = compare(definition);
    const rows: string[][] = parse(csv);
    const matrix = REDCAP_COLUMNS.indexOf('Matrix Group Name');
    expect(
      rows
        .slice(1)
        .filter((r) => r[matrix])
        .map((r) => [r[0], r[matrix]]),
    ).toEqual([
      ['g1', 'statements'],
      ['g2', 'statements'],
    ]);
    expect(back.definition.sections.map((s) => s.grid ?? null)).toEqual([null, true]);
    expect(back.notes.filter((n) => n.kind === 'redcap.matrix')).toEqual([]);
    expect(canonicalDefinition(back.definition)).toEqual(canonicalDefinition(definition));
  });

  it('reads a matrix of Likert rows in a section of its own as a grid; a matrix among other fields is noted', () => {
    const choices = '1, Uenig | 2, Enig';
    const result = importRedcapDictionary(
      dictionary([
        RECORD_ID,
        field('m1', 'radio', 'Jeg blir hørt', {
          'Section Header': 'Påstander',
          'Choices, Calculations, OR Slider Labels': choices,
          'Matrix Group Name': 'agree',
          'Field Annotation': '@VERDI-TYPE="LIKERT"',
        }),
        field('m2', 'radio', 'Jeg får hjelp', {
          'Choices, Calculations, OR Slider Labels': choices,
          'Matrix Group Name': 'agree',
          'Field Annotation': '@VERDI-TYPE="LIKERT"',
        }),
        field('plain', 'text', 'Noe mer?', { 'Section Header': 'Mer' }),
        field('m3', 'radio', 'Kommer du igjen?', {
          'Choices, Calculations, OR Slider Labels': choices,
          'Matrix Group Name': 'again',
          'Field Annotation': '@VERDI-TYPE="LIKERT"',
        }),
      ]),
      'x',
    );
    expect(
      result.definition.sections.map((s) => [
        s.items.map((i) => `${i.key}:${i.type}`).join(' '),
        s.grid ?? null,
      ]),
    ).toEqual([
      ['m1:LIKERT m2:LIKERT', true],
      ['plain:TEXT m3:LIKERT', null],
    ]);
    // The two fields' equal choices are one scale; the other matrix keeps its own.
    expect(result.definition.scales.map((s) => s.key)).toEqual(['m1_scale', 'm3_scale']);
    expect(itemsOf(result.definition).map((i) => i.scale ?? null)).toEqual([
      'm1_scale',
      'm1_scale',
      null,
      'm3_scale',
    ]);
    expect(problemsOf(result.definition)).toEqual([]);
    expect(result.notes.filter((n) => n.kind === 'redcap.matrix').map((n) => n.fields)).toEqual([['m3']]);
  });

  it('keeps items shown to no role, and every mix of roles with a show-if', () => {
    const definition = sampleDefinition();
    const items = itemsOf(definition);
    items.find((i) => i.key === 'hope_1')!.roles = [RespondentRole.CONSULTANT];
    items.find((i) => i.key === 'recommend')!.roles = [
      RespondentRole.SERVICE_USER,
      RespondentRole.CONSULTANT,
    ];
    items.find((i) => i.key === 'contact')!.roles = [];
    items.find((i) => i.key === 'value_text')!.roles = [];
    const { back, csv } = compare(definition);
    const rows: string[][] = parse(csv);
    expect(rows.find((r) => r[0] === 'value_text')![11]).toBe(
      "[workplace] = 'ambulant' or [workplace] = 'housing'",
    );
    expect(back.notes).toEqual([]);
    expect(canonicalDefinition(back.definition)).toEqual(canonicalDefinition(definition));
  });

  it('reads role conditions a researcher rewrote in REDCap: <>, double quotes, no quotes', () => {
    const rows: string[][] = parse(exportRedcapDictionary(document));
    rows.find((r) => r[0] === 'workplace')![11] = '[role] <> "1"';
    rows.find((r) => r[0] === 'hope_1')![11] = "[role] = 3 and [contact] = '1'";
    const back = importRedcapDictionary(stringify(rows), 'Redigert');
    expect(back.notes).toEqual([]);
    const items = itemsOf(back.definition);
    expect(items.find((i) => i.key === 'workplace')!.roles).toEqual([
      RespondentRole.PROFESSIONAL,
      RespondentRole.CONSULTANT,
    ]);
    expect(items.find((i) => i.key === 'hope_1')).toMatchObject({
      roles: [RespondentRole.CONSULTANT],
      showIf: { item: 'contact', op: ShowIfOperator.EQUALS, values: ['1'] },
    });
  });

  it('notes what was edited in REDCap instead of pretending it survived', () => {
    const rows: string[][] = parse(exportRedcapDictionary(document));
    const recommend = rows.find((r) => r[0] === 'recommend')!;
    recommend[11] = "[hope_2] > 2 and [contact] = '1'";
    const back = importRedcapDictionary(stringify(rows), 'Redigert');
    expect(back.notes.map((n) => [n.kind, n.fields])).toEqual([['redcap.branching.and', ['recommend']]]);
    expect(itemsOf(back.definition).find((i) => i.key === 'recommend')!.showIf).toBeUndefined();
  });
});

describe('REDCap data dictionary import', () => {
  it('takes the first field as the record id, not a question, and says so once', () => {
    const result = importRedcapDictionary(
      dictionary([field('study_id', 'text', 'Study ID'), field('age', 'text', 'Alder')]),
      'x',
    );
    expect(itemsOf(result.definition).map((i) => i.key)).toEqual(['age']);
    expect(result.notes).toEqual([
      expect.objectContaining({
        kind: 'redcap.record-id',
        severity: NoteSeverity.COSMETIC,
        fields: ['study_id'],
      }),
    ]);
  });

  it('reads every spelling of the header: download, older versions, the API export and a lowercase copy', () => {
    const body = [
      ['record_id', 'f', '', 'text', 'ID', '', '', '', '', '', '', '', '', '', '', '', '', ''],
      ['age', 'f', '', 'text', 'Age', '', '', 'integer', '16', '99', '', '', 'y', '', '', '', '', ''],
      ['when', 'f', '', 'text', 'When', '', '', 'date_ymd', '', '', '', '', '', '', '', '', '', ''],
      [
        'sex',
        'f',
        '',
        'radio',
        'Sex',
        '1, F | 2, M',
        '',
        '',
        '',
        '',
        '',
        '[age] >= 18',
        '',
        '',
        '',
        '',
        '',
        '',
      ],
    ];
    const headers = [
      [...REDCAP_COLUMNS],
      [
        'Variable / Field Name',
        'Form Name',
        'Section Header',
        'Field Type',
        'Field Label',
        'Choices OR Calculations',
        'Field Note',
        'Text Validation Type',
        'Text Validation Min',
        'Text Validation Max',
        'Identifier?',
        'Branching Logic (Show field only if...)',
        'Required Field?',
        'Custom Alignment',
        'Question Number (surveys only)',
        'Matrix Group Name',
        'Matrix Ranking?',
        'Field Annotation',
      ],
      [
        'field_name',
        'form_name',
        'section_header',
        'field_type',
        'field_label',
        'select_choices_or_calculations',
        'field_note',
        'text_validation_type_or_show_slider_number',
        'text_validation_min',
        'text_validation_max',
        'identifier',
        'branching_logic',
        'required_field',
        'custom_alignment',
        'question_number',
        'matrix_group_name',
        'matrix_ranking',
        'field_annotation',
      ],
      REDCAP_COLUMNS.map((c) => c.toLowerCase()),
    ];
    const results = headers.map((header) => importRedcapDictionary(stringify([header, ...body]), 'x'));
    for (const result of results) {
      expect(itemsOf(result.definition)).toEqual(itemsOf(results[0]!.definition));
      expect(result.notes).toEqual(results[0]!.notes);
    }
    const items = itemsOf(results[0]!.definition);
    expect(items.find((i) => i.key === 'age')).toMatchObject({
      type: ItemType.NUMBER,
      min: 16,
      max: 99,
      required: true,
    });
    expect(items.find((i) => i.key === 'sex')!.showIf).toEqual({
      item: 'age',
      op: ShowIfOperator.GREATER_THAN,
      values: ['17'],
    });
    expect(results[0]!.notes.map((n) => [n.kind, n.fields])).toEqual(
      expect.arrayContaining([['redcap.validation.integer', ['age']]]),
    );
    expect(items.find((i) => i.key === 'when')!.type).toBe(ItemType.DATE);
  });

  it('follows REDCap action tags: hidden, automatic, computed and read-only fields are left out and named', () => {
    const result = importRedcapDictionary(
      dictionary([
        RECORD_ID,
        field('stamp', 'text', 'Tidspunkt', { 'Field Annotation': '@HIDDEN @NOW', 'Required Field?': 'y' }),
        field('today', 'text', 'I dag', { 'Field Annotation': '@TODAY' }),
        field('bmi_text', 'text', 'BMI', { 'Field Annotation': '@CALCTEXT(if([x]>1, "a", "b"))' }),
        field('due', 'text', 'Frist', { 'Field Annotation': "@CALCDATE([start], 7, 'd')" }),
        field('site', 'text', 'Sted', { 'Field Annotation': '@READONLY @DEFAULT="Oslo"' }),
        field('survey_hidden', 'text', 'Skjult', { 'Field Annotation': '@HIDDEN-SURVEY' }),
        field('score', 'calc', 'Sum', { 'Choices, Calculations, OR Slider Labels': 'sum([a],[b])' }),
        field('intro', 'descriptive', 'Velkommen'),
        field('mood', 'text', 'Humør', { 'Field Annotation': '@DEFAULT="ok" @PLACEHOLDER="skriv"' }),
        field('staff', 'text', 'Ansatt', { 'Field Annotation': '@HIDDEN-FORM' }),
        field('limited', 'notes', 'Kort svar', { 'Field Annotation': '@CHARLIMIT=200' }),
        field('upload', 'file', 'Last opp'),
      ]),
      'x',
    );
    const items = itemsOf(result.definition);
    expect(items.map((i) => [i.key, i.type])).toEqual([
      ['mood', ItemType.TEXT],
      ['staff', ItemType.TEXT],
      ['limited', ItemType.TEXT],
    ]);
    expect(items.find((i) => i.key === 'limited')!.maxLength).toBe(200);
    const byKind = new Map(result.notes.map((n) => [n.kind, n.fields]));
    expect(Object.fromEntries(byKind)).toEqual({
      'redcap.record-id': ['record_id'],
      'redcap.action-tag.auto-value': ['stamp', 'today'],
      'redcap.action-tag.calc': ['bmi_text', 'due'],
      'redcap.action-tag.readonly': ['site'],
      'redcap.action-tag.hidden': ['survey_hidden'],
      'redcap.field-type.calc': ['score'],
      'redcap.field-type.descriptive': ['intro'],
      'redcap.action-tag.default': ['mood'],
      'redcap.action-tag.other': ['mood (@PLACEHOLDER)'],
      'redcap.action-tag.form-only': ['staff'],
      'redcap.field-type.file': ['upload'],
    });
    // What changes the questionnaire comes first.
    const severities = result.notes.map((n) => n.severity);
    expect(severities).toEqual([...severities].sort((a, b) => order(a) - order(b)));
    expect(severities[0]).toBe(NoteSeverity.CHANGES_QUESTIONNAIRE);
  });

  it('keeps a slider’s explicit range and its end labels, and notes a lost middle label', () => {
    const result = importRedcapDictionary(
      dictionary([
        RECORD_ID,
        field('pain', 'slider', 'Smerte', {
          'Choices, Calculations, OR Slider Labels': 'Ingen | | Verst tenkelig',
          'Text Validation Type OR Show Slider Number': 'number',
          'Text Validation Min': '0',
          'Text Validation Max': '10',
        }),
        field('vas', 'slider', 'VAS'),
      ]),
      'x',
    );
    const items = itemsOf(result.definition);
    expect(items.map((i) => [i.key, i.type, i.min, i.max, i.minLabel ?? null, i.maxLabel ?? null])).toEqual([
      ['pain', ItemType.SLIDER, 0, 10, { nb: 'Ingen' }, { nb: 'Verst tenkelig' }],
      ['vas', ItemType.SLIDER, 0, 100, null, null],
    ]);
    expect(result.notes.find((n) => n.kind === 'redcap.slider')).toBeUndefined();
    const middle = importRedcapDictionary(
      dictionary([
        RECORD_ID,
        field('pain', 'slider', 'Smerte', {
          'Choices, Calculations, OR Slider Labels': 'Ingen | Middels | Mye',
        }),
      ]),
      'x',
    );
    expect(itemsOf(middle.definition)[0]).toMatchObject({
      minLabel: { nb: 'Ingen' },
      maxLabel: { nb: 'Mye' },
    });
    expect(middle.notes.find((n) => n.kind === 'redcap.slider')!.fields).toEqual(['pain']);
  });

  it('translates branching logic the way REDCap means it: <>, !=, quotes, or-chains, ordered codes', () => {
    const result = importRedcapDictionary(
      dictionary([
        RECORD_ID,
        field('smoker', 'radio', 'Røyker du?', {
          'Choices, Calculations, OR Slider Labels': '1, Ja | 0, Nei | -9, Vet ikke | dailyUse, Daglig',
        }),
        field('a', 'text', 'A', { 'Branching Logic (Show field only if...)': '[smoker] = "1"' }),
        field('b', 'text', 'B', { 'Branching Logic (Show field only if...)': "[smoker] <> '0'" }),
        field('c', 'text', 'C', { 'Branching Logic (Show field only if...)': '[smoker] != "-9"' }),
        field('d', 'text', 'D', {
          'Branching Logic (Show field only if...)': "[smoker]='1' OR [smoker] = 'dailyUse'",
        }),
        field('e', 'text', 'E', { 'Branching Logic (Show field only if...)': "[smoker] = '-9'" }),
        field('f', 'text', 'F', { 'Branching Logic (Show field only if...)': "([smoker] = 'dailyUse')" }),
        field('n', 'text', 'N', {
          'Text Validation Type OR Show Slider Number': 'integer',
          'Branching Logic (Show field only if...)': "[smoker] <> ''",
        }),
        field('g', 'text', 'G', { 'Branching Logic (Show field only if...)': '[n] >= 18' }),
        field('h', 'text', 'H', { 'Branching Logic (Show field only if...)': '[n] <= 3' }),
        field('i', 'text', 'I', { 'Branching Logic (Show field only if...)': '[n] > [smoker]' }),
        field('j', 'text', 'J', { 'Branching Logic (Show field only if...)': "[n] > 1 and [smoker] = '1'" }),
        field('k', 'text', 'K', { 'Branching Logic (Show field only if...)': "[n] > 1 or [smoker] = '1'" }),
        field('l', 'text', 'L', {
          'Branching Logic (Show field only if...)': "datediff([x], 'today', 'y') > 1",
        }),
        field('m', 'text', 'M', { 'Branching Logic (Show field only if...)': "[later] = '1'" }),
        field('o', 'text', 'O', { 'Branching Logic (Show field only if...)': "[nowhere] = '1'" }),
        field('p', 'text', 'P', { 'Branching Logic (Show field only if...)': "[n] = ''" }),
        field('q', 'text', 'Q', {
          'Branching Logic (Show field only if...)':
            "# ikke røykere\n[smoker] <> '0' and [smoker] != '1' # slutt",
        }),
        field('later', 'yesno', 'Senere'),
      ]),
      'x',
    );
    const items = new Map(itemsOf(result.definition).map((i) => [i.key, i]));
    const smoker = items.get('smoker')!;
    expect(smoker.options!.map((o) => o.key)).toEqual(['1', '0', 'minus_9', 'dailyuse']);
    const show = (key: string) => items.get(key)!.showIf;
    expect(show('a')).toEqual({ item: 'smoker', op: ShowIfOperator.EQUALS, values: ['1'] });
    expect(show('b')).toEqual({
      item: 'smoker',
      op: ShowIfOperator.ONE_OF,
      values: ['1', 'minus_9', 'dailyuse'],
    });
    expect(show('c')).toEqual({ item: 'smoker', op: ShowIfOperator.ONE_OF, values: ['1', '0', 'dailyuse'] });
    expect(show('d')).toEqual({ item: 'smoker', op: ShowIfOperator.ONE_OF, values: ['1', 'dailyuse'] });
    expect(show('e')).toEqual({ item: 'smoker', op: ShowIfOperator.EQUALS, values: ['minus_9'] });
    expect(show('f')).toEqual({ item: 'smoker', op: ShowIfOperator.EQUALS, values: ['dailyuse'] });
    expect(show('n')).toEqual({
      item: 'smoker',
      op: ShowIfOperator.ONE_OF,
      values: ['1', '0', 'minus_9', 'dailyuse'],
    });
    expect(show('g')).toEqual({ item: 'n', op: ShowIfOperator.GREATER_THAN, values: ['17'] });
    expect(show('h')).toEqual({ item: 'n', op: ShowIfOperator.LESS_THAN, values: ['4'] });
    expect(show('q')).toEqual({ item: 'smoker', op: ShowIfOperator.ONE_OF, values: ['minus_9', 'dailyuse'] });
    for (const key of ['i', 'j', 'k', 'l', 'm', 'o', 'p']) expect(show(key)).toBeUndefined();
    const byKind = Object.fromEntries(result.notes.map((n) => [n.kind, n.fields]));
    expect(byKind).toMatchObject({
      'redcap.branching.field-vs-field': ['i'],
      'redcap.branching.and': ['j'],
      'redcap.branching.or-fields': ['k'],
      'redcap.branching.function': ['l'],
      'redcap.branching.later-field': ['m'],
      'redcap.branching.unknown-field': ['o'],
      'redcap.branching.blank': ['p'],
      'redcap.branching.not-equal-blank': ['b', 'c', 'q'],
      'redcap.option-key': ['smoker'],
    });
    // No single comparison is ever called anything but what it is.
    const lostConditions = result.notes
      .filter((n) => n.severity === NoteSeverity.CHANGES_QUESTIONNAIRE)
      .flatMap((n) => n.fields);
    for (const key of ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'n', 'q'])
      expect(lostConditions).not.toContain(key);
    expect(problemsOf(result.definition).filter((p) => p.path.includes('showIf'))).toEqual([]);
  });

  it('notes piping, HTML, identifiers and matrices once each, with every field', () => {
    const result = importRedcapDictionary(
      dictionary([
        RECORD_ID,
        field('name', 'text', 'Navn', { 'Identifier?': 'y' }),
        field('q1', 'radio', '<b>Hei [name]</b>, hvordan går det?', {
          'Choices, Calculations, OR Slider Labels': '1, Bra | 2, Dårlig',
          'Matrix Group Name': 'm',
        }),
        field('q2', 'radio', 'Og [name:value] [event_1_arm_1][name]?', {
          'Choices, Calculations, OR Slider Labels': '1, Bra | 2, Dårlig',
          'Matrix Group Name': 'm',
        }),
      ]),
      'x',
    );
    const q1 = itemsOf(result.definition).find((i) => i.key === 'q1')!;
    // A plain [field] is Verdi's piping; what Verdi cannot show stays as written, and is noted.
    expect(q1.prompt.nb).toBe('Hei {{name}}, hvordan går det?');
    const q2 = itemsOf(result.definition).find((i) => i.key === 'q2')!;
    expect(q2.prompt.nb).toBe('Og [name:value] [event_1_arm_1][name]?');
    const byKind = Object.fromEntries(result.notes.map((n) => [n.kind, n.fields]));
    expect(byKind).toMatchObject({
      'redcap.piping': ['q2'],
      'redcap.html': ['q1'],
      'redcap.identifier': ['name'],
      'redcap.matrix': ['q1', 'q2'],
    });
    expect(result.unmapped).toContain(
      'The text shows an answer in a way Verdi cannot take over (another event, [field:value], [field(code)], a smart variable, or in a choice or section header); the brackets stay as written. A plain [field] becomes {{field}}. Field: q2.',
    );
  });

  it('rejects what is not a data dictionary, naming the missing columns', () => {
    expect(() => importRedcapDictionary('name,age\nx,1', 'x')).toThrowError(
      /no column "Variable \/ Field Name", "Field Type", "Field Label"/,
    );
    expect(() => importRedcapDictionary(stringify([[...REDCAP_COLUMNS]]), 'x')).toThrowError(
      /without fields/,
    );
    expect(() => importRedcapDictionary('"unclosed\n', 'x')).toThrowError();
  });

  it('survives NUL characters, emoji and huge labels without losing them', () => {
    const huge = 'å'.repeat(100_000);
    const result = importRedcapDictionary(
      dictionary([RECORD_ID, field('q', 'notes', `Hei\u0000 😀 ${huge}`)]),
      'x',
    );
    expect(itemsOf(result.definition)[0]!.prompt.nb).toBe(`Hei\u0000 😀 ${huge}`);
  });

  it('keeps going on a broken Verdi tag, a duplicate field name and an invalid one, naming the renamed fields', () => {
    const result = importRedcapDictionary(
      dictionary([
        RECORD_ID,
        field('q', 'text', 'Q', {
          'Field Annotation': '@VERDI-TEXT={"prompt":{"en":"unclosed @VERDI-REVERSE',
        }),
        field('q', 'text', 'Q igjen'),
        field('Høyde_CM', 'text', 'Høyde'),
      ]),
      'x',
    );
    expect(itemsOf(result.definition).map((i) => [i.key, i.prompt.nb])).toEqual([
      ['q', 'Q'],
      ['q_2', 'Q igjen'],
      ['hoyde_cm', 'Høyde'],
    ]);
    expect(result.notes.find((n) => n.kind === 'redcap.field-key')!.fields).toEqual([
      'q (q_2)',
      'Høyde_CM (hoyde_cm)',
    ]);
    expect(problemsOf(result.definition)).toEqual([]);
  });
});

const order = (severity: NoteSeverity) =>
  [NoteSeverity.CHANGES_QUESTIONNAIRE, NoteSeverity.LOSES_DETAIL, NoteSeverity.COSMETIC].indexOf(severity);

/** Every field of a dictionary is an item or named in a note: nothing disappears silently. */
function expectNothingSilentlyLost(csv: string, result: ReturnType<typeof importRedcapDictionary>) {
  const rows: string[][] = parse(csv.replace(/^\uFEFF/, ''), {
    relax_column_count: true,
    relax_quotes: true,
  });
  const names = rows
    .slice(1)
    .map((r) => r[0]!.trim())
    .filter(Boolean);
  const items = new Set(itemsOf(result.definition).map((i) => i.key));
  const noted = new Set(result.notes.flatMap((n) => n.fields.map((f) => f.replace(/ \(.*\)$/, ''))));
  const renamed = new Map(
    result.notes
      .filter((n) => n.kind === 'redcap.field-key')
      .flatMap((n) => n.fields.map((f) => [f.replace(/ \(.*\)$/, ''), /\((.*)\)$/.exec(f)![1]!])),
  );
  const lost = names.filter((name) => !items.has(renamed.get(name) ?? name) && !noted.has(name));
  expect(lost).toEqual([]);
  // Every note has its text in both languages, and a field list unless it is about the whole file.
  for (const note of result.notes) {
    expect(note.message.nb.length).toBeGreaterThan(10);
    expect(note.message.en.length).toBeGreaterThan(10);
    expect(note.fields.length).toBeGreaterThan(0);
    expect(new Set(note.fields).size).toBe(note.fields.length);
  }
  expect(new Set(result.notes.map((n) => n.kind)).size).toBe(result.notes.length);
  return items;
}

describe('public REDCap dictionaries of real projects (fixtures/redcap/README.md)', () => {
  it('Bridge2AI Voice (1,903 fields): imports, names every field it leaves out, maps spot-checked fields', () => {
    const csv = fixture('bridge2ai-voice.csv');
    const result = importRedcapDictionary(csv, 'Bridge2AI');
    const items = expectNothingSilentlyLost(csv, result);
    expect(items.size).toBeGreaterThan(1000);
    const byKey = new Map(itemsOf(result.definition).map((i) => [i.key, i]));
    const byKind = Object.fromEntries(result.notes.map((n) => [n.kind, n.fields]));
    expect(byKind['redcap.record-id']).toEqual(['record_id']);
    // @HIDDEN and @READONLY fields are not visible questions.
    expect(byKind['redcap.action-tag.hidden']!.length).toBeGreaterThan(100);
    expect(byKind['redcap.action-tag.readonly']!.length).toBeGreaterThan(10);
    const rows: string[][] = parse(csv.replace(/^\uFEFF/, ''), { relax_column_count: true });
    for (const row of rows.slice(1).filter((r) => /@(HIDDEN|READONLY|CALCTEXT)(?![-\w])/.test(r[17] ?? '')))
      expect(byKey.has(row[0]!)).toBe(false);
    // Number validations survive under this header spelling.
    const integers = rows
      .slice(1)
      .filter(
        (r) =>
          r[3] === 'text' && r[7] === 'integer' && !/@HIDDEN|@READONLY|@CALC|@NOW|@TODAY/.test(r[17] ?? ''),
      );
    expect(integers.length).toBeGreaterThan(0);
    for (const row of integers) expect(byKey.get(row[0]!)?.type).toBe(ItemType.NUMBER);
    // "[consent_status] = 2" (unquoted) is a single comparison, not "more than one".
    const single = rows.slice(1).find((r) => r[11] === "[consent_status] = '2'" && byKey.has(r[0]!));
    if (single) expect(byKey.get(single[0]!)!.showIf?.item).toBe('consent_status');
    const branched = rows.slice(1).filter((r) => r[11] && byKey.has(r[0]!));
    const shown = branched.filter((r) => byKey.get(r[0]!)!.showIf);
    expect(shown.length / branched.length).toBeGreaterThan(0.5);
    // The slider range is kept.
    const slider = rows.slice(1).find((r) => r[3] === 'slider' && byKey.has(r[0]!))!;
    expect(byKey.get(slider[0]!)).toMatchObject({
      type: ItemType.SLIDER,
      min: Number(slider[8] || 0),
      max: Number(slider[9] || 100),
    });
  });

  it('RareLink CDM v2.0.5 (108 fields, a header whose first cell is not a name): imports by position', () => {
    const csv = fixture('rarelink-cdm-v2_0_5.csv');
    const result = importRedcapDictionary(csv, 'RareLink');
    expectNothingSilentlyLost(csv, result);
    const rows: string[][] = parse(csv, { relax_column_count: true, relax_quotes: true });
    const byKey = new Map(itemsOf(result.definition).map((i) => [i.key, i]));
    const conditioned = rows.slice(1).find((r) => r[11] === "[disease_coding] = 'mondo'")!;
    expect(byKey.get(conditioned[0]!)!.showIf).toEqual({
      item: 'disease_coding',
      op: ShowIfOperator.EQUALS,
      values: ['mondo'],
    });
    expect(result.notes.find((n) => n.kind === 'redcap.record-id')!.fields).toEqual(['record_id']);
    const dropdown = rows.slice(1).find((r) => r[3] === 'dropdown')!;
    expect(byKey.get(dropdown[0]!)!.type).toBe(ItemType.SINGLE_CHOICE);
    const date = rows.slice(1).find((r) => r[7] === 'date_ymd')!;
    expect(byKey.get(date[0]!)!.type).toBe(ItemType.DATE);
  });

  it('REDCapR survey project (25 fields): every type it has maps or is named', () => {
    const csv = fixture('redcapr-survey.csv');
    const result = importRedcapDictionary(csv, 'Survey');
    const items = expectNothingSilentlyLost(csv, result);
    expect(items.size).toBeGreaterThan(15);
    const byKey = new Map(itemsOf(result.definition).map((i) => [i.key, i]));
    const rows: string[][] = parse(csv.replace(/^\uFEFF/, ''), { relax_column_count: true });
    for (const row of rows.slice(2)) {
      const item = byKey.get(row[0]!);
      if (row[3] === 'yesno' || row[3] === 'truefalse') expect(item?.type).toBe(ItemType.YES_NO);
      if (row[3] === 'checkbox') expect(item?.type).toBe(ItemType.MULTI_CHOICE);
      if (row[3] === 'text' && row[7] === 'integer') expect(item?.type).toBe(ItemType.NUMBER);
    }
  });

  it('REDCapR validation types (50 fields): each validation is kept, or named with the field', () => {
    const csv = fixture('redcapr-validation-types.csv');
    const result = importRedcapDictionary(csv, 'Validation');
    expectNothingSilentlyLost(csv, result);
    const rows: string[][] = parse(csv.replace(/^\uFEFF/, ''), { relax_column_count: true });
    const byKey = new Map(itemsOf(result.definition).map((i) => [i.key, i]));
    const textNotes = result.notes.find((n) => n.kind === 'redcap.validation.text')!.fields;
    for (const row of rows.slice(2).filter((r) => r[3] === 'text' && r[7])) {
      const item = byKey.get(row[0]!);
      if (/^(integer|number)/.test(row[7]!)) expect(item?.type).toBe(ItemType.NUMBER);
      else if (/^date_(ymd|dmy|mdy)$/.test(row[7]!)) expect(item?.type).toBe(ItemType.DATE);
      else if (item) expect(textNotes).toContain(`${row[0]} (${row[7]})`);
    }
  });

  // Public dictionaries whose repositories carry no licence are not committed: point these at local copies.
  const external = (process.env.VERDI_REDCAP_DICTIONARIES ?? '').split(path.delimiter).filter(Boolean);
  it.skipIf(external.length === 0)(
    'dictionaries named in VERDI_REDCAP_DICTIONARIES import with nothing lost silently',
    () => {
      for (const file of external) {
        const csv = readFileSync(file, 'utf8');
        const result = importRedcapDictionary(csv, path.basename(file));
        expectNothingSilentlyLost(csv, result);
        expect(itemsOf(result.definition).length).toBeGreaterThan(0);
      }
    },
  );
});
