import type { Em } from '../db/orm.js';
import type { InstrumentDefinition } from './definition.types.js';
import { InstrumentVersion, VersionStatus } from './instrument-version.entity.js';

const MAX_ENTRIES = 200;
const cache = new Map<string, InstrumentDefinition>();

/**
 * The definition of an instrument version, kept in memory once published: a published version can never change
 * (a trigger refuses it), so every process may keep its own copy. The entity is read outside the request's identity
 * map, so its large JSON is not compared again on every flush of the request.
 */
export async function definitionOf(em: Em, versionId: string): Promise<InstrumentDefinition> {
  const cached = cache.get(versionId);
  if (cached) return cached;
  const version = await em.findOneOrFail(InstrumentVersion, { id: versionId }, { disableIdentityMap: true });
  if (version.status === VersionStatus.PUBLISHED) {
    if (cache.size >= MAX_ENTRIES) cache.delete(cache.keys().next().value!);
    cache.set(versionId, version.definition);
  }
  return version.definition;
}
