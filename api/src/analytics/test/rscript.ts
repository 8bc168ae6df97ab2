import { spawnSync } from 'node:child_process';

/** Runs an R program (tests guard with `skipWithout('R')` from test/research-tools.ts) with `input` on its standard input and returns its standard output. */
export function runR(program: string, input = ''): string {
  const result = spawnSync('Rscript', ['--vanilla', '-e', program], {
    input,
    encoding: 'utf8',
    timeout: 60_000,
  });
  if (result.error && (result.error as NodeJS.ErrnoException).code === 'ENOENT') {
    throw new Error(
      'Rscript is not installed, so the statistics cannot be checked against R: install R (Debian: r-base-core)',
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
