import type { Limit } from './throttle.config.js';

/**
 * The limits on password checks (signing in, and the current password when changing it). Unlike the participant
 * limits they stay on with VERDI_THROTTLE=off: a benchmark has no reason to guess passwords.
 */
export interface SignInLimitsConfig {
  /** Password checks from one address (an IPv6 client is its /64) across accounts; a correct one is given back. */
  perAddress: Limit;
  /** Password checks on one account from one address; a correct sign-in from that address clears it. */
  perAccountAddress: Limit;
  /** Checks on one account, from anywhere, that need not wait; after these each waits for the one before. */
  freeAttempts: number;
  /** The wait after the first check beyond the free ones; each further check doubles it, up to `maxDelayMs`. */
  firstDelayMs: number;
  maxDelayMs: number;
  /** An account's count starts again when nobody has tried it for this long. */
  forgetAfterMs: number;
  /**
   * After a correct sign-in from an address, checks on that account from that address skip the account's wait for
   * this long (they still count per address and per account and address): strangers elsewhere cannot hold up its
   * owner at all from where the owner usually signs in.
   */
  knownAddressMs: number;
}

export const DEFAULT_SIGN_IN_LIMITS: SignInLimitsConfig = {
  perAddress: { points: 30, seconds: 15 * 60 },
  perAccountAddress: { points: 10, seconds: 15 * 60 },
  freeAttempts: 5,
  firstDelayMs: 1000,
  maxDelayMs: 60_000,
  forgetAfterMs: 15 * 60_000,
  knownAddressMs: 30 * 24 * 3600_000,
};

export const SIGN_IN_PER_ADDRESS_VARIABLE = 'VERDI_SIGN_IN_PER_ADDRESS';

/** VERDI_SIGN_IN_PER_ADDRESS (`checks/seconds`): larger for many staff behind one address, e.g. a municipality's NAT. */
export function readSignInLimits(env: NodeJS.ProcessEnv): SignInLimitsConfig {
  const value = env[SIGN_IN_PER_ADDRESS_VARIABLE]?.trim();
  if (!value) return DEFAULT_SIGN_IN_LIMITS;
  const match = /^(\d+)\s*\/\s*(\d+)$/.exec(value);
  const points = Number(match?.[1]);
  const seconds = Number(match?.[2]);
  if (!match || points < 1 || points > 10_000 || seconds < 60 || seconds > 24 * 3600) {
    throw new Error(
      `${SIGN_IN_PER_ADDRESS_VARIABLE} must be "checks/seconds" with 1 to 10000 checks and 60 to 86400 seconds (e.g. "30/900"), not "${value}"`,
    );
  }
  return { ...DEFAULT_SIGN_IN_LIMITS, perAddress: { points, seconds } };
}
