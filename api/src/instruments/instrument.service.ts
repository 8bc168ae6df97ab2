import { UniqueConstraintViolationException } from '@mikro-orm/core';
import { GraphQLError } from 'graphql';
import { AuditAction } from '../audit/audit-event.entity.js';
import { AuditService } from '../audit/audit.service.js';
import type { Viewer } from '../auth/viewer.js';
import { ConflictError, ErrorCode, NotFoundError, ValidationError } from '../common/errors.js';
import { isUuid } from '../common/ids.js';
import { groupByKey } from '../common/batches.js';
import type { Em } from '../db/orm.js';
import { Project } from '../projects/project.entity.js';
import { ProjectRole } from '../accounts/project-role.js';
import { canonicalDefinition } from './definition.canonical.js';
import { problemsOf, type DefinitionProblem } from './definition.rules.js';
import { defaultAgreementScale, type InstrumentDefinition } from './definition.types.js';
import type {
  CreateInstrumentInput,
  ImportInstrumentInput,
  UpdateInstrumentInput,
} from './instrument.inputs.js';
import { InstrumentFormat } from './instrument.inputs.js';
import { Instrument } from './instrument.entity.js';
import { InstrumentVersion, VersionStatus } from './instrument-version.entity.js';
import type { DraftChanges, ImportInstrumentResult } from './instrument.types.js';
import { noteSentence, type ImportResult } from './interchange/import-notes.js';
import { exportRedcapDictionary, importRedcapDictionary } from './interchange/redcap.js';
import { importSurveyJs } from './interchange/surveyjs.js';
import { exportSurveyJs } from './interchange/surveyjs-export.js';
import { exportVerdiJson, importVerdiJson } from './interchange/verdi-json.js';
import { exportXlsForm, importXlsForm } from './interchange/xlsform.js';

/** Publishing refuses a definition that breaks a rule, and lists every problem, each naming its item. */
export class DefinitionError extends GraphQLError {
  constructor(problems: DefinitionProblem[]) {
    const shown = problems.slice(0, 5).map((p) => p.message);
    const more = problems.length > shown.length ? ` (and ${problems.length - shown.length} more)` : '';
    super(`The instrument cannot be published: ${shown.join('; ')}${more}`, {
      extensions: { code: ErrorCode.BAD_USER_INPUT, problems },
    });
  }
}

function staleError(): ConflictError {
  return new ConflictError(
    'The draft has been published or discarded since you opened it; reload the instrument',
  );
}

/** Why a conditional write from `baseRevision` matched nothing, as the CONFLICT the editor shows. */
async function staleDraft(em: Em, draftId: string, baseRevision: number): Promise<ConflictError> {
  const now = await em.findOne(
    InstrumentVersion,
    { id: draftId },
    { fields: ['revision', 'status'], refresh: true },
  );
  if (!now || now.status !== VersionStatus.DRAFT) return staleError();
  return new ConflictError(
    `The draft has been saved by someone else since you opened it (revision ${now.revision}, yours ${baseRevision}); reload it and make your changes again`,
  );
}

export function emptyDefinition(): InstrumentDefinition {
  return { scales: [defaultAgreementScale()], constructs: [], sections: [] };
}

export class InstrumentService {
  private readonly audit: AuditService;

  constructor(private readonly em: Em) {
    this.audit = new AuditService(em);
  }

  /** Shared instruments and those of projects where the viewer is a researcher (admins: all). */
  listFor(viewer: Viewer, projectId?: string | null): Promise<Instrument[]> {
    const researcherIn = [...viewer.roles]
      .filter(([, role]) => role === ProjectRole.RESEARCHER)
      .map(([id]) => id);
    const visible = viewer.isAdmin ? {} : { $or: [{ project: null }, { project: { $in: researcherIn } }] };
    const where = projectId
      ? { $and: [visible, { $or: [{ project: projectId }, { project: null }] }] }
      : visible;
    return this.em.find(Instrument, where, { orderBy: { name: 'asc', id: 'asc' } });
  }

  async get(id: string): Promise<Instrument> {
    const instrument = isUuid(id) ? await this.em.findOne(Instrument, { id }) : null;
    if (!instrument) throw new NotFoundError('Instrument', id);
    return instrument;
  }

  /** The project an instrument belongs to: null when shared, undefined when there is no such instrument. */
  async projectOf(id: string): Promise<string | null | undefined> {
    if (!isUuid(id)) return undefined;
    const row = await this.em.findOne(Instrument, { id }, { fields: ['project'] });
    return row ? (row.project?.id ?? null) : undefined;
  }

  draft(instrumentId: string): Promise<InstrumentVersion | null> {
    return this.em.findOne(InstrumentVersion, { instrument: instrumentId, status: VersionStatus.DRAFT });
  }

  /** The draft of each instrument (null where there is none), in one query for the whole list. */
  async draftsOf(instrumentIds: readonly string[]): Promise<(InstrumentVersion | null)[]> {
    const drafts = await this.em.find(InstrumentVersion, {
      instrument: { $in: [...instrumentIds] },
      status: VersionStatus.DRAFT,
    });
    return groupByKey(instrumentIds, drafts, (v) => v.instrument.id).map((found) => found[0] ?? null);
  }

  /** The published versions of each instrument, newest first, in one query for the whole list. */
  async publishedOf(instrumentIds: readonly string[]): Promise<InstrumentVersion[][]> {
    const versions = await this.em.find(
      InstrumentVersion,
      { instrument: { $in: [...instrumentIds] }, status: VersionStatus.PUBLISHED },
      { orderBy: { number: 'desc' } },
    );
    return groupByKey(instrumentIds, versions, (v) => v.instrument.id);
  }

  latestPublished(instrumentId: string): Promise<InstrumentVersion | null> {
    return this.em.findOne(
      InstrumentVersion,
      { instrument: instrumentId, status: VersionStatus.PUBLISHED },
      { orderBy: { number: 'desc' } },
    );
  }

  async create(
    viewer: Viewer,
    input: CreateInstrumentInput,
    definition: InstrumentDefinition = emptyDefinition(),
    action = AuditAction.INSTRUMENT_CREATED,
  ): Promise<Instrument> {
    let project: Project | null = null;
    if (input.projectId) {
      project = isUuid(input.projectId) ? await this.em.findOne(Project, { id: input.projectId }) : null;
      if (!project) throw new NotFoundError('Project', input.projectId);
    }
    const instrument = this.em.create(Instrument, {
      name: input.name.trim(),
      description: input.description?.trim() || null,
      project,
    });
    this.em.create(InstrumentVersion, { instrument, number: 1, definition: canonicalDefinition(definition) });
    this.audit.record({
      action,
      actorId: viewer.userId,
      subjectType: 'Instrument',
      subjectId: instrument.id,
      projectId: project?.id ?? null,
      details: { name: instrument.name },
    });
    await this.em.flush();
    return instrument;
  }

  async update(id: string, input: UpdateInstrumentInput): Promise<Instrument> {
    const instrument = await this.get(id);
    if (input.name != null) instrument.name = input.name.trim();
    if (input.description != null) instrument.description = input.description.trim() || null;
    await this.em.flush();
    return instrument;
  }

  /**
   * Replaces the draft's definition. `baseRevision` is the revision the editor loaded, so a save over someone
   * else's newer save is refused instead of silently undoing it; 0 starts a new draft from nothing when the
   * instrument has only published versions (editing a published instrument starts the next version).
   */
  async saveDraft(
    id: string,
    definition: InstrumentDefinition,
    baseRevision: number,
  ): Promise<InstrumentVersion> {
    const instrument = await this.get(id);
    const canonical = canonicalDefinition(definition);
    const draft = await this.draft(instrument.id);
    if (draft) {
      // The revision check and the write are one statement: of two saves from the same revision, PostgreSQL lets
      // exactly one match the row, and the other finds it already moved on (a read-then-write lets both through).
      const changed = await this.em.nativeUpdate(
        InstrumentVersion,
        { id: draft.id, status: VersionStatus.DRAFT, revision: baseRevision },
        { definition: canonical, revision: baseRevision + 1, updatedAt: new Date() },
      );
      if (changed === 0) throw await staleDraft(this.em, draft.id, baseRevision);
      return (await this.em.refresh(draft))!;
    }
    if (baseRevision !== 0) throw staleError();
    const latest = await this.latestPublished(instrument.id);
    const next = this.em.create(InstrumentVersion, {
      instrument,
      number: (latest?.number ?? 0) + 1,
      definition: canonical,
    });
    try {
      await this.em.flush();
    } catch (error) {
      // Someone else started the next draft (or published it) at the same moment: the one-draft index refuses ours.
      if (error instanceof UniqueConstraintViolationException) {
        this.em.clear();
        throw staleError();
      }
      throw error;
    }
    return next;
  }

  /** Starts the next draft as a copy of the latest published version, or returns the draft there is. */
  async startDraft(id: string): Promise<InstrumentVersion> {
    const instrument = await this.get(id);
    const existing = await this.draft(instrument.id);
    if (existing) return existing;
    const latest = await this.latestPublished(instrument.id);
    const draft = this.em.create(InstrumentVersion, {
      instrument,
      number: (latest?.number ?? 0) + 1,
      definition: latest ? structuredClone(latest.definition) : emptyDefinition(),
    });
    await this.em.flush();
    return draft;
  }

  async publish(viewer: Viewer, id: string, revision: number): Promise<InstrumentVersion> {
    const instrument = await this.get(id);
    const draft = await this.draft(instrument.id);
    if (!draft) throw new ValidationError('The instrument has no draft to publish', { id: 'has no draft' });
    if (draft.revision !== revision) {
      throw new ConflictError(
        `The draft has changed since you reviewed it (revision ${draft.revision}, yours ${revision}); review it again before publishing`,
      );
    }
    const problems = problemsOf(draft.definition);
    if (problems.length > 0) throw new DefinitionError(problems);
    const publishedAt = new Date();
    // Published only if it is still the revision that was checked: a save landing in between must not be frozen unseen.
    await this.em.transactional(async (em) => {
      const changed = await em.nativeUpdate(
        InstrumentVersion,
        { id: draft.id, status: VersionStatus.DRAFT, revision },
        {
          status: VersionStatus.PUBLISHED,
          publishedAt,
          publishedById: viewer.userId,
          updatedAt: publishedAt,
        },
      );
      if (changed === 0) throw await staleDraft(em, draft.id, revision);
      new AuditService(em).record({
        action: AuditAction.INSTRUMENT_PUBLISHED,
        actorId: viewer.userId,
        subjectType: 'Instrument',
        subjectId: instrument.id,
        projectId: instrument.project?.id ?? null,
        details: { version: draft.number },
      });
    });
    return (await this.em.refresh(draft))!;
  }

  async discardDraft(id: string): Promise<Instrument> {
    const instrument = await this.get(id);
    await this.em.nativeDelete(InstrumentVersion, { instrument: instrument.id, status: VersionStatus.DRAFT });
    if ((await this.em.count(InstrumentVersion, { instrument: instrument.id })) === 0) {
      // An instrument is never left without any version: discarding a never-published draft empties it instead.
      this.em.create(InstrumentVersion, { instrument, number: 1, definition: emptyDefinition() });
      await this.em.flush();
    }
    return instrument;
  }

  /** A version by number; without a number, the latest published one, or the draft when none is published. */
  async version(id: string, number?: number | null): Promise<InstrumentVersion> {
    const instrument = await this.get(id);
    const version =
      number != null
        ? await this.em.findOne(InstrumentVersion, { instrument: instrument.id, number })
        : ((await this.latestPublished(instrument.id)) ?? (await this.draft(instrument.id)));
    if (!version) throw new NotFoundError(`Version ${number ?? ''} of instrument`, id);
    return version;
  }

  async exportAs(id: string, format: InstrumentFormat, number?: number | null): Promise<string> {
    const instrument = await this.get(id);
    const version = await this.version(id, number);
    const document = {
      name: instrument.name,
      description: instrument.description,
      definition: version.definition,
    };
    switch (format) {
      case InstrumentFormat.VERDI_JSON:
        return exportVerdiJson(document);
      case InstrumentFormat.REDCAP_CSV:
        return exportRedcapDictionary(document);
      case InstrumentFormat.XLSFORM_XLSX:
        return (await exportXlsForm(document)).toString('base64');
      case InstrumentFormat.SURVEYJS_JSON:
        return exportSurveyJs(document);
    }
  }

  async import(viewer: Viewer, input: ImportInstrumentInput): Promise<ImportInstrumentResult> {
    let imported: ImportResult;
    switch (input.format) {
      case InstrumentFormat.VERDI_JSON:
        imported = { ...importVerdiJson(input.content), notes: [] };
        break;
      case InstrumentFormat.REDCAP_CSV:
        imported = importRedcapDictionary(input.content, input.name?.trim() || 'REDCap-import');
        break;
      case InstrumentFormat.SURVEYJS_JSON:
        imported = importSurveyJs(input.content, input.name?.trim() || undefined);
        break;
      case InstrumentFormat.XLSFORM_XLSX:
        imported = await importXlsForm(input.content, input.name?.trim() || undefined);
        break;
    }
    const instrument = await this.create(
      viewer,
      {
        name: input.name?.trim() || imported.name,
        description: imported.description,
        projectId: input.projectId,
      },
      imported.definition,
      AuditAction.INSTRUMENT_IMPORTED,
    );
    const draft = await this.draft(instrument.id);
    const notes = imported.notes;
    return {
      instrument,
      notes,
      unmapped: notes.map((note) => noteSentence(note, 'en')),
      problems: problemsOf(draft!.definition),
    };
  }
}

/** What publishing a draft would change against the latest published version; null without a draft. */
export function draftChangesOf(
  draft: InstrumentVersion | null,
  latest: InstrumentVersion | null | undefined,
): DraftChanges | null {
  if (!draft) return null;
  return compareDefinitions(
    latest?.definition ?? { scales: [], constructs: [], sections: [] },
    draft.definition,
  );
}

function byKey<T extends { key: string }>(list: T[]): Map<string, string> {
  return new Map(list.map((entry) => [entry.key, JSON.stringify(entry)]));
}

function changedKeys(before: Map<string, string>, after: Map<string, string>): string[] {
  const keys = new Set([...before.keys(), ...after.keys()]);
  return [...keys].filter((key) => before.get(key) !== after.get(key));
}

export function compareDefinitions(before: InstrumentDefinition, after: InstrumentDefinition): DraftChanges {
  const items = (d: InstrumentDefinition) => byKey(canonicalDefinition(d).sections.flatMap((s) => s.items));
  const sections = (d: InstrumentDefinition) =>
    new Map(
      canonicalDefinition(d).sections.map((s, position) => [
        s.key,
        JSON.stringify({ position, title: s.title }),
      ]),
    );
  const [itemsBefore, itemsAfter] = [items(before), items(after)];
  const changes = {
    addedItems: [...itemsAfter.keys()].filter((key) => !itemsBefore.has(key)),
    removedItems: [...itemsBefore.keys()].filter((key) => !itemsAfter.has(key)),
    changedItems: [...itemsAfter.keys()].filter(
      (key) => itemsBefore.has(key) && itemsBefore.get(key) !== itemsAfter.get(key),
    ),
    changedConstructs: changedKeys(
      byKey(canonicalDefinition(before).constructs),
      byKey(canonicalDefinition(after).constructs),
    ),
    changedScales: changedKeys(
      byKey(canonicalDefinition(before).scales),
      byKey(canonicalDefinition(after).scales),
    ),
    changedSections: changedKeys(sections(before), sections(after)),
  };
  const orderChanged =
    JSON.stringify(canonicalDefinition(before).sections.map((s) => s.items.map((i) => i.key))) !==
    JSON.stringify(canonicalDefinition(after).sections.map((s) => s.items.map((i) => i.key)));
  return { ...changes, hasChanges: orderChanged || Object.values(changes).some((list) => list.length > 0) };
}
