import { Arg, Ctx, FieldResolver, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { Allow, Rules } from '../auth/rules.js';
import { CurrentViewer, type Viewer } from '../auth/viewer.js';
import { UUID } from '../common/ids.js';
import type { Context } from '../context.js';
import { Project } from '../projects/project.entity.js';
import { DefinitionProblem, problemsOf } from './definition.rules.js';
import { InstrumentDefinition } from './definition.types.js';
import { Instrument } from './instrument.entity.js';
import {
  CreateInstrumentInput,
  ImportInstrumentInput,
  InstrumentFormat,
  UpdateInstrumentInput,
} from './instrument.inputs.js';
import { draftChangesOf, InstrumentService } from './instrument.service.js';
import { DraftChanges, ImportInstrumentResult } from './instrument.types.js';
import { InstrumentVersion } from './instrument-version.entity.js';

const instrumentFromId = Rules.researcherOfInstrument({ arg: 'id' });

@Resolver(() => Instrument)
export class InstrumentResolver {
  @Allow(Rules.researcherAnywhere)
  @Query(() => [Instrument], {
    description: 'Instruments you may use: shared ones and those of projects where you are a researcher',
  })
  instruments(
    @Arg('projectId', () => UUID, { nullable: true, description: 'Only those this project may use' })
    projectId: string | null,
    @CurrentViewer() viewer: Viewer,
    @Ctx() { em }: Context,
  ): Promise<Instrument[]> {
    return new InstrumentService(em).listFor(viewer, projectId);
  }

  @Allow(instrumentFromId)
  @Query(() => Instrument, { description: 'One instrument' })
  instrument(@Arg('id', () => UUID) id: string, @Ctx() { em }: Context): Promise<Instrument> {
    return new InstrumentService(em).get(id);
  }

  @Allow(instrumentFromId)
  @Query(() => String, {
    description:
      'A version as a file: Verdi JSON (lossless), a REDCap data dictionary, a SurveyJS survey or an XLSForm (.xlsx as base64). Without a version number, the latest published one (or the draft when none is).',
  })
  exportInstrument(
    @Arg('id', () => UUID) id: string,
    @Arg('format', () => InstrumentFormat) format: InstrumentFormat,
    @Arg('version', () => Int, { nullable: true }) version: number | null,
    @Ctx() { em }: Context,
  ): Promise<string> {
    return new InstrumentService(em).exportAs(id, format, version);
  }

  @Allow(Rules.researcherOfProjectOrShared({ arg: 'input', field: 'projectId' }))
  @Mutation(() => Instrument, { description: 'Creates an instrument with an empty draft' })
  createInstrument(
    @Arg('input') input: CreateInstrumentInput,
    @CurrentViewer() viewer: Viewer,
    @Ctx() { em }: Context,
  ): Promise<Instrument> {
    return new InstrumentService(em).create(viewer, input);
  }

  @Allow(Rules.researcherOfProjectOrShared({ arg: 'input', field: 'projectId' }))
  @Mutation(() => ImportInstrumentResult, {
    description:
      'Makes a new instrument from a file; what does not map is listed back, never dropped silently',
  })
  importInstrument(
    @Arg('input') input: ImportInstrumentInput,
    @CurrentViewer() viewer: Viewer,
    @Ctx() { em }: Context,
  ): Promise<ImportInstrumentResult> {
    return new InstrumentService(em).import(viewer, input);
  }

  @Allow(instrumentFromId)
  @Mutation(() => Instrument, { description: "Changes an instrument's name or description" })
  updateInstrument(
    @Arg('id', () => UUID) id: string,
    @Arg('input') input: UpdateInstrumentInput,
    @Ctx() { em }: Context,
  ): Promise<Instrument> {
    return new InstrumentService(em).update(id, input);
  }

  @Allow(instrumentFromId)
  @Mutation(() => InstrumentVersion, {
    description:
      'Saves the whole draft definition. Give the revision you loaded (0 when there is no draft yet: that starts the next version); a save over a newer one is refused with CONFLICT.',
  })
  saveInstrumentDraft(
    @Arg('id', () => UUID) id: string,
    @Arg('definition', () => InstrumentDefinition) definition: InstrumentDefinition,
    @Arg('baseRevision', () => Int) baseRevision: number,
    @Ctx() { em }: Context,
  ): Promise<InstrumentVersion> {
    return new InstrumentService(em).saveDraft(id, definition, baseRevision);
  }

  @Allow(instrumentFromId)
  @Mutation(() => InstrumentVersion, {
    description:
      'Starts the next draft as a copy of the latest published version (or returns the existing draft)',
  })
  startInstrumentDraft(
    @Arg('id', () => UUID) id: string,
    @Ctx() { em }: Context,
  ): Promise<InstrumentVersion> {
    return new InstrumentService(em).startDraft(id);
  }

  @Allow(instrumentFromId)
  @Mutation(() => InstrumentVersion, {
    description:
      'Publishes the draft: checks every rule, then freezes it for good. Give the revision you reviewed; BAD_USER_INPUT lists every problem.',
  })
  publishInstrument(
    @Arg('id', () => UUID) id: string,
    @Arg('revision', () => Int) revision: number,
    @CurrentViewer() viewer: Viewer,
    @Ctx() { em }: Context,
  ): Promise<InstrumentVersion> {
    return new InstrumentService(em).publish(viewer, id, revision);
  }

  @Allow(instrumentFromId)
  @Mutation(() => Instrument, { description: 'Throws the draft away; published versions stay as they are' })
  discardInstrumentDraft(@Arg('id', () => UUID) id: string, @Ctx() { em }: Context): Promise<Instrument> {
    return new InstrumentService(em).discardDraft(id);
  }

  @FieldResolver(() => Project, {
    nullable: true,
    description: 'The project it belongs to; null when shared',
  })
  async project(@Root() instrument: Instrument, @Ctx() { loaders }: Context): Promise<Project | null> {
    return instrument.project ? loaders.project.load(instrument.project.id) : null;
  }

  @FieldResolver(() => Boolean, { description: "Whether every project's researchers may use it" })
  shared(@Root() instrument: Instrument): boolean {
    return instrument.project == null;
  }

  @FieldResolver(() => InstrumentVersion, { nullable: true, description: 'The draft being edited, if any' })
  draft(@Root() instrument: Instrument, @Ctx() { loaders }: Context): Promise<InstrumentVersion | null> {
    return loaders.instrumentDraft.load(instrument.id);
  }

  @FieldResolver(() => [InstrumentVersion], { description: 'Published versions, newest first' })
  versions(@Root() instrument: Instrument, @Ctx() { loaders }: Context): Promise<InstrumentVersion[]> {
    return loaders.publishedVersions.load(instrument.id);
  }

  @FieldResolver(() => DraftChanges, {
    nullable: true,
    description: 'What publishing the draft would change',
  })
  async draftChanges(
    @Root() instrument: Instrument,
    @Ctx() { loaders }: Context,
  ): Promise<DraftChanges | null> {
    const [draft, published] = await Promise.all([
      loaders.instrumentDraft.load(instrument.id),
      loaders.publishedVersions.load(instrument.id),
    ]);
    return draftChangesOf(draft, published[0]);
  }
}

@Resolver(() => InstrumentVersion)
export class InstrumentVersionResolver {
  @FieldResolver(() => [DefinitionProblem], {
    description: 'What stops this definition from being published; empty for published versions',
  })
  problems(@Root() version: InstrumentVersion): DefinitionProblem[] {
    return problemsOf(version.definition);
  }
}
