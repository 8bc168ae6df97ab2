import { spawnSync } from 'node:child_process';

/**
 * R for the statistics tests. A test that needs R fails with a clear message when `Rscript` is missing, unless
 * `VERDI_SKIP_RESEARCH_TOOLS=1` says to skip it (then use `it.skipIf(skipResearchTools)`).
 */
export const skipResearchTools = process.env.VERDI_SKIP_RESEARCH_TOOLS === '1';

/** Runs an R program with `input` on its standard input and returns its standard output. */
export function runR(program: string, input = ''): string {
  const result = spawnSync('Rscript', ['--vanilla', '-e', program], {
    input,
    encoding: 'utf8',
    timeout: 60_000,
  });
  if (result.error && (result.error as NodeJS.ErrnoException).code === 'ENOENT') {
    throw new Error(
      'Rscript is not installed, so the statistics cannot be checked against R: install R (Debian: r-base-core), or set VERDI_SKIP_RESEARCH_TOOLS=1 to skip these tests',
    );
  }
  if (result.error) throw result.error;
  if (result.status !== 0) throw new Error(`Rscript failed (exit ${result.status}):\n${result.stderr}`);
  return result.stdout;
}

/** Lines of `label v1 v2 …` as printed by R's `cat(label, sprintf('%.17g', …), '\n')`, by label. */
export function parseRows(output: string): Map<string, number[]> {
  const rows = new Map<string, number[]>();
  for (const line of output.split('\n')) {
    const [label, ...values] = line.trim().split(/\s+/);
    if (label) rows.set(label, values.map(Number));
  }
  return rows;
}
