import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    projects: ['api', 'web'],
    // Vitest's default is one worker per core less one: a single worker on a two-core machine. The api tests spend
    // much of their time waiting for the database, so two files at a time use such a machine better.
    maxWorkers: Math.max(2, availableParallelism() - 1),
  },
});
