import { describe, expect, it } from 'vitest';
import { readConfig } from '../config.js';
import { demoWanted } from './demo-setting.js';

describe('whether a new database gets the demo', () => {
  it.each([
    ['production', undefined, false],
    ['production', '', false],
    ['production', '0', false],
    ['production', 'false', false],
    ['production', '1', true],
    ['production', 'TRUE', true],
    ['development', undefined, true],
    ['development', '0', false],
    ['development', ' False ', false],
    ['development', '1', true],
    [undefined, undefined, true],
    [undefined, 'false', false],
    ['test', undefined, true],
  ])('NODE_ENV=%s VERDI_DEMO=%s: %s', (nodeEnv, demo, expected) => {
    expect(demoWanted({ NODE_ENV: nodeEnv, VERDI_DEMO: demo })).toBe(expected);
    expect(readConfig({ NODE_ENV: nodeEnv, VERDI_DEMO: demo }).demo).toBe(expected);
  });

  it.each(['yes', 'on', '2', 'demo'])('refuses VERDI_DEMO=%s at start, naming the variable', (value) => {
    expect(() => readConfig({ NODE_ENV: 'production', VERDI_DEMO: value })).toThrow(
      /^VERDI_DEMO must be 1 \(or true\) .* or 0 \(or false\)/,
    );
  });
});

describe('npm run seed', () => {
  it('refuses to load the demo in production unless VERDI_DEMO=1, before touching any database', async () => {
    const { spawnSync } = await import('node:child_process');
    const path = await import('node:path');
    const run = spawnSync(
      process.execPath,
      ['--import', '@swc-node/register/esm-register', 'src/demo/seed-command.ts'],
      {
        cwd: path.resolve(import.meta.dirname, '..', '..'),
        env: {
          ...process.env,
          NODE_ENV: 'production',
          VERDI_DEMO: '',
          DATABASE_URL: 'postgres://nobody@127.0.0.1:9/none',
        },
        encoding: 'utf8',
        timeout: 60_000,
      },
    );
    expect(run.status).toBe(1);
    expect(run.stderr).toContain(
      'NODE_ENV=production: the demo data (with published staff passwords) is not loaded',
    );
  }, 60_000);
});
