import type { Orm } from '@verdi/api/dist/db/orm.js';
import type { GeneratorOptions } from '@verdi/api/dist/demo/generator.js';
import type { Figure } from './report.ts';

export interface Scale {
  name: 'full' | 'small';
  /**
   * The dashboard's data sets, each measured on its own: projects × rounds × 3 roles × respondents, sized so that
   * every set has about the same number of answers, spread over more or fewer projects.
   */
  dashboard: GeneratorOptions[];
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
  // About a million answers in each dashboard set (10 × 4 × 3 × 560, 100 × 4 × 3 × 56, 1,000 × 4 × 3 × 6, times ~15
  // answers) and another million in one project for the export.
  full: {
    name: 'full',
    dashboard: [
      { projects: 10, rounds: 4, respondents: 560 },
      { projects: 100, rounds: 4, respondents: 56 },
      { projects: 1000, rounds: 4, respondents: 6 },
    ],
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
    dashboard: [
      { projects: 2, rounds: 2, respondents: 12 },
      { projects: 6, rounds: 2, respondents: 4 },
    ],
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
