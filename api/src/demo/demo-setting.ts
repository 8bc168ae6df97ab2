/**
 * Whether a new (empty) database gets the demo, from VERDI_DEMO and NODE_ENV. The demo's sign-ins and passwords are
 * published in this repository, so production never loads it unless VERDI_DEMO=1 says so; elsewhere it loads unless
 * VERDI_DEMO=0. Any other value stops the start, rather than guessing which was meant.
 */
export function demoWanted(env: NodeJS.ProcessEnv): boolean {
  const value = env.VERDI_DEMO?.trim().toLowerCase();
  if (value === '1' || value === 'true') return true;
  if (value === '0' || value === 'false') return false;
  if (!value) return env.NODE_ENV !== 'production';
  throw new Error(
    `VERDI_DEMO must be 1 (or true) to load the demo on a new database or 0 (or false) not to, not "${env.VERDI_DEMO}"`,
  );
}
