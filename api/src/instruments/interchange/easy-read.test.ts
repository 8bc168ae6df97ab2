import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { canonicalDefinition } from '../definition.canonical.js';
import type { InstrumentDefinition } from '../definition.types.js';
import { exportRedcapDictionary, importRedcapDictionary } from './redcap.js';
import { importSurveyJs } from './surveyjs.js';
import { exportSurveyJs } from './surveyjs-export.js';
import { exportVerdiJson, importVerdiJson } from './verdi-json.js';
import { exportXlsForm, importXlsForm } from './xlsform.js';

/** The demo's core instrument with easy-read texts on a question and on one role's own wording. */
function withEasyRead(): InstrumentDefinition {
  const core = importVerdiJson(
    readFileSync(path.join(import.meta.dirname, '../../../../seeds/data/instrument.json'), 'utf8'),
  ).definition;
  const items = core.sections.flatMap((s) => s.items);
  const simple = (text: { nb: string; en?: string | null; nn?: string | null }, mark: string) => ({
    nb: `${mark}: ${text.nb}`,
    ...(text.en ? { en: `${mark}: ${text.en}` } : {}),
    ...(text.nn ? { nn: `${mark}: ${text.nn}` } : {}),
  });
  const plain = items.find((i) => !i.promptByRole?.length)!;
  plain.easyRead = simple(plain.prompt, 'Lett');
  const worded = items.find((i) => i.promptByRole?.length)!;
  worded.promptByRole![0]!.easyRead = simple(worded.promptByRole![0]!.text, 'Lett rolle');
  return canonicalDefinition(core);
}

describe('easy-read texts through every interchange format', () => {
  const definition = withEasyRead();
  const document = { name: 'Lettlest', definition };
  const easyReadOf = (d: InstrumentDefinition) =>
    d.sections.flatMap((s) =>
      s.items.flatMap((i) => [
        [i.key, i.easyRead ?? null],
        ...(i.promptByRole ?? []).map((p) => [`${i.key}:${p.role}`, p.easyRead ?? null]),
      ]),
    );

  it('come back from Verdi JSON, REDCap, SurveyJS and XLSForm as they went', async () => {
    const back = {
      json: importVerdiJson(exportVerdiJson(document)),
      redcap: importRedcapDictionary(exportRedcapDictionary(document), 'Lettlest'),
      surveyjs: importSurveyJs(exportSurveyJs(document)),
      xlsform: await importXlsForm((await exportXlsForm(document)).toString('base64')),
    };
    expect(easyReadOf(definition).filter(([, text]) => text !== null)).toHaveLength(2);
    for (const [format, imported] of Object.entries(back)) {
      expect(easyReadOf(canonicalDefinition(imported.definition)), format).toEqual(easyReadOf(definition));
      expect('notes' in imported ? imported.notes : [], format).toEqual([]);
    }
  });
});
