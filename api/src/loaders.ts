import type { EntityClass } from '@mikro-orm/core';
import DataLoader from 'dataloader';
import { oneByKey } from './common/batches.js';
import { NotFoundError } from './common/errors.js';
import type { Em } from './db/orm.js';
import { Instrument } from './instruments/instrument.entity.js';
import { InstrumentVersion } from './instruments/instrument-version.entity.js';
import { InstrumentService } from './instruments/instrument.service.js';
import { Project } from './projects/project.entity.js';
import { SsoService } from './sso/sso.service.js';
import type { Invitation } from './rounds/invitation.entity.js';
import type { Round } from './rounds/round.entity.js';
import { RoundService, type RoleCount } from './rounds/round.service.js';

/**
 * Batch loaders for one request. A field asked of every item of a list resolves in one query for the whole list
 * instead of one per item, so a page costs the same number of queries however many projects and rounds it shows.
 * They live and cache for a single request only, so that no request sees another one's rows.
 */
export interface Loaders {
  project: DataLoader<string, Project>;
  instrument: DataLoader<string, Instrument>;
  /** Only the number and the instrument: a version's definition can be large, and lists never need it. */
  instrumentVersion: DataLoader<string, Pick<InstrumentVersion, 'id' | 'number' | 'instrument'>>;
  /** An instrument's draft, or null when it has none. */
  instrumentDraft: DataLoader<string, InstrumentVersion | null>;
  /** An instrument's published versions, newest first. */
  publishedVersions: DataLoader<string, InstrumentVersion[]>;
  /** A project's rounds, oldest first. */
  roundsOfProject: DataLoader<string, Round[]>;
  /** A round's live counts, one per role. */
  roundCounts: DataLoader<string, RoleCount[]>;
  /** A round's open links, one per role asked. */
  openLinks: DataLoader<string, Invitation[]>;
  /** The ids of the identity providers linked to an account, oldest link first. */
  providersOfUser: DataLoader<string, string[]>;
}

/** One entity per id, in one query per batch; an id without a row is a NOT_FOUND for that item only. */
function byId<T extends { id: string }>(
  em: Em,
  entity: EntityClass<T>,
  name: string,
  fields?: readonly string[],
): DataLoader<string, T> {
  return new DataLoader(async (ids) =>
    oneByKey(
      ids,
      // The generic entity type is too wide for MikroORM's typed filters; the query is the same for every entity.
      (await em.find(
        entity,
        { id: { $in: [...ids] } } as never,
        fields ? { fields: fields as never } : {},
      )) as T[],
      (row) => row.id,
      (id) => new NotFoundError(name, id),
    ),
  );
}

export function createLoaders(em: Em): Loaders {
  const rounds = new RoundService(em);
  const instruments = new InstrumentService(em);
  return {
    project: byId(em, Project, 'Project'),
    instrument: byId(em, Instrument, 'Instrument'),
    instrumentVersion: byId(em, InstrumentVersion, 'Instrument version', ['number', 'instrument']),
    instrumentDraft: new DataLoader((ids) => instruments.draftsOf(ids)),
    publishedVersions: new DataLoader((ids) => instruments.publishedOf(ids)),
    roundsOfProject: new DataLoader((ids) => rounds.listOfProjects(ids)),
    roundCounts: new DataLoader((ids) => rounds.countsOf(ids)),
    openLinks: new DataLoader((ids) => rounds.openLinksOf(ids)),
    providersOfUser: new DataLoader((ids) => new SsoService(em).providersOfUsers(ids)),
  };
}
