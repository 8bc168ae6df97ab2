import { spawnSync } from 'node:child_process';

/**
 * The programs researchers open Verdi's files with, which the export tests run: R (`Rscript`, Debian `r-base-core`),
 * its `haven` package (`r-cran-haven`) and PSPP (`pspp`). `.ci/run` installs them. In CI a missing one fails the
 * tests that need it; elsewhere those tests are skipped with a warning naming the package, so that `npm test` runs on
 * a machine without them.
 */
export type ResearchTool = 'R' | 'haven' | 'PSPP';

const PACKAGES: Record<ResearchTool, string> = { R: 'r-base-core', haven: 'r-cran-haven', PSPP: 'pspp' };

const found = new Map<ResearchTool, boolean>();

function runs(tool: ResearchTool): boolean {
  const [command, args]: [string, string[]] =
    tool === 'R'
      ? ['Rscript', ['-e', 'invisible(0)']]
      : tool === 'haven'
        ? ['Rscript', ['-e', 'suppressPackageStartupMessages(library(haven))']]
        : ['pspp', ['--version']];
  const result = spawnSync(command, args, { stdio: 'ignore', timeout: 60_000 });
  return result.status === 0;
}

export function hasResearchTool(tool: ResearchTool): boolean {
  if (!found.has(tool)) found.set(tool, runs(tool));
  return found.get(tool)!;
}

/**
 * Whether tests needing these tools must be skipped: true only outside CI when one is missing (with a warning). In CI
 * (`CI` set) a missing tool throws, so the tests fail rather than pass without having run.
 */
export function skipWithout(...tools: ResearchTool[]): boolean {
  const missing = tools.filter((tool) => !hasResearchTool(tool));
  if (missing.length === 0) return false;
  const what = missing.map((tool) => `${tool} (Debian: ${PACKAGES[tool]})`).join(', ');
  if (process.env.CI) throw new Error(`These tests need ${what}; .ci/run installs them`);
  console.warn(`Skipping tests that need ${what}: not found on this machine`);
  return true;
}
