import type { Orm } from '../db/orm.js';
import type { GeneratorOptions } from '../demo/generator.js';
import type { Figure } from './report.js';

export interface Scale {
  name: 'full' | 'small';
  /** The dashboard's data: projects × rounds × 3 roles × respondents. */
  dashboard: GeneratorOptions;
  /** One project alone for the export. */
  export: GeneratorOptions;
  /** Project counts at which SQL statements per request are counted. */
  queryProjects: [number, number];
  clients: number;
  loadSeconds: number;
  warmupSeconds: number;
  /** Timed runs per query (the median is reported). */
  runs: number;
}

export const SCALES: Record<Scale['name'], Scale> = {
  // About a million answers for the dashboard (50 × 4 × 3 × 112 × ~15 answers) and another million in one project.
  full: {
    name: 'full',
    dashboard: { projects: 50, rounds: 4, respondents: 112 },
    export: { projects: 1, rounds: 4, respondents: 5600 },
    queryProjects: [10, 100],
    clients: 16,
    loadSeconds: 20,
    warmupSeconds: 3,
    runs: 5,
  },
  // For CI: every step runs, on data small enough to take a minute.
  small: {
    name: 'small',
    dashboard: { projects: 3, rounds: 2, respondents: 8 },
    export: { projects: 1, rounds: 2, respondents: 40 },
    queryProjects: [2, 6],
    clients: 4,
    loadSeconds: 2,
    warmupSeconds: 1,
    runs: 2,
  },
};

export interface BenchContext {
  scale: Scale;
  /** The bench's own database, with the generated data. */
  databaseUrl: string;
  orm: Orm;
  figures: Figure[];
  log(line: string): void;
}
