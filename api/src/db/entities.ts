import { Project } from '../projects/project.entity.js';

/** Every entity, listed explicitly so that the same list serves tsc output, vitest and the migrator. */
export const entities = [Project];
