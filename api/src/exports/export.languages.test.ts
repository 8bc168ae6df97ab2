import { describe, expect, it } from 'vitest';
import { inEveryLanguage } from '../instruments/test/nynorsk.js';
import { sampleDefinition } from '../instruments/test/sample-definition.js';
import { CODEBOOK_COLUMNS, CONSTRUCT_COLUMNS, codebookRows, constructRows } from './export.formats.js';
import { planVariables } from './export.plan.js';

const row = (columns: readonly string[], cells: (string | number)[]) =>
  Object.fromEntries(columns.map((column, index) => [column, cells[index]]));

describe("the codebook's languages", () => {
  it('give every question, role wording, value label and construct name in nynorsk too', () => {
    const definition = inEveryLanguage(sampleDefinition());
    const variables = planVariables([definition]);
    const rows = codebookRows(variables).map((cells) => row(CODEBOOK_COLUMNS, cells));
    const hope = rows.find((r) => r['variable'] === 'hope_1')!;
    expect(hope['question_nn']).toBe(`${hope['question_nb']} (nynorsk)`);
    expect(hope['question_consultant_nn']).toBe(`${hope['question_consultant_nb']} (nynorsk)`);
    expect(hope['construct_label_nn']).toBe('Håp og rollemodeller (nynorsk)');
    expect(hope['value_labels_nn']).toBe(
      '1=Helt uenig (nynorsk); 2=Litt uenig (nynorsk); 3=Verken enig eller uenig (nynorsk); 4=Litt enig (nynorsk); 5=Helt enig (nynorsk); -7=Vet ikke / ikke aktuelt (nynorsk); -8=Ikkje vist',
    );
    const contact = rows.find((r) => r['variable'] === 'contact')!;
    expect(contact['value_labels_nn']).toBe('1=Ja; 0=Nei; -8=Ikkje vist');
    const constructs = constructRows(definition.constructs, variables).map((cells) =>
      row(CONSTRUCT_COLUMNS, cells),
    );
    expect(constructs[0]!['label_nn']).toBe('Håp og rollemodeller (nynorsk)');
  });

  it('leave nynorsk empty where the instrument has none, and value labels fall back to bokmål', () => {
    const variables = planVariables([sampleDefinition()]);
    const hope = row(
      CODEBOOK_COLUMNS,
      codebookRows(variables).find((cells) => cells[0] === 'hope_1')!,
    );
    expect(hope['question_nn']).toBe('');
    expect(String(hope['value_labels_nn'])).toMatch(/^1=Helt uenig; .* -8=Ikkje vist$/);
  });
});
