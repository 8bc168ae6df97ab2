import { getMetadataStorage } from 'type-graphql';
import { describe, expect, it } from 'vitest';
import type { Rule } from '../auth/rules.js';
import { getSchema } from '../schema.js';
import { throttledOperations } from './throttle.js';

/**
 * Public operations that are not under the participant throttle, and why. Any other operation that anyone may call
 * without signing in must carry `@Throttled`, or this test fails.
 */
const EXEMPT: Record<string, string> = {
  'AccountResolver.me':
    'reads only the caller’s own session; without one it answers null and looks nothing up',
  'AccountResolver.signIn':
    'limited by its own SignInLimits (per address, per account and address, a doubling wait per account), taken before the password is checked and on even with VERDI_THROTTLE=off',
  'TwoFactorResolver.completeSignIn':
    'needs the httpOnly cookie of a pending sign-in (a right password); limited by its own counters, taken before a code is checked: a few tries per pending sign-in and a fixed number of wrong codes per account and hour',
  'SsoResolver.signInProviders':
    'answers from configuration (the providers’ ids and button texts); looks nothing up',
};

describe('the public operations', () => {
  it('are each throttled, or exempt for a stated reason', async () => {
    await getSchema();
    const storage = getMetadataStorage();
    const operations = new Set(
      [...storage.queries, ...storage.mutations].map((o) => `${o.target.name}.${o.methodName}`),
    );
    const publicOperations = storage.authorizedFields
      .filter((field) => (field.roles as Rule[]).some((rule) => rule.kind === 'public'))
      .map((field) => `${field.target.name}.${field.fieldName}`)
      .filter((name) => operations.has(name));
    expect(publicOperations.length).toBeGreaterThanOrEqual(6);
    const unthrottled = publicOperations.filter(
      (name) => !throttledOperations.has(name) && !(name in EXEMPT),
    );
    expect(unthrottled).toEqual([]);
    expect([...throttledOperations].sort()).toEqual([
      'InvitationMailResolver.optOutOfReminders',
      'SurveyResolver.saveSurveyDraft',
      'SurveyResolver.submitSurveyResponse',
      'SurveyResolver.survey',
      'SurveyResolver.withdrawSurveyResponse',
    ]);
  });
});
