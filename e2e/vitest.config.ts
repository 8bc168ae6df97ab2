import { defineConfig } from 'vitest/config';

// Browser tests against the built app: `npm run test:e2e` builds first, then runs this config.
export default defineConfig({
  test: {
    name: 'e2e',
    root: import.meta.dirname,
    include: ['**/*.e2e.ts'],
    environment: 'node',
    pool: 'forks',
    // Each file starts its own server and browser. A file spends most of its time waiting for the page, so two files
    // side by side keep a 2-core machine busy (measured: 18 files in 214 s instead of about 400 s, the same tests
    // passing).
    maxWorkers: 2,
    testTimeout: 60_000,
    // Starting the server (first start of the embedded database) and Chromium happens in hooks.
    hookTimeout: 120_000,
    // expect.poll retries an assertion on the page (a count, the texts of a list) until it holds, as Playwright's own
    // retrying assertions do; the page may take a few seconds under load.
    expect: { poll: { timeout: 10_000 } },
  },
});
