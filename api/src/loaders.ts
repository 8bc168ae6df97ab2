import DataLoader from 'dataloader';
import { oneByKey } from './common/batches.js';
import { NotFoundError } from './common/errors.js';
import type { Em } from './db/orm.js';
import { Instrument } from './instruments/instrument.entity.js';
import { InstrumentVersion } from './instruments/instrument-version.entity.js';
import { Project } from './projects/project.entity.js';
import type { Invitation } from './waves/invitation.entity.js';
import type { Wave } from './waves/wave.entity.js';
import { WaveService, type RoleCount } from './waves/wave.service.js';

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
  /** A project's rounds, oldest first. */
  wavesOfProject: DataLoader<string, Wave[]>;
  /** A round's live counts, one per role. */
  waveCounts: DataLoader<string, RoleCount[]>;
  /** A round's open links, one per role asked. */
  openLinks: DataLoader<string, Invitation[]>;
}

export function createLoaders(em: Em): Loaders {
  const waves = new WaveService(em);
  return {
    project: new DataLoader(async (ids) =>
      oneByKey(
        ids,
        await em.find(Project, { id: { $in: [...ids] } }),
        (project) => project.id,
        (id) => new NotFoundError('Project', id),
      ),
    ),
    instrument: new DataLoader(async (ids) =>
      oneByKey(
        ids,
        await em.find(Instrument, { id: { $in: [...ids] } }),
        (instrument) => instrument.id,
        (id) => new NotFoundError('Instrument', id),
      ),
    ),
    instrumentVersion: new DataLoader(async (ids) =>
      oneByKey(
        ids,
        await em.find(InstrumentVersion, { id: { $in: [...ids] } }, { fields: ['number', 'instrument'] }),
        (version) => version.id,
        (id) => new NotFoundError('Instrument version', id),
      ),
    ),
    wavesOfProject: new DataLoader((ids) => waves.listOfProjects(ids)),
    waveCounts: new DataLoader((ids) => waves.countsOf(ids)),
    openLinks: new DataLoader((ids) => waves.openLinksOf(ids)),
  };
}
