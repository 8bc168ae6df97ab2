import { describe, expect, it } from 'vitest';
import { fromDefinition, layoutOf, toDefinitionInput, type EditDefinition } from './editable';
import {
  addConstruct,
  addItem,
  addOption,
  addScalePoint,
  addSection,
  canMoveItem,
  itemPlaces,
  moveItem,
  moveItemToSection,
  moveSection,
  removeConstruct,
  removeItem,
  removeOption,
  removeScale,
  removeSection,
  renameItemKey,
  renameOptionKey,
  setItemType,
  setNotApplicable,
  setRoleWording,
} from './operations';
import { sampleDefinition } from '../test/definitions';

const order = (definition: EditDefinition) =>
  definition.sections.map((section) => section.items.map((item) => item.key));
const item = (definition: EditDefinition, key: string) => {
  const found = itemPlaces(definition).find((place) => place.item.key === key)?.item;
  if (!found) throw new Error(`no item ${key}`);
  return found;
};

describe('the editable definition', () => {
  it('saves exactly what it loaded, so that a fresh copy has no unsaved changes', () => {
    const loaded = sampleDefinition();
    const input = toDefinitionInput(fromDefinition(loaded));
    expect(input.sections[0]!.items[1]).toEqual({
      key: 'q2',
      type: 'LIKERT',
      construct: 'verdi',
      roles: ['SERVICE_USER', 'PROFESSIONAL', 'CONSULTANT'],
      prompt: { nb: 'Tekst q2', en: null, nn: null },
      promptByRole: null,
      easyRead: null,
      help: null,
      required: true,
      reverseScored: false,
      scale: 'agree5',
      options: null,
      otherOption: null,
      min: null,
      max: null,
      step: null,
      minLabel: null,
      maxLabel: null,
      earliest: null,
      latest: null,
      maxLength: null,
      showIf: { item: 'q1', op: 'EQUALS', values: ['1'] },
    });
    expect(JSON.stringify(toDefinitionInput(fromDefinition(loaded)))).toBe(JSON.stringify(input));
  });

  it("keeps an item's easy-read text and each role wording's own, and drops an empty one", () => {
    const definition = fromDefinition(sampleDefinition());
    const q2 = item(definition, 'q2');
    q2.easyRead = { nb: ' Lett tekst ', en: '', nn: 'Lett tekst (nn)' };
    q2.promptByRole = [
      {
        role: 'CONSULTANT',
        text: { nb: 'Eigen', en: '', nn: '' },
        easyRead: { nb: 'Lett eigen', en: '', nn: '' },
      },
      { role: 'PROFESSIONAL', text: { nb: 'Fag', en: '', nn: '' }, easyRead: { nb: ' ', en: '', nn: '' } },
    ];
    const saved = toDefinitionInput(definition).sections[0]!.items[1]!;
    expect(saved.easyRead).toEqual({ nb: 'Lett tekst', en: null, nn: 'Lett tekst (nn)' });
    expect(saved.promptByRole!.map((wording) => [wording.role, wording.easyRead])).toEqual([
      ['CONSULTANT', { nb: 'Lett eigen', en: null, nn: null }],
      ['PROFESSIONAL', null],
    ]);
  });

  it('trims texts, leaves out empty translations and optional texts, and only saves what the type uses', () => {
    const definition = fromDefinition(sampleDefinition());
    const q5 = item(definition, 'q5');
    q5.prompt = { nb: '  Jeg får hjelp  ', en: ' ', nn: '' };
    q5.help = { nb: '', en: '', nn: '' };
    q5.options = [{ uid: 'x', key: 'a', label: { nb: 'A', en: '', nn: '' } }];
    q5.maxLength = 300;
    const saved = toDefinitionInput(definition).sections[1]!.items[1]!;
    expect(saved.prompt).toEqual({ nb: 'Jeg får hjelp', en: null, nn: null });
    expect(saved.help).toBeNull();
    expect(saved.options).toBeNull();
    expect(saved.maxLength).toBeNull();
    expect(saved.scale).toBe('agree5');
  });

  it('saves role wordings only for roles the item is shown to, in the API order of roles', () => {
    const definition = fromDefinition(sampleDefinition());
    const q2 = item(definition, 'q2');
    setRoleWording(q2, 'CONSULTANT', true);
    setRoleWording(q2, 'PROFESSIONAL', true);
    expect(q2.promptByRole.map((wording) => wording.role)).toEqual(['PROFESSIONAL', 'CONSULTANT']);
    // A new wording starts from the common one.
    expect(q2.promptByRole[0]!.text.nb).toBe('Tekst q2');
    q2.roles = ['CONSULTANT', 'SERVICE_USER'];
    const saved = toDefinitionInput(definition).sections[0]!.items[1]!;
    expect(saved.roles).toEqual(['SERVICE_USER', 'CONSULTANT']);
    expect(saved.promptByRole?.map((wording) => wording.role)).toEqual(['CONSULTANT']);
    setRoleWording(q2, 'CONSULTANT', false);
    expect(toDefinitionInput(definition).sections[0]!.items[1]!.promptByRole).toBeNull();
  });
});

describe('editing items', () => {
  it('adds an item of a type with a free key, shown to every role, with what the type needs', () => {
    const definition = fromDefinition(sampleDefinition());
    const likert = addItem(definition, definition.sections[1]!.uid, 'LIKERT')!;
    expect(likert.key).toBe('q6');
    expect(likert.scale).toBe('agree5');
    expect(likert.roles).toEqual(['SERVICE_USER', 'PROFESSIONAL', 'CONSULTANT']);
    const choice = addItem(definition, definition.sections[0]!.uid, 'MULTI_CHOICE')!;
    expect(choice.key).toBe('q7');
    expect(choice.options.map((option) => option.key)).toEqual(['1', '2']);
    expect(order(definition)).toEqual([
      ['q1', 'q2', 'q3', 'q7'],
      ['q4', 'q5', 'q6'],
    ]);
    expect(addItem(definition, 'no-such-section', 'TEXT')).toBeUndefined();
  });

  it('adds every question as optional, free text included: participants are told they may skip questions', () => {
    const definition = fromDefinition(sampleDefinition());
    const types = ['LIKERT', 'SINGLE_CHOICE', 'MULTI_CHOICE', 'NUMBER', 'TEXT', 'YES_NO', 'NPS'] as const;
    const added = types.map((type) => addItem(definition, definition.sections[0]!.uid, type)!);
    expect(added.map((entry) => entry.required)).toEqual(types.map(() => false));
    setItemType(definition, added[0]!, 'TEXT');
    expect(added[0]!.required).toBe(false);
  });

  it('moves items within a section and on into the next or previous one', () => {
    const definition = fromDefinition(sampleDefinition());
    const q3 = item(definition, 'q3');
    expect(moveItem(definition, q3.uid, -1)).toBe(true);
    expect(order(definition)).toEqual([
      ['q1', 'q3', 'q2'],
      ['q4', 'q5'],
    ]);
    expect(moveItem(definition, q3.uid, 1)).toBe(true);
    expect(moveItem(definition, q3.uid, 1)).toBe(true);
    expect(order(definition)).toEqual([
      ['q1', 'q2'],
      ['q3', 'q4', 'q5'],
    ]);
    expect(moveItem(definition, q3.uid, -1)).toBe(true);
    expect(order(definition)).toEqual([
      ['q1', 'q2', 'q3'],
      ['q4', 'q5'],
    ]);
    // The very first item cannot move up, nor the very last down.
    expect(canMoveItem(definition, item(definition, 'q1').uid, -1)).toBe(false);
    expect(moveItem(definition, item(definition, 'q1').uid, -1)).toBe(false);
    expect(canMoveItem(definition, item(definition, 'q5').uid, 1)).toBe(false);
    expect(canMoveItem(definition, item(definition, 'q3').uid, 1)).toBe(true);
  });

  it('moves an item to the end of another section', () => {
    const definition = fromDefinition(sampleDefinition());
    expect(moveItemToSection(definition, item(definition, 'q1').uid, definition.sections[1]!.uid)).toBe(true);
    expect(order(definition)).toEqual([
      ['q2', 'q3'],
      ['q4', 'q5', 'q1'],
    ]);
    expect(moveItemToSection(definition, item(definition, 'q1').uid, definition.sections[1]!.uid)).toBe(
      false,
    );
  });

  it('deletes an item and the conditions that depended on it', () => {
    const definition = fromDefinition(sampleDefinition());
    const removed = removeItem(definition, item(definition, 'q3').uid);
    expect(removed?.index).toBe(2);
    expect(order(definition)).toEqual([
      ['q1', 'q2'],
      ['q4', 'q5'],
    ]);
    expect(item(definition, 'q4').showIf).toBeNull();
    expect(item(definition, 'q2').showIf).not.toBeNull();
  });

  it('renames the conditions that point at an item when its key changes', () => {
    const definition = fromDefinition(sampleDefinition());
    const q1 = item(definition, 'q1');
    q1.key = 'har_jobb';
    renameItemKey(definition, q1, 'q1');
    expect(item(definition, 'q2').showIf?.item).toBe('har_jobb');
    // Renamed onto another item's key, conditions stay put: two items with one key is for the API to report.
    const q3 = item(definition, 'q3');
    q3.key = 'q5';
    renameItemKey(definition, q3, 'q3');
    expect(item(definition, 'q4').showIf?.item).toBe('q3');
  });

  it('renames and removes the option keys conditions compare with', () => {
    const definition = fromDefinition(sampleDefinition());
    const q3 = item(definition, 'q3');
    const optionB = q3.options[1]!;
    optionB.key = 'ja';
    renameOptionKey(definition, q3, optionB, 'b');
    expect(item(definition, 'q4').showIf?.values).toEqual(['ja']);
    expect(addOption(q3).key).toBe('1');
    removeOption(definition, q3, optionB.uid);
    expect(item(definition, 'q4').showIf?.values).toEqual([]);
  });

  it('gives an item what its new type needs and clears conditions on its old answers', () => {
    const definition = fromDefinition(sampleDefinition());
    const q1 = item(definition, 'q1');
    setItemType(definition, q1, 'SINGLE_CHOICE');
    expect(q1.options).toHaveLength(2);
    expect(item(definition, 'q2').showIf).toEqual({ item: 'q1', op: 'EQUALS', values: [] });
    const q2 = item(definition, 'q2');
    q2.reverseScored = true;
    setItemType(definition, q2, 'TEXT');
    expect(q2.reverseScored).toBe(false);
  });
});

describe('editing sections, constructs and scales', () => {
  it('keeps a section shown as a grid, and sends no flag for the others', () => {
    const definition = fromDefinition(sampleDefinition());
    expect(addSection(definition).grid).toBe(false);
    definition.sections[1]!.grid = true;
    const input = toDefinitionInput(definition);
    expect(input.sections.map((section) => section.grid)).toEqual([null, true, null]);
    expect(
      fromDefinition({ ...sampleDefinition(), sections: input.sections as never }).sections[1]!.grid,
    ).toBe(true);
  });

  it('adds, moves and deletes sections', () => {
    const definition = fromDefinition(sampleDefinition());
    const added = addSection(definition);
    expect(added.key).toBe('section_1');
    expect(added.title.nb).toBe('');
    expect(moveSection(definition, added.uid, -1)).toBe(true);
    expect(definition.sections.map((section) => section.key)).toEqual(['del1', 'section_1', 'del2']);
    expect(moveSection(definition, definition.sections[0]!.uid, -1)).toBe(false);
    removeSection(definition, definition.sections[0]!.uid);
    expect(definition.sections.map((section) => section.key)).toEqual(['section_1', 'del2']);
    // q4 depended on q3, which went with the first section.
    expect(item(definition, 'q4').showIf).toBeNull();
  });

  it('deletes a construct and takes it off the items that measured it', () => {
    const definition = fromDefinition(sampleDefinition());
    const added = addConstruct(definition);
    expect(added).toMatchObject({ key: 'construct_1', kind: 'VALUE' });
    removeConstruct(definition, definition.constructs[0]!.uid);
    expect(item(definition, 'q2').construct).toBeNull();
    expect(definition.constructs.map((construct) => construct.key)).toEqual(['construct_1']);
  });

  it('adds scale points above the highest, switches "Vet ikke" on and off, and keeps a scale in use', () => {
    const definition = fromDefinition(sampleDefinition());
    const scale = definition.scales[0]!;
    expect(addScalePoint(scale).value).toBe(6);
    setNotApplicable(scale, false);
    expect(toDefinitionInput(definition).scales[0]!.notApplicable).toBeNull();
    setNotApplicable(scale, true);
    expect(scale.notApplicable?.nb).toBe('Vet ikke / ikke aktuelt');
    expect(removeScale(definition, scale.uid)).toBe(false);
    for (const place of itemPlaces(definition)) place.item.type = 'TEXT';
    expect(removeScale(definition, scale.uid)).toBe(true);
  });

  it('remembers where every entry was, for reading problem paths', () => {
    const definition = fromDefinition(sampleDefinition());
    const layout = layoutOf(definition);
    expect(layout.sections.map((section) => section.items.length)).toEqual([3, 2]);
    expect(layout.sections[1]!.items[1]).toBe(item(definition, 'q5').uid);
  });
});
