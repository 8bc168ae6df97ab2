import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const apiDir = path.resolve(import.meta.dirname, '..');

describe('the build (api/dist)', () => {
  // What tsc -b tsconfig.build.json compiles: the files it lists and everything they import.
  it('ships no test, test helper or benchmark', { timeout: 120_000 }, () => {
    const configFile = path.join(apiDir, 'tsconfig.build.json');
    const { config } = ts.readConfigFile(configFile, ts.sys.readFile);
    const parsed = ts.parseJsonConfigFileContent(config, ts.sys, apiDir, undefined, configFile);
    const program = ts.createProgram({
      rootNames: parsed.fileNames,
      options: { ...parsed.options, noEmit: true },
    });
    const built = program
      .getSourceFiles()
      .map((file) => path.relative(path.join(apiDir, 'src'), file.fileName))
      .filter((file) => !file.startsWith('..'));

    expect(built).toContain('main.ts');
    expect(built.filter((file) => /(^|\/)(test|bench)\/|\.test\.ts$/.test(file))).toEqual([]);
  });
});
