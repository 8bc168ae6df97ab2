import { defineConfig } from 'vitest/config';

// Browser tests against the built app: `npm run test:e2e` builds first, then runs this config.
export default defineConfig({
  test: {
    name: 'e2e',
    root: import.meta.dirname,
    include: ['**/*.e2e.ts'],
    environment: 'node',
    pool: 'forks',
    // Each file starts its own server and browser; one at a time keeps a small machine responsive.
    fileParallelism: false,
    maxWorkers: 1,
    testTimeout: 60_000,
    // Starting the server (first start of the embedded database) and Chromium happens in hooks.
    hookTimeout: 120_000,
    // expect.poll retries an assertion on the page (a count, the texts of a list) until it holds, as Playwright's own
    // retrying assertions do; the page may take a few seconds under load.
    expect: { poll: { timeout: 10_000 } },
  },
});
