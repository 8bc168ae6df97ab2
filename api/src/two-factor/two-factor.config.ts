/** Whether admins must use two-factor sign-in when they sign in with a password (VERDI_ADMIN_TWO_FACTOR). */
export type AdminTwoFactor = 'optional' | 'required';

export interface TwoFactorPolicy {
  adminTwoFactor: AdminTwoFactor;
}

export const DEFAULT_TWO_FACTOR_POLICY: TwoFactorPolicy = { adminTwoFactor: 'optional' };

export function readAdminTwoFactor(env: NodeJS.ProcessEnv): AdminTwoFactor {
  const raw = env.VERDI_ADMIN_TWO_FACTOR?.trim();
  if (!raw) return 'optional';
  const value = raw.toLowerCase();
  if (value === 'optional' || value === 'required') return value;
  throw new Error(`VERDI_ADMIN_TWO_FACTOR must be "optional" or "required", not "${raw}"`);
}
