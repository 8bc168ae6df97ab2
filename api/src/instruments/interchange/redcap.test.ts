import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { canonicalDefinition } from '../definition.canonical.js';
import { problemsOf } from '../definition.rules.js';
import { ItemType, ShowIfOperator } from '../definition.types.js';
import { sampleDefinition } from '../test/sample-definition.js';
import { exportRedcapDictionary, importRedcapDictionary, REDCAP_COLUMNS } from './redcap.js';

const document = { name: 'Verdi og utfordringer', description: null, definition: sampleDefinition() };

describe('REDCap data dictionary', () => {
  it('exports one row per item with REDCap columns, choices, branching and Verdi tags', () => {
    const rows: string[][] = parse(exportRedcapDictionary(document));
    expect(rows[0]).toEqual([...REDCAP_COLUMNS]);
    const byKey = new Map(rows.slice(1).map((row) => [row[0], row]));
    expect([...byKey.keys()]).toEqual([
      'contact',
      'workplace',
      'years',
      'hope_1',
      'hope_2',
      'role_1',
      'value_text',
      'recommend',
    ]);
    const hope1 = byKey.get('hope_1')!;
    expect(hope1[1]).toBe('verdi_og_utfordringer');
    expect(hope1[2]).toBe('Verdi');
    expect(hope1[3]).toBe('radio');
    expect(hope1[5]).toBe(
      '1, Helt uenig | 2, Litt uenig | 3, Verken enig eller uenig | 4, Litt enig | 5, Helt enig',
    );
    expect(hope1[11]).toBe("[contact] = '1'");
    expect(hope1[17]).toBe('@VERDI-TYPE=LIKERT @VERDI-CONSTRUCT=hope @VERDI-KIND=VALUE @VERDI-SCALE=agree5');
    expect(byKey.get('hope_2')![17]).toContain('@VERDI-REVERSE');
    expect(byKey.get('contact')![3]).toBe('yesno');
    expect(byKey.get('contact')![12]).toBe('y');
    expect(byKey.get('years')!.slice(3, 10)).toEqual([
      'text',
      'Hvor mange år har du jobbet der?',
      '',
      '',
      'integer',
      '0',
      '50',
    ]);
    expect(byKey.get('value_text')![11]).toBe("[workplace] = 'ambulant' or [workplace] = 'housing'");
    expect(byKey.get('recommend')![11]).toBe('[hope_2] > 2');
    expect(byKey.get('role_1')![17]).toContain('@VERDI-ROLES=PROFESSIONAL,CONSULTANT');
  });

  it('imports its own export back with keys, types, constructs, roles, scales, rules and bokmål texts intact', () => {
    const imported = importRedcapDictionary(exportRedcapDictionary(document), 'Tilbake');
    expect(imported.unmapped).toEqual([]);
    expect(problemsOf(imported.definition)).toEqual([]);
    const original = canonicalDefinition(sampleDefinition());
    const back = canonicalDefinition(imported.definition);
    const strip = (d: typeof original) =>
      d.sections
        .flatMap((s) => s.items)
        .map((i) => ({
          key: i.key,
          type: i.type,
          construct: i.construct,
          roles: i.roles,
          nb: i.prompt.nb,
          required: i.required,
          reverseScored: i.reverseScored,
          scale: i.scale,
          options: i.options?.map((o) => [o.key, o.label.nb]),
          min: i.min,
          max: i.max,
          showIf: i.showIf,
        }));
    expect(strip(back)).toEqual(strip(original));
    expect(back.sections.map((s) => s.title.nb)).toEqual(['Om deg', 'Verdi']);
    expect(back.constructs.map((c) => [c.key, c.kind])).toEqual([
      ['hope', 'VALUE'],
      ['role_clarity', 'CHALLENGE'],
    ]);
  });

  it('imports a foreign dictionary, listing what does not map instead of dropping it silently', () => {
    const csv = [
      REDCAP_COLUMNS.map((c) => `"${c}"`).join(','),
      'record_id,baseline,,text,Record ID,,,,,,,,,,,,,',
      'age,baseline,"<b>Bakgrunn</b>",text,Alder,,,integer,16,99,,,y,,,,,',
      'gender,baseline,,radio,Kjønn,"1, Kvinne | 2, Mann | 3, Annet",,,,,,,,,,,,',
      'services,baseline,,checkbox,Hvilke tjenester?,"a, Bolig | b, Arbeid",,,,,,,,,,,,',
      'visit_date,baseline,,text,Dato,,,date_ymd,,,,,,,,,,',
      'bmi,baseline,,calc,BMI,"[weight]/([height]*[height])",,,,,,,,,,,,',
      'other_services,baseline,,notes,Andre?,,,,,,,"[services(b)] = \'1\'",,,,,,',
      'complex,baseline,,yesno,Komplisert,,,,,,,"[age] > 18 and [gender] = \'1\'",,,,,,',
      'consent_name,baseline,,text,Navn,,,,,,y,,,,,,,',
    ].join('\n');
    const imported = importRedcapDictionary(csv, 'Fremmed');
    const items = imported.definition.sections.flatMap((s) => s.items);
    expect(items.map((i) => [i.key, i.type])).toEqual([
      ['record_id', ItemType.TEXT],
      ['age', ItemType.NUMBER],
      ['gender', ItemType.SINGLE_CHOICE],
      ['services', ItemType.MULTI_CHOICE],
      ['visit_date', ItemType.TEXT],
      ['other_services', ItemType.TEXT],
      ['complex', ItemType.YES_NO],
      ['consent_name', ItemType.TEXT],
    ]);
    expect(imported.definition.sections.map((s) => s.title.nb)).toEqual(['baseline', 'Bakgrunn']);
    expect(items.find((i) => i.key === 'age')).toMatchObject({ min: 16, max: 99, required: true });
    expect(items.find((i) => i.key === 'gender')!.options!.map((o) => o.key)).toEqual(['1', '2', '3']);
    expect(items.find((i) => i.key === 'other_services')!.showIf).toEqual({
      item: 'services',
      op: ShowIfOperator.EQUALS,
      values: ['b'],
    });
    expect(imported.unmapped).toEqual([
      'visit_date: the "date_ymd" validation has no counterpart; imported as free text',
      'bmi: field type "calc" has no counterpart in Verdi; the field was left out',
      'complex: branching logic "[age] > 18 and [gender] = \'1\'" is more than one comparison; the item is always shown',
      'consent_name: marked as an identifier in REDCap; Verdi does not collect identifiers, review it',
    ]);
  });

  it('rejects a file that is not a data dictionary, naming the missing columns', () => {
    expect(() => importRedcapDictionary('name,age\nx,1', 'x')).toThrowError(
      /no column "Variable \/ Field Name", "Field Type", "Field Label"/,
    );
  });
});
