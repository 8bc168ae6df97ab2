import { describe, expect, it } from 'vitest';
import { canonicalDefinition } from '../definition.canonical.js';
import { sampleDefinition } from '../test/sample-definition.js';
import { exportVerdiJson, importVerdiJson } from './verdi-json.js';

const document = {
  name: 'Verdi og utfordringer',
  description: 'Kjerneskjema',
  definition: sampleDefinition(),
};

describe("Verdi's JSON format", () => {
  it('round-trips losslessly: export → import → export is byte-identical', () => {
    const first = exportVerdiJson(document);
    const imported = importVerdiJson(first);
    expect(imported.name).toBe('Verdi og utfordringer');
    expect(imported.description).toBe('Kjerneskjema');
    expect(imported.definition).toEqual(canonicalDefinition(sampleDefinition()));
    expect(exportVerdiJson(imported)).toBe(first);
  });

  it('writes a canonical file: format header first, no nulls, two-space indent, final newline', () => {
    const text = exportVerdiJson({
      ...document,
      definition: {
        ...sampleDefinition(),
        sections: sampleDefinition().sections.map((s) => ({
          ...s,
          items: s.items.map((i) => ({ ...i, help: null, promptByRole: i.promptByRole ?? [] })),
        })),
      },
    });
    expect(
      text.startsWith(
        '{\n  "format": "verdi-instrument",\n  "formatVersion": 1,\n  "name": "Verdi og utfordringer"',
      ),
    ).toBe(true);
    expect(text).not.toContain('null');
    expect(text).not.toContain('"promptByRole": []');
    expect(text.endsWith('}\n')).toBe(true);
    expect(exportVerdiJson(importVerdiJson(text))).toBe(text);
  });

  it('keeps what the designer would write in any order or with untrimmed texts the same after one import', () => {
    const messy = JSON.parse(exportVerdiJson(document));
    messy.sections[0].title = { en: 'About you ', nb: ' Om deg' };
    const once = exportVerdiJson(importVerdiJson(JSON.stringify(messy)));
    expect(exportVerdiJson(importVerdiJson(once))).toBe(once);
    expect(JSON.parse(once).sections[0].title).toEqual({ nb: 'Om deg', en: 'About you' });
  });

  it('rejects a file that is not JSON, or not an instrument, saying where', () => {
    expect(() => importVerdiJson('{ not json')).toThrowError(/not JSON/);
    const wrong = JSON.parse(exportVerdiJson(document));
    wrong.sections[1].items[0].type = 'HOTSPOT';
    delete wrong.constructs[0].label;
    try {
      importVerdiJson(JSON.stringify(wrong));
      expect.unreachable();
    } catch (error) {
      const e = error as { message: string; extensions: { code: string } };
      expect(e.extensions.code).toBe('BAD_USER_INPUT');
      expect(e.message).toContain('/sections/1/items/0/type must be equal to one of the allowed values');
      expect(e.message).toContain("/constructs/0 must have required property 'label'");
    }
    expect(() => importVerdiJson(JSON.stringify({ format: 'other' }))).toThrowError(/not a Verdi instrument/);
  });
});
