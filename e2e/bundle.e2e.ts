import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { pageScripts, readManifest } from '../bench/src/manifest.js';
import { repoRoot } from './harness';

/**
 * What the participant's survey page downloads before it can run, read from the production build's manifest (the
 * same walk as the benchmark's web section): the entry and the page's chunk, with their static imports. The survey
 * must not load chart.js, the designer, the staff frame or routes, nor any document of an operation it does not use.
 */

const dist = path.join(repoRoot, 'web', 'dist');
const manifest = readManifest(dist);

const surveyFiles = pageScripts(manifest, ['index.html', 'src/survey/views/SurveyView.vue']);
const surveyCode = surveyFiles.map((file) => readFileSync(path.join(dist, file), 'utf8'));

/** The names of the operations in one of schema/operations/*.graphql. */
function operationsIn(file: string): string[] {
  const text = readFileSync(path.join(repoRoot, 'schema', 'operations', file), 'utf8');
  return [...text.matchAll(/^\s*(?:query|mutation|subscription)\s+(\w+)/gm)].map((match) => match[1]!);
}

describe("the participant's survey page bundle", () => {
  it('carries the documents of the survey operations only', () => {
    const surveyOperations = operationsIn('survey.graphql');
    const bundled = new Set(
      surveyCode.flatMap((code) =>
        [
          ...code.matchAll(
            /operation:["'`](?:query|mutation|subscription)["'`],name:\{kind:["'`]Name["'`],value:["'`](\w+)/g,
          ),
        ].map((match) => match[1]!),
      ),
    );

    expect(bundled).toContain('Survey');
    const staff = readdirSync(path.join(repoRoot, 'schema', 'operations'))
      .filter((file) => file.endsWith('.graphql') && file !== 'survey.graphql')
      .flatMap(operationsIn);
    expect(staff.length).toBeGreaterThan(20);
    expect([...bundled].filter((name) => !surveyOperations.includes(name))).toEqual([]);
  });

  it('loads neither chart.js, nor the designer, nor the staff frame and routes', () => {
    // A message chart.js throws, kept in its minified code.
    expect(surveyCode.some((code) => code.includes('Canvas is already in use'))).toBe(false);
    // …which is in the build, in the dashboard's charts: the check above can fail.
    const assets = path.join(dist, 'assets');
    const chartCode = readdirSync(assets)
      .filter((file) => file.endsWith('.js'))
      .filter((file) => readFileSync(path.join(assets, file), 'utf8').includes('Canvas is already in use'));
    expect(chartCode).not.toEqual([]);

    const staffOnly = [
      'src/components/AppLayout.vue',
      'src/staffRoutes.ts',
      'src/designer/views/InstrumentView.vue',
      'src/dashboard/views/DashboardView.vue',
      'src/views/ProjectsView.vue',
    ].map((key) => {
      const chunk = manifest[key];
      if (!chunk) throw new Error(`The web build's manifest has no ${key}`);
      return chunk.file;
    });
    expect(surveyFiles.filter((file) => staffOnly.includes(file))).toEqual([]);
  });

  it("holds no module of chart.js, the designer or the dashboard (the build's own list of modules per chunk)", () => {
    const modules = JSON.parse(readFileSync(path.join(dist, '.vite', 'modules.json'), 'utf8')) as Record<
      string,
      string[]
    >;
    const staff = /^src\/(designer|dashboard)\/|node_modules\/(chart\.js|vue-chartjs)\//;
    const inSurvey = surveyFiles.flatMap((file) => modules[file] ?? []);
    expect(inSurvey).toContain('src/survey/views/SurveyView.vue');
    // …while the build has them, in other chunks: the check below can fail.
    expect(
      Object.values(modules)
        .flat()
        .filter((id) => staff.test(id)).length,
    ).toBeGreaterThan(20);
    expect(inSurvey.filter((id) => staff.test(id))).toEqual([]);
  });

  it('stays under 80 kB of JavaScript, gzip', () => {
    const bytes = surveyFiles.reduce(
      (sum, file) => sum + gzipSync(readFileSync(path.join(dist, file))).byteLength,
      0,
    );
    expect(bytes).toBeLessThan(80_000);
  });
});
