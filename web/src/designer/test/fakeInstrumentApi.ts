import type { Operation } from '@urql/vue';
import type {
  DefinitionProblemFieldsFragment,
  InstrumentDefinitionFieldsFragment,
  InstrumentDefinitionInput,
  LocalizedTextInput,
  ProjectFieldsFragment,
  ViewerFieldsFragment,
} from '@verdi/schema/generated';
import { dataResult, errorResult, operationName, type MockReply, type Responder } from '../../test/urql';
import { asSeenBy } from '../../test/fakeApi';

/**
 * A small in-memory instrument API for the designer's tests. It keeps the rules the designer depends on:
 * revisions and CONFLICT on a stale save or publish, one draft at a time, publishing freezes the draft, and the
 * problems a definition has (a small subset of the API's rules, enough to place problems on items and sections).
 */

type Definition = InstrumentDefinitionFieldsFragment;

/** A note as the server sends it, without typenames. */
export interface ImportNoteFake {
  kind: string;
  severity: 'CHANGES_QUESTIONNAIRE' | 'LOSES_DETAIL' | 'COSMETIC';
  message: { nb: string; en: string };
  fields: string[];
}

export interface FakeVersion {
  id: string;
  number: number;
  status: 'DRAFT' | 'PUBLISHED';
  revision: number;
  createdAt: string;
  updatedAt: string;
  publishedAt: string | null;
  definition: Definition;
}

export interface FakeInstrument {
  id: string;
  name: string;
  description: string | null;
  project: { id: string; name: string } | null;
  versions: FakeVersion[];
}

export interface FakeInstrumentState {
  viewer: ViewerFieldsFragment;
  projects: ProjectFieldsFragment[];
  instruments: FakeInstrument[];
  /** What an import answers, whatever the file. */
  importResult?: { definition: Definition; notes: ImportNoteFake[]; name?: string };
}

const at = '2026-03-02T09:30:00.000Z';
let counter = 0;
const nextId = (prefix: string) => `${prefix}${++counter}`;

function text(value: LocalizedTextInput | null | undefined) {
  return value ? { nb: value.nb, en: value.en ?? null, nn: value.nn ?? null } : null;
}

/** The definition as the API stores and returns it: every field present, absent ones null. */
export function stored(input: InstrumentDefinitionInput): Definition {
  return {
    scales: input.scales.map((scale) => ({
      key: scale.key,
      points: scale.points.map((point) => ({ value: point.value, label: text(point.label)! })),
      notApplicable: text(scale.notApplicable),
    })),
    constructs: input.constructs.map((construct) => ({
      key: construct.key,
      kind: construct.kind,
      label: text(construct.label)!,
      description: text(construct.description),
    })),
    sections: input.sections.map((section) => ({
      key: section.key,
      title: text(section.title)!,
      randomiseOrder: section.randomiseOrder ?? null,
      grid: section.grid ?? null,
      items: section.items.map((item) => ({
        key: item.key,
        type: item.type,
        construct: item.construct ?? null,
        roles: [...item.roles],
        prompt: text(item.prompt)!,
        promptByRole:
          item.promptByRole?.map((wording) => ({
            role: wording.role,
            text: text(wording.text)!,
            easyRead: text(wording.easyRead),
          })) ?? null,
        easyRead: text(item.easyRead),
        help: text(item.help),
        required: item.required,
        reverseScored: item.reverseScored,
        scale: item.scale ?? null,
        options: item.options?.map((option) => ({ key: option.key, label: text(option.label)! })) ?? null,
        otherOption: item.otherOption ?? null,
        min: item.min ?? null,
        max: item.max ?? null,
        step: item.step ?? null,
        minLabel: text(item.minLabel),
        maxLabel: text(item.maxLabel),
        earliest: item.earliest ?? null,
        latest: item.latest ?? null,
        maxLength: item.maxLength ?? null,
        showIf: item.showIf ? { ...item.showIf, values: [...item.showIf.values] } : null,
      })),
    })),
  };
}

export const agreement5: Definition['scales'][number] = {
  key: 'agree5',
  points: [
    ['Helt uenig', 'Strongly disagree'],
    ['Litt uenig', 'Somewhat disagree'],
    ['Verken enig eller uenig', 'Neither agree nor disagree'],
    ['Litt enig', 'Somewhat agree'],
    ['Helt enig', 'Strongly agree'],
  ].map(([nb, en], index) => ({ value: index + 1, label: { nb: nb!, en: en!, nn: null } })),
  notApplicable: { nb: 'Vet ikke / ikke aktuelt', en: 'Don’t know / not applicable', nn: null },
};

export function emptyDefinition(): Definition {
  return { scales: [structuredClone(agreement5)], constructs: [], sections: [] };
}

/** A subset of the API's publish rules. */
export function problemsOf(definition: Definition): DefinitionProblemFieldsFragment[] {
  const problems: DefinitionProblemFieldsFragment[] = [];
  if (definition.sections.length === 0)
    problems.push({
      path: 'sections',
      item: null,
      code: 'NO_SECTIONS',
      params: [],
      message: 'The instrument has no sections',
    });
  definition.sections.forEach((section, s) => {
    if (!section.title.nb.trim())
      problems.push({
        path: `sections[${s}].title`,
        item: null,
        code: 'SECTION_NO_TITLE',
        params: [{ name: 'section', value: section.key }],
        message: `Section ${section.key} has no bokmål title`,
      });
    if (section.items.length === 0)
      problems.push({
        path: `sections[${s}].items`,
        item: null,
        code: 'SECTION_NO_ITEMS',
        params: [{ name: 'section', value: section.key }],
        message: `Section ${section.key} has no items`,
      });
    section.items.forEach((item, i) => {
      if (!item.prompt.nb.trim())
        problems.push({
          path: `sections[${s}].items[${i}].prompt`,
          item: item.key,
          code: 'ITEM_NO_PROMPT',
          params: [{ name: 'key', value: item.key }],
          message: `Item ${item.key}: has no bokmål text`,
        });
      if (item.roles.length === 0)
        problems.push({
          path: `sections[${s}].items[${i}].roles`,
          item: item.key,
          code: 'ITEM_NO_ROLES',
          params: [{ name: 'key', value: item.key }],
          message: `Item ${item.key}: is shown to no role; choose at least one`,
        });
    });
  });
  return problems;
}

function itemsByKey(definition: Definition | undefined): Map<string, string> {
  return new Map(
    (definition?.sections ?? []).flatMap((s) => s.items.map((i) => [i.key, JSON.stringify(i)] as const)),
  );
}

function changed<T extends { key: string }>(before: T[], after: T[]): string[] {
  const a = new Map(before.map((entry) => [entry.key, JSON.stringify(entry)]));
  const b = new Map(after.map((entry) => [entry.key, JSON.stringify(entry)]));
  return [...new Set([...a.keys(), ...b.keys()])].filter((key) => a.get(key) !== b.get(key));
}

export function draftChangesOf(instrument: FakeInstrument) {
  const draft = instrument.versions.find((version) => version.status === 'DRAFT');
  if (!draft) return null;
  const latest = published(instrument)[0]?.definition;
  const before = itemsByKey(latest);
  const after = itemsByKey(draft.definition);
  const changes = {
    addedItems: [...after.keys()].filter((key) => !before.has(key)),
    removedItems: [...before.keys()].filter((key) => !after.has(key)),
    changedItems: [...after.keys()].filter((key) => before.has(key) && before.get(key) !== after.get(key)),
    changedConstructs: changed(latest?.constructs ?? [], draft.definition.constructs),
    changedScales: changed(latest?.scales ?? [], draft.definition.scales),
    changedSections: changed(
      (latest?.sections ?? []).map((s) => ({ key: s.key, title: s.title })),
      draft.definition.sections.map((s) => ({ key: s.key, title: s.title })),
    ),
  };
  return {
    __typename: 'DraftChanges',
    ...changes,
    hasChanges: Object.values(changes).some((list) => list.length > 0),
  };
}

function published(instrument: FakeInstrument): FakeVersion[] {
  return instrument.versions.filter((v) => v.status === 'PUBLISHED').sort((a, b) => b.number - a.number);
}

function versionResult(version: FakeVersion) {
  return {
    __typename: 'InstrumentVersion',
    ...version,
    problems: version.status === 'DRAFT' ? problemsOf(version.definition) : [],
  };
}

function instrumentResult(instrument: FakeInstrument) {
  const draft = instrument.versions.find((version) => version.status === 'DRAFT');
  return {
    __typename: 'Instrument',
    id: instrument.id,
    name: instrument.name,
    description: instrument.description,
    shared: instrument.project === null,
    createdAt: at,
    updatedAt: at,
    project: instrument.project ? { __typename: 'Project', ...instrument.project } : null,
    draft: draft ? versionResult(draft) : null,
    draftChanges: draftChangesOf(instrument),
    versions: published(instrument).map(versionResult),
  };
}

export function fakeInstrument(
  fields: Partial<Omit<FakeInstrument, 'versions'>> & {
    name: string;
    draft?: { definition: Definition; revision?: number; number?: number } | null;
    published?: Definition[];
  },
): FakeInstrument {
  const versions: FakeVersion[] = (fields.published ?? []).map((definition, index) => ({
    id: nextId('v'),
    number: index + 1,
    status: 'PUBLISHED',
    revision: 1,
    createdAt: at,
    updatedAt: at,
    publishedAt: `2026-0${index + 1}-15T12:00:00.000Z`,
    definition,
  }));
  if (fields.draft !== null) {
    const draft = fields.draft ?? { definition: emptyDefinition() };
    versions.push({
      id: nextId('v'),
      number: draft.number ?? versions.length + 1,
      status: 'DRAFT',
      revision: draft.revision ?? 1,
      createdAt: at,
      updatedAt: at,
      publishedAt: null,
      definition: draft.definition,
    });
  }
  return {
    id: fields.id ?? nextId('i'),
    name: fields.name,
    description: fields.description ?? null,
    project: fields.project ?? null,
    versions,
  };
}

type Handlers = Partial<Record<string, (operation: Operation) => MockReply>>;

function fail(operation: Operation, code: string, message: string, extra: Record<string, unknown> = {}) {
  return errorResult(operation, [{ message, extensions: { code, ...extra } }]);
}

export function fakeInstrumentApi(state: FakeInstrumentState, handlers: Handlers = {}): Responder {
  return (operation) => {
    const name = operationName(operation) ?? '';
    const handler = handlers[name];
    if (handler) return handler(operation);
    const variables = operation.variables as Record<string, unknown> & { input?: Record<string, unknown> };
    const find = () => state.instruments.find((instrument) => instrument.id === variables['id']);
    const draftOf = (instrument: FakeInstrument) => instrument.versions.find((v) => v.status === 'DRAFT');

    switch (name) {
      case 'Me':
        return dataResult(operation, { me: { __typename: 'User', ...state.viewer } });
      case 'Projects':
        return dataResult(operation, {
          projects: state.projects.map((project) => ({
            __typename: 'Project',
            ...asSeenBy(state.viewer, project),
          })),
        });
      case 'Instruments':
        return dataResult(operation, { instruments: state.instruments.map(instrumentResult) });
      case 'Instrument': {
        const instrument = find();
        if (!instrument) return fail(operation, 'NOT_FOUND', 'Instrument was not found');
        return dataResult(operation, { instrument: instrumentResult(instrument) });
      }
      case 'CreateInstrument': {
        const input = variables.input ?? {};
        const project = state.projects.find((candidate) => candidate.id === input['projectId']);
        const created = fakeInstrument({
          name: String(input['name']),
          description: typeof input['description'] === 'string' ? input['description'] : null,
          project: project ? { id: project.id, name: project.name } : null,
        });
        state.instruments.push(created);
        return dataResult(operation, { createInstrument: instrumentResult(created) });
      }
      case 'UpdateInstrument': {
        const instrument = find();
        if (!instrument) return fail(operation, 'NOT_FOUND', 'Instrument was not found');
        const input = variables.input ?? {};
        if (typeof input['name'] === 'string') instrument.name = input['name'];
        if (typeof input['description'] === 'string') instrument.description = input['description'] || null;
        return dataResult(operation, { updateInstrument: instrumentResult(instrument) });
      }
      case 'SaveInstrumentDraft': {
        const instrument = find();
        if (!instrument) return fail(operation, 'NOT_FOUND', 'Instrument was not found');
        const draft = draftOf(instrument);
        const base = Number(variables['baseRevision']);
        if (!draft || draft.revision !== base)
          return fail(operation, 'CONFLICT', 'The draft has been saved by someone else since you opened it');
        draft.definition = stored(variables['definition'] as InstrumentDefinitionInput);
        draft.revision += 1;
        return dataResult(operation, { saveInstrumentDraft: versionResult(draft) });
      }
      case 'StartInstrumentDraft': {
        const instrument = find();
        if (!instrument) return fail(operation, 'NOT_FOUND', 'Instrument was not found');
        let draft = draftOf(instrument);
        if (!draft) {
          const latest = published(instrument)[0];
          draft = {
            id: nextId('v'),
            number: (latest?.number ?? 0) + 1,
            status: 'DRAFT',
            revision: 1,
            createdAt: at,
            updatedAt: at,
            publishedAt: null,
            definition: structuredClone(latest?.definition ?? emptyDefinition()),
          };
          instrument.versions.push(draft);
        }
        return dataResult(operation, { startInstrumentDraft: versionResult(draft) });
      }
      case 'PublishInstrument': {
        const instrument = find();
        if (!instrument) return fail(operation, 'NOT_FOUND', 'Instrument was not found');
        const draft = draftOf(instrument);
        if (!draft) return fail(operation, 'BAD_USER_INPUT', 'The instrument has no draft to publish');
        if (draft.revision !== Number(variables['revision']))
          return fail(operation, 'CONFLICT', 'The draft has changed since you reviewed it');
        const problems = problemsOf(draft.definition);
        if (problems.length > 0)
          return fail(operation, 'BAD_USER_INPUT', 'The instrument cannot be published', { problems });
        draft.status = 'PUBLISHED';
        draft.publishedAt = '2026-03-02T10:00:00.000Z';
        return dataResult(operation, { publishInstrument: versionResult(draft) });
      }
      case 'DiscardInstrumentDraft': {
        const instrument = find();
        if (!instrument) return fail(operation, 'NOT_FOUND', 'Instrument was not found');
        instrument.versions = instrument.versions.filter((v) => v.status !== 'DRAFT');
        if (instrument.versions.length === 0)
          instrument.versions = fakeInstrument({ name: instrument.name }).versions;
        return dataResult(operation, { discardInstrumentDraft: instrumentResult(instrument) });
      }
      case 'ImportInstrument': {
        const input = variables.input ?? {};
        const result = state.importResult ?? { definition: emptyDefinition(), notes: [] };
        const created = fakeInstrument({
          name: typeof input['name'] === 'string' ? input['name'] : (result.name ?? 'Importert skjema'),
          draft: { definition: result.definition },
        });
        state.instruments.push(created);
        return dataResult(operation, {
          importInstrument: {
            __typename: 'ImportInstrumentResult',
            instrument: instrumentResult(created),
            notes: result.notes.map((note) => ({
              __typename: 'ImportNote',
              ...note,
              message: { __typename: 'LocalizedText', ...note.message },
            })),
            problems: problemsOf(result.definition),
          },
        });
      }
      case 'ExportInstrument': {
        const instrument = find();
        const version = instrument?.versions.find((v) => v.number === variables['version']);
        if (!instrument || !version) return fail(operation, 'NOT_FOUND', 'Version was not found');
        return dataResult(operation, {
          // A workbook comes as base64 of its bytes, which start with a zip header like every .xlsx.
          exportInstrument:
            variables['format'] === 'XLSFORM_XLSX'
              ? btoa('PK\u0003\u0004workbook')
              : JSON.stringify({ name: instrument.name, ...version.definition }),
        });
      }
      default:
        throw new Error(`The fake instrument API does not know the operation ${name}`);
    }
  };
}

/** A researcher of one project, as `me` answers. */
export function researcher(project: { id: string; name: string }): ViewerFieldsFragment {
  return {
    id: 'u-researcher',
    name: 'Testbruker Forsker',
    email: 'forsker@example.org',
    isAdmin: false,
    access: { admin: false, researcher: true },
    language: 'NB',
    pendingApproval: false,
    linkedProviders: [],
    twoFactor: { enabled: false, enabledAt: null, required: false, setupOnly: false, recoveryCodesLeft: 0 },
    memberships: [{ id: 'm1', role: 'RESEARCHER', project: { id: project.id, name: project.name } }],
  };
}

export function projectFields(name: string, id = nextId('p')): ProjectFieldsFragment {
  return {
    id,
    name,
    slug: name.toLowerCase().replace(/[^a-z0-9]+/g, '-'),
    organisation: 'Eksempel kommune',
    description: null,
    myRole: 'RESEARCHER',
    viewerAccess: { researcher: true, member: true },
    createdAt: at,
    updatedAt: at,
  };
}
