import { defineProject } from 'vitest/config';

export default defineProject({
  test: {
    name: 'api',
    environment: 'node',
    include: ['src/**/*.test.ts'],
    setupFiles: ['./src/test/setup.ts'],
    globalSetup: ['./src/test/global-setup.ts'],
    // Each test file gets its own database; PGlite's first start compiles WebAssembly, which takes a few seconds.
    hookTimeout: 60_000,
    testTimeout: 30_000,
  },
});
