import urql, { type Client } from '@urql/vue';
import { mount } from '@vue/test-utils';
import { describe, expect, it } from 'vitest';
import { defineComponent, h } from 'vue';
import { settle } from '../../test/mount';
import { createMockClient, deferred, operationName } from '../../test/urql';
import { itemPlaces } from '../model/operations';
import { sampleDefinition } from '../test/definitions';
import {
  fakeInstrument,
  fakeInstrumentApi,
  projectFields,
  researcher,
  type FakeInstrumentState,
} from '../test/fakeInstrumentApi';
import { useDraftEditor, type DraftEditor } from './useDraftEditor';
import { useInstrument } from './useInstrument';

const project = projectFields('Recoveryteamet Eksempelby');

async function mountEditor(client: Client, id: string) {
  let editor!: DraftEditor;
  let refetch!: () => Promise<void>;
  const Host = defineComponent({
    setup() {
      const query = useInstrument(id);
      refetch = query.refetch;
      editor = useDraftEditor(id, query.instrument, query.refetch);
      return () => h('div');
    },
  });
  mount(Host, { global: { plugins: [[urql, client]] } });
  await settle();
  return { editor, refetch: () => refetch() };
}

function setup() {
  const instrument = fakeInstrument({
    name: 'Verdi',
    project,
    draft: { definition: sampleDefinition(), revision: 4 },
  });
  const state: FakeInstrumentState = {
    viewer: researcher(project),
    projects: [project],
    instruments: [instrument],
  };
  return { instrument, state };
}

const itemByKey = (editor: DraftEditor, key: string) =>
  itemPlaces(editor.definition.value!).find((place) => place.item.key === key)!.item;

describe('useDraftEditor', () => {
  it('loads the draft unchanged, knows when it is edited, and saves the whole of it at the loaded revision', async () => {
    const { instrument, state } = setup();
    const { client, operations } = createMockClient(fakeInstrumentApi(state));
    const { editor } = await mountEditor(client, instrument.id);
    expect(editor.dirty.value).toBe(false);
    expect(editor.revision.value).toBe(4);

    itemByKey(editor, 'q2').prompt.nb = '';
    expect(editor.dirty.value).toBe(true);
    expect(await editor.save()).toBe(true);

    const save = operations.find((operation) => operationName(operation) === 'SaveInstrumentDraft');
    expect(save?.variables).toMatchObject({ id: instrument.id, baseRevision: 4 });
    const sent = (save?.variables as { definition: { sections: { items: unknown[] }[] } }).definition;
    expect(sent.sections.map((section) => section.items.length)).toEqual([3, 2]);
    expect(editor.dirty.value).toBe(false);
    expect(editor.state.value).toBe('saved');
    expect(editor.revision.value).toBe(5);
    // The problem the save found is placed on the item it is about.
    expect(editor.problems.value.map((entry) => entry.target)).toEqual([
      { kind: 'item', uid: itemByKey(editor, 'q2').uid, field: 'prompt' },
    ]);
  });

  it('keeps what is typed while a save is under way as unsaved', async () => {
    const { instrument, state } = setup();
    const reply = deferred<void>();
    const api = fakeInstrumentApi(state);
    const { client } = createMockClient((operation) => {
      const result = api(operation);
      return operationName(operation) === 'SaveInstrumentDraft'
        ? reply.promise.then(() => result as never)
        : result;
    });
    const { editor } = await mountEditor(client, instrument.id);
    itemByKey(editor, 'q1').prompt.nb = 'Første endring';
    const saving = editor.save();
    expect(editor.state.value).toBe('saving');
    itemByKey(editor, 'q1').prompt.nb = 'Andre endring';
    reply.resolve();
    expect(await saving).toBe(true);
    await settle();
    expect(editor.dirty.value).toBe(true);
    expect(itemByKey(editor, 'q1').prompt.nb).toBe('Andre endring');
  });

  it("takes in someone else's newer save when nothing is unsaved, and never over unsaved changes", async () => {
    const { instrument, state } = setup();
    const { client } = createMockClient(fakeInstrumentApi(state));
    const { editor, refetch } = await mountEditor(client, instrument.id);
    const draft = instrument.versions.at(-1)!;

    draft.revision = 5;
    draft.definition.sections[0]!.title.nb = 'Fra en kollega';
    await refetch();
    await settle();
    expect(editor.definition.value!.sections[0]!.title.nb).toBe('Fra en kollega');
    expect(editor.revision.value).toBe(5);

    editor.definition.value!.sections[1]!.title.nb = 'Min endring';
    draft.revision = 6;
    draft.definition.sections[0]!.title.nb = 'Enda en endring';
    await refetch();
    await settle();
    expect(editor.definition.value!.sections[1]!.title.nb).toBe('Min endring');
    expect(editor.revision.value).toBe(5);
  });

  it('stops saving after a conflict until the draft is reloaded', async () => {
    const { instrument, state } = setup();
    const { client, operations } = createMockClient(fakeInstrumentApi(state));
    const { editor } = await mountEditor(client, instrument.id);
    const saves = () =>
      operations.filter((operation) => operationName(operation) === 'SaveInstrumentDraft').length;

    instrument.versions.at(-1)!.revision = 9;
    editor.meta.description = 'Ny beskrivelse';
    itemByKey(editor, 'q5').required = false;
    expect(await editor.save()).toBe(false);
    expect(editor.state.value).toBe('conflict');
    expect(editor.error.value?.code).toBe('CONFLICT');
    expect(saves()).toBe(1);

    expect(await editor.save()).toBe(false);
    expect(saves()).toBe(1);

    await editor.reload();
    expect(editor.state.value).toBe('idle');
    expect(editor.dirty.value).toBe(false);
    expect(editor.revision.value).toBe(9);
    expect(itemByKey(editor, 'q5').required).toBe(true);
    // The description was saved before the draft's conflict: it is not versioned, so it is not lost.
    expect(editor.meta.description).toBe('Ny beskrivelse');
  });

  it('will not save an instrument without a name', async () => {
    const { instrument, state } = setup();
    const { client, operations } = createMockClient(fakeInstrumentApi(state));
    const { editor } = await mountEditor(client, instrument.id);
    editor.meta.name = '   ';
    expect(await editor.save()).toBe(false);
    expect(editor.metaErrors.value).toEqual({ name: { kind: 'required' } });
    expect(operations.some((operation) => operationName(operation) === 'UpdateInstrument')).toBe(false);
  });
});
