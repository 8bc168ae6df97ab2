import { describe, expect, it } from 'vitest';
import { problemAnchor, ids } from './anchors';
import { fromDefinition, layoutOf, type EditDefinition } from './editable';
import { itemPlaces, moveItem, moveSection, removeItem } from './operations';
import { locateProblems, problemsFor, problemText, type DefinitionProblem } from './problems';
import { sampleDefinition } from '../test/definitions';

const item = (definition: EditDefinition, key: string) =>
  itemPlaces(definition).find((p) => p.item.key === key)!.item;

const problems: DefinitionProblem[] = [
  { path: 'sections[0].items[1].prompt', item: 'q2', message: 'Item q2: has no bokmål text' },
  { path: 'sections[1].items[0].showIf', item: 'q4', message: 'Item q4: show-if on q3 expects option "c"' },
  {
    path: 'sections[0].items[2].options[1].key',
    item: 'q3',
    message: 'Item q3: option key "B" must hold only a-z',
  },
  { path: 'sections[1].title', item: null, message: 'Section del2 has no bokmål title' },
  { path: 'scales[0].points[2].label', item: null, message: 'Scale agree5: point 3 has no bokmål label' },
  { path: 'constructs[0].key', item: null, message: 'Construct key "Verdi" must start with a letter a-z' },
  { path: 'sections', item: null, message: 'The instrument has no items' },
];

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
    const duplicate: DefinitionProblem = {
      path: 'sections[1].items[1].key',
      item: 'q1',
      message: 'Item q1: the key is used by an earlier item too',
    };
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
    expect(problemText(problemsFor(located, item(definition, 'q2').uid, 'prompt'))).toBe(
      'Item q2: has no bokmål text',
    );
    expect(problemText([])).toBeNull();
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
