import ipaddr from 'ipaddr.js';

/** At most `points` requests in `seconds`; one over, and the caller waits until the window ends. */
export interface Limit {
  points: number;
  seconds: number;
}

export interface ThrottleConfig {
  /** VERDI_THROTTLE=off turns every limit off (benchmarks, load tests); nothing else should. */
  enabled: boolean;
  /** Every public participant operation from one client address (an IPv6 client is its /64). */
  perClient: Limit;
  /** Everything done with one single-use code or one draft's resume token: one person, however many devices. */
  perParticipant: Limit;
  /** Drafts started (or answers submitted without a draft) through one open link from one client address. */
  newDrafts: Limit;
  /** Links, codes and receipts that do not exist, from one client address: someone guessing. */
  failedLookups: Limit;
  /** Whole days after its last save that a draft without answers is deleted. */
  emptyDraftDays: number;
}

/**
 * A whole class answering from one school network — 30 people behind one address, each saving every few seconds and
 * all submitting at once, a few codes mistyped — stays well inside these; docs/throttling.md has the arithmetic.
 */
export const DEFAULT_THROTTLE: ThrottleConfig = {
  enabled: true,
  perClient: { points: 3000, seconds: 60 },
  perParticipant: { points: 120, seconds: 60 },
  newDrafts: { points: 100, seconds: 3600 },
  failedLookups: { points: 200, seconds: 3600 },
  emptyDraftDays: 2,
};

export const THROTTLE_VARIABLES = {
  perClient: 'VERDI_THROTTLE_PER_CLIENT',
  perParticipant: 'VERDI_THROTTLE_PER_PARTICIPANT',
  newDrafts: 'VERDI_THROTTLE_NEW_DRAFTS',
  failedLookups: 'VERDI_THROTTLE_FAILED_LOOKUPS',
} as const;

const MAX_POINTS = 1_000_000;
const MAX_SECONDS = 7 * 24 * 3600;

function parseLimit(variable: string, value: string): Limit {
  const match = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(value);
  const points = Number(match?.[1]);
  const seconds = Number(match?.[2]);
  if (!match || points < 1 || points > MAX_POINTS || seconds < 1 || seconds > MAX_SECONDS) {
    throw new Error(
      `${variable} must be "requests/seconds" with 1 to ${MAX_POINTS} requests and 1 to ${MAX_SECONDS} seconds (e.g. "120/60"), not "${value}"`,
    );
  }
  return { points, seconds };
}

export function readThrottleConfig(env: NodeJS.ProcessEnv): ThrottleConfig {
  const switched = env.VERDI_THROTTLE?.trim().toLowerCase();
  if (switched && !['on', 'off'].includes(switched)) {
    throw new Error(`VERDI_THROTTLE must be "on" or "off", not "${env.VERDI_THROTTLE}"`);
  }
  const config: ThrottleConfig = { ...DEFAULT_THROTTLE, enabled: switched !== 'off' };
  for (const [name, variable] of Object.entries(THROTTLE_VARIABLES) as [
    keyof typeof THROTTLE_VARIABLES,
    string,
  ][]) {
    const value = env[variable];
    if (value?.trim()) config[name] = parseLimit(variable, value);
  }
  const days = env.VERDI_EMPTY_DRAFT_DAYS?.trim();
  if (days) {
    const parsed = Number(days);
    if (!/^\d+$/.test(days) || parsed < 1 || parsed > 365) {
      throw new Error(`VERDI_EMPTY_DRAFT_DAYS must be a whole number of days from 1 to 365, not "${days}"`);
    }
    config.emptyDraftDays = parsed;
  }
  return config;
}

/** Express's `trust proxy`: which hops' X-Forwarded-For to believe when finding the client's address. */
export type TrustProxy = boolean | number | string[];

const NAMED_RANGES = new Set(['loopback', 'linklocal', 'uniquelocal']);

/**
 * VERDI_TRUST_PROXY: `false` (the default: no proxy, the TCP peer is the client), a number of hops, or a comma list
 * of addresses, CIDR ranges and the names loopback, linklocal, uniquelocal. Nothing is believed unless configured:
 * any local process could otherwise write the address the audit log and the limits see. `true` (believe any
 * X-Forwarded-For) is refused: every client could then pick its own address and escape the per-client limits.
 */
export function readTrustProxy(env: NodeJS.ProcessEnv): TrustProxy {
  const value = env.VERDI_TRUST_PROXY?.trim();
  if (!value) return false;
  if (value === 'false') return false;
  if (/^\d+$/.test(value)) {
    const hops = Number(value);
    if (hops > 10) throw new Error(`VERDI_TRUST_PROXY must count at most 10 proxies, not ${hops}`);
    return hops === 0 ? false : hops;
  }
  const entries = value.split(',').map((entry) => entry.trim());
  for (const entry of entries) {
    const valid = NAMED_RANGES.has(entry) || ipaddr.isValid(entry) || isCidr(entry);
    if (!valid) {
      throw new Error(
        `VERDI_TRUST_PROXY must be false, a number of proxies, or addresses and ranges such as "10.0.0.0/8, loopback"; "${entry}" is none of these`,
      );
    }
  }
  return entries;
}

function isCidr(entry: string): boolean {
  try {
    ipaddr.parseCIDR(entry);
    return true;
  } catch {
    return false;
  }
}
