import { defineProject } from 'vitest/config';

export default defineProject({
  test: {
    name: 'api',
    environment: 'node',
    include: ['src/**/*.test.ts'],
    setupFiles: ['./src/test/setup.ts'],
    globalSetup: ['./src/test/global-setup.ts'],
    // Each test file gets its own database; PGlite's first start compiles WebAssembly, which takes a few seconds.
    // The files share their worker's module cache (each still gets its own database and app): measured on this
    // 2-core machine, the whole api suite on PGlite took 310 s instead of about 500 s, the drivers, MikroORM and the
    // schema being loaded once per worker instead of once per file. A test must therefore not leave global state
    // behind (environment variables, module-level singletons) that another file could see.
    isolate: false,
    hookTimeout: 60_000,
    testTimeout: 30_000,
  },
});
