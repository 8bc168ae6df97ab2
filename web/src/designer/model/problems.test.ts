import { describe, expect, it } from 'vitest';
import { problemAnchor, ids } from './anchors';
import { fromDefinition, layoutOf, type EditDefinition } from './editable';
import { itemPlaces, moveItem, moveSection, removeItem } from './operations';
import type { DefinitionProblemCode } from '@verdi/schema/generated';
import {
  locateProblems,
  problemMessage,
  problemPlace,
  problemsFor,
  problemText,
  type DefinitionProblem,
  type Translator,
} from './problems';
import en from '../i18n/en.json';
import nb from '../i18n/nb.json';
import { designerI18n } from '../test/mountDesigner';
import { sampleDefinition } from '../test/definitions';

const item = (definition: EditDefinition, key: string) =>
  itemPlaces(definition).find((p) => p.item.key === key)!.item;

const problem = (
  path: string,
  item: string | null,
  code: DefinitionProblemCode,
  params: Record<string, string>,
  message: string,
): DefinitionProblem => ({
  path,
  item,
  code,
  params: Object.entries(params).map(([name, value]) => ({ name, value })),
  message,
});

const problems: DefinitionProblem[] = [
  problem(
    'sections[0].items[1].prompt',
    'q2',
    'ITEM_NO_PROMPT',
    { key: 'q2' },
    'Item q2: has no bokmål text',
  ),
  problem(
    'sections[1].items[0].showIf',
    'q4',
    'SHOW_IF_UNKNOWN_OPTION',
    { key: 'q4', target: 'q3', value: 'c' },
    'Item q4: show-if on q3 expects option "c"',
  ),
  problem(
    'sections[0].items[2].options[1].key',
    'q3',
    'OPTION_KEY_INVALID',
    { key: 'q3', option: 'B' },
    'Item q3: option key "B" must hold only a-z',
  ),
  problem(
    'sections[1].title',
    null,
    'SECTION_NO_TITLE',
    { section: 'del2' },
    'Section del2 has no bokmål title',
  ),
  problem(
    'scales[0].points[2].label',
    null,
    'SCALE_POINT_NO_LABEL',
    { scale: 'agree5', value: '3' },
    'Scale agree5: point 3 has no bokmål label',
  ),
  problem(
    'constructs[0].key',
    null,
    'CONSTRUCT_KEY_INVALID',
    { key: 'Verdi' },
    'Construct key "Verdi" must start with a letter a-z',
  ),
  problem('sections', null, 'NO_ITEMS', {}, 'The instrument has no items'),
];

function translator(locale: 'nb' | 'en'): Translator {
  const { t, te } = designerI18n(locale).global;
  return { t: (key, named) => t(key, named), te: (key) => te(key) };
}

describe('problems from the server', () => {
  it('are placed on the entry and field their path names', () => {
    const definition = fromDefinition(sampleDefinition());
    const located = locateProblems(problems, layoutOf(definition), definition);
    expect(located.map((entry) => entry.target)).toEqual([
      { kind: 'item', uid: item(definition, 'q2').uid, field: 'prompt' },
      { kind: 'item', uid: item(definition, 'q4').uid, field: 'showIf' },
      { kind: 'item', uid: item(definition, 'q3').uid, field: 'options[1].key' },
      { kind: 'section', uid: definition.sections[1]!.uid, field: 'title' },
      { kind: 'scale', uid: definition.scales[0]!.uid, field: 'points[2].label' },
      { kind: 'construct', uid: definition.constructs[0]!.uid, field: 'key' },
      { kind: 'definition', field: 'sections' },
    ]);
  });

  it('stay with their items and sections while the user moves them about after saving', () => {
    const definition = fromDefinition(sampleDefinition());
    const layout = layoutOf(definition);
    moveItem(definition, item(definition, 'q2').uid, -1);
    moveSection(definition, definition.sections[1]!.uid, -1);
    const located = locateProblems(problems, layout, definition);
    expect(located[0]!.target).toMatchObject({ uid: item(definition, 'q2').uid });
    expect(located[1]!.target).toMatchObject({ uid: item(definition, 'q4').uid });
    expect(located[3]!.target).toMatchObject({ kind: 'section', uid: definition.sections[0]!.uid });
  });

  it('go by position first, so that a key used twice points at the item the path names', () => {
    const definition = fromDefinition(sampleDefinition());
    item(definition, 'q5').key = 'q1';
    const duplicate = problem(
      'sections[1].items[1].key',
      'q1',
      'ITEM_KEY_DUPLICATE',
      { key: 'q1' },
      'Item q1: the key is used by an earlier item too',
    );
    const [located] = locateProblems([duplicate], layoutOf(definition), definition);
    expect(located!.target).toEqual({
      kind: 'item',
      uid: definition.sections[1]!.items[1]!.uid,
      field: 'key',
    });
  });

  it('find an item by its key when the layout no longer knows it, and fall back to the instrument', () => {
    const definition = fromDefinition(sampleDefinition());
    // A layout from another load: its uids are unknown here.
    const stale = layoutOf(fromDefinition(sampleDefinition()));
    const located = locateProblems(problems.slice(0, 1), stale, definition);
    expect(located[0]!.target).toMatchObject({ kind: 'item', uid: item(definition, 'q2').uid });
    removeItem(definition, item(definition, 'q2').uid);
    expect(locateProblems(problems.slice(0, 1), stale, definition)[0]!.target.kind).toBe('definition');
  });

  it('are picked out per entry and field, and joined into one line per field', () => {
    const definition = fromDefinition(sampleDefinition());
    const located = locateProblems(problems, layoutOf(definition), definition);
    const q3 = item(definition, 'q3').uid;
    expect(problemsFor(located, q3)).toHaveLength(1);
    expect(problemsFor(located, q3, 'options')).toHaveLength(1);
    expect(problemsFor(located, q3, 'options[1]')).toHaveLength(1);
    expect(problemsFor(located, q3, 'prompt')).toHaveLength(0);
    expect(problemText(problemsFor(located, item(definition, 'q2').uid, 'prompt'), translator('nb'))).toBe(
      'Spørsmålet har ingen tekst på bokmål.',
    );
    expect(problemText([], translator('nb'))).toBeNull();
  });

  it('link to the field to fix', () => {
    const definition = fromDefinition(sampleDefinition());
    const located = locateProblems(problems, layoutOf(definition), definition);
    const anchors = located.map((entry) => problemAnchor(entry.target, definition));
    const q3 = item(definition, 'q3');
    expect(anchors[0]).toEqual({
      id: ids.itemField(item(definition, 'q2').uid, 'prompt-nb'),
      itemUid: item(definition, 'q2').uid,
    });
    expect(anchors[1]!.id).toBe(ids.itemField(item(definition, 'q4').uid, 'showif-op'));
    expect(anchors[2]!.id).toBe(ids.option(q3.uid, q3.options[1]!.uid, 'key'));
    expect(anchors[3]).toEqual({ id: ids.sectionField(definition.sections[1]!.uid, 'title-nb') });
    expect(anchors[4]!.id).toBe(
      ids.point(definition.scales[0]!.uid, definition.scales[0]!.points[2]!.uid, 'nb'),
    );
    expect(anchors[5]!.id).toBe(ids.construct(definition.constructs[0]!.uid, 'key'));
    expect(anchors[6]!.id).toBe(ids.addSection);
  });
});

describe('a grid problem', () => {
  it('is placed on the section, links to its grid checkbox and names the question in nb, nn and en', () => {
    const definition = fromDefinition(sampleDefinition());
    const grid = problem(
      'sections[1].grid',
      null,
      'GRID_MIXED_SCALES',
      { section: 'del2', key: 'q4', scale: 'freq4' },
      'Section del2 is shown as a grid, but its item q4 uses another scale (freq4) than the items before it (agree5)',
    );
    const [located] = locateProblems([grid], layoutOf(definition), definition);
    expect(located!.target).toEqual({ kind: 'section', uid: definition.sections[1]!.uid, field: 'grid' });
    expect(problemAnchor(located!.target, definition)).toEqual({
      id: ids.sectionField(definition.sections[1]!.uid, 'grid'),
    });
    expect(problemMessage(grid, translator('nb'))).toBe(
      'Delen vises som rutenett, men spørsmålet «q4» bruker en annen skala (freq4). Alle spørsmålene i et rutenett bruker samme skala.',
    );
    const { t, te } = designerI18n('nn').global;
    expect(problemMessage(grid, { t: (key, named) => t(key, named), te: (key) => te(key) })).toBe(
      'Delen blir vist som rutenett, men spørsmålet «q4» brukar ein annan skala (freq4). Alle spørsmåla i eit rutenett brukar same skala.',
    );
    expect(problemMessage({ ...grid, code: 'GRID_NOT_LIKERT' }, translator('en'))).toBe(
      'The section is shown as a grid, but the question «q4» is not a Likert question. Turn the grid off or move the question to another section.',
    );
  });
});

describe("problems in the user's language", () => {
  // Every code the API can send has a wording: a new code fails the type check until it is worded.
  const nbCodes: Record<DefinitionProblemCode, string> = nb.designer.problemCodes;
  const enCodes: Record<DefinitionProblemCode, string> = en.designer.problemCodes;
  const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

  it("are worded from the code and its parameters, never in the API's English", () => {
    expect(problems.map((entry) => problemMessage(entry, translator('nb')))).toEqual([
      'Spørsmålet har ingen tekst på bokmål.',
      'Vilkåret venter alternativet «c», som q3 ikke har.',
      'Nøkkelen «B» kan bare ha a–z, 0–9 og _, høyst 64 tegn.',
      'Delen har ingen tittel på bokmål.',
      'Punktet med verdi 3 har ingen tekst på bokmål.',
      'Nøkkelen «Verdi» må begynne med en bokstav a–z og bare ha a–z, 0–9 og _, høyst 64 tegn.',
      'Skjemaet har ingen spørsmål.',
    ]);
    expect(problemMessage(problems[0]!, translator('en'))).toBe('The question has no bokmål text.');
  });

  it('word the enum values they name: types, roles, kinds and comparisons', () => {
    const typed = problem(
      'sections[0].items[0].scale',
      'q1',
      'SCALE_NOT_USED',
      { key: 'q1', type: 'TEXT' },
      '',
    );
    expect(problemMessage(typed, translator('nb'))).toBe('Spørsmål av typen Fritekst bruker ikke skala.');
    const role = problem(
      'sections[0].items[0].promptByRole[0]',
      'q1',
      'ROLE_PROMPT_NO_TEXT',
      { key: 'q1', role: 'CONSULTANT' },
      '',
    );
    expect(problemMessage(role, translator('en'))).toBe(
      'The wording for Experience consultant has no bokmål text.',
    );
  });

  it('word piping problems with the language and the braces as written', () => {
    const malformed = problem(
      'sections[1].items[0].prompt.nn',
      'q1',
      'PIPE_MALFORMED',
      { key: 'q1', language: 'nn' },
      '',
    );
    expect(problemMessage(malformed, translator('en'))).toBe(
      'The text (Nynorsk) has {{ or }} that is not a whole placeholder. Write {{key}}, or {{key|text if unanswered}}.',
    );
    const later = problem(
      'sections[1].items[0].help.en',
      'q1',
      'PIPE_NOT_EARLIER',
      { key: 'q1', language: 'en', target: 'q2' },
      '',
    );
    expect(problemMessage(later, translator('nb'))).toBe(
      'Teksten (Engelsk) viser svaret på q2, som ikke står på en tidligere side. Bare svar fra tidligere sider kan vises.',
    );
  });

  it("fall back to the API's message for a code this build does not know", () => {
    const unknown = problem('sections', null, 'SOMETHING_NEW' as DefinitionProblemCode, {}, 'Something new');
    expect(problemMessage(unknown, translator('nb'))).toBe('Something new');
  });

  it('say where they are when shown away from the editor', () => {
    const nbWords = translator('nb');
    expect(problems.map((entry) => problemPlace(entry, nbWords))).toEqual([
      'Spørsmål q2',
      'Spørsmål q4',
      'Spørsmål q3',
      'Del 2',
      'Skala agree5',
      'Begrep Verdi',
      'Skjemaet',
    ]);
  });

  it('have the same placeholders in bokmål and English', () => {
    for (const code of Object.keys(nbCodes) as DefinitionProblemCode[]) {
      expect(placeholders(enCodes[code]), code).toEqual(placeholders(nbCodes[code]));
    }
  });
});
