import ExcelJS from 'exceljs';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { canonicalDefinition } from '../definition.canonical.js';
import { problemsOf } from '../definition.rules.js';
import { ItemType, type InstrumentDefinition } from '../definition.types.js';
import { rankingDefinition } from '../test/ranking-definition.js';
import { exportRedcapDictionary, importRedcapDictionary } from './redcap.js';
import { exportSurveyJs } from './surveyjs-export.js';
import { importSurveyJs } from './surveyjs.js';
import { exportXlsForm, importXlsForm } from './xlsform.js';

const itemsOf = (definition: InstrumentDefinition) => definition.sections.flatMap((s) => s.items);
type Json = Record<string, unknown> & { pages: { elements: Record<string, unknown>[] }[] };

describe('rankings in SurveyJS', () => {
  it('export as ranking questions with their choices and come back exactly', () => {
    const definition = canonicalDefinition(rankingDefinition());
    const json = exportSurveyJs({ name: 'Rangering', definition });
    const survey = JSON.parse(json) as Json;
    const priorities = survey.pages.flatMap((p) => p.elements).find((e) => e.name === 'priorities')!;
    expect(priorities).toMatchObject({
      type: 'ranking',
      isRequired: true,
      choices: [
        { value: 'housing', text: { default: 'Housing', no: 'Bolig', nn: 'Bustad' } },
        { value: 'work', text: { default: 'Work', no: 'Arbeid', nn: 'Arbeid' } },
        { value: 'friends', text: { default: 'Friends', no: 'Venner', nn: 'Vener' } },
      ],
    });
    const back = importSurveyJs(json);
    expect(back.notes).toEqual([]);
    expect(back.definition).toEqual(definition);
  });

  it('import a ranking written in SurveyJS; a ranking of some choices only is named', () => {
    const result = importSurveyJs(
      JSON.stringify({
        locale: 'no',
        pages: [
          {
            name: 'p',
            elements: [
              { type: 'ranking', name: 'food', title: 'Rank', choices: ['bread', 'rice', 'pasta'] },
              { type: 'ranking', name: 'some', choices: ['a', 'b', 'c'], selectToRankEnabled: true },
              { type: 'ranking', name: 'lone', choices: ['a'] },
            ],
          },
        ],
      }),
    );
    const items = itemsOf(result.definition);
    expect(items.map((i) => [i.key, i.type, i.options?.map((o) => o.key)])).toEqual([
      ['food', ItemType.RANKING, ['bread', 'rice', 'pasta']],
      ['some', ItemType.RANKING, ['a', 'b', 'c']],
    ]);
    expect(result.notes.map((n) => `${n.kind}: ${n.fields.join(',')}`)).toEqual([
      'surveyjs.ranking.partial: some',
      'surveyjs.question.too-few-choices: lone',
    ]);
  });
});

describe('rankings in XLSForm', () => {
  it('export as rank with a choice list and come back exactly', async () => {
    const definition = canonicalDefinition(rankingDefinition());
    const file = await exportXlsForm({ name: 'Rangering', description: null, definition });
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(file as unknown as ArrayBuffer);
    const types: unknown[] = [];
    book.getWorksheet('survey')!.eachRow((row) => types.push(row.getCell(1).value));
    expect(types).toContain('rank priorities');
    const back = await importXlsForm(file.toString('base64'));
    expect(back.notes).toEqual([]);
    expect(back.definition).toEqual(definition);
  });

  it('import a rank question written by hand from the XLSForm specification', async () => {
    const book = new ExcelJS.Workbook();
    book.addWorksheet('survey').addRows([
      ['type', 'name', 'label', 'required'],
      ['rank fruits', 'fruit_rank', 'Rank the fruits', 'yes'],
    ]);
    book.addWorksheet('choices').addRows([
      ['list_name', 'name', 'label'],
      ['fruits', 'apple', 'Apple'],
      ['fruits', 'pear', 'Pear'],
      ['fruits', 'plum', 'Plum'],
    ]);
    const result = await importXlsForm(Buffer.from(await book.xlsx.writeBuffer()).toString('base64'));
    expect(itemsOf(result.definition)).toMatchObject([
      {
        key: 'fruit_rank',
        type: ItemType.RANKING,
        required: true,
        options: [{ key: 'apple' }, { key: 'pear' }, { key: 'plum' }],
      },
    ]);
    expect(problemsOf(result.definition)).toEqual([]);
  });
});

describe('rankings in REDCap', () => {
  it('export as checkbox fields tagged RANKING (REDCap has no ranking) and come back exactly', () => {
    const definition = rankingDefinition();
    const csv = exportRedcapDictionary({ name: 'Rangering', description: null, definition });
    const rows: string[][] = parse(csv);
    const row = rows.find((r) => r[0] === 'priorities')!;
    expect(row[3]).toBe('checkbox');
    expect(row[5]).toBe('housing, Bolig | work, Arbeid | friends, Venner');
    expect(row.at(-1)).toContain('@VERDI-TYPE=RANKING');
    const back = importRedcapDictionary(csv, 'Rangering');
    expect(back.notes).toEqual([]);
    expect(canonicalDefinition(back.definition)).toEqual(canonicalDefinition(definition));
  });
});
