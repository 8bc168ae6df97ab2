import { useQuery } from '@urql/vue';
import type { AuditAction } from '@verdi/schema/generated';
import { AuditEventsDocument } from '@verdi/schema/generated/documents/audit';
import { computed, toValue, type MaybeRefOrGetter } from 'vue';
import { useApiError } from './useApiError';

export const auditPageSize = 50;

/** Every AuditAction, in the order the filter offers them. */
export const auditActions = [
  'SIGN_IN',
  'SIGN_IN_FAILED',
  'SIGN_OUT',
  'PASSWORD_CHANGED',
  'TWO_FACTOR_ENABLED',
  'TWO_FACTOR_DISABLED',
  'TWO_FACTOR_RESET',
  'TWO_FACTOR_FAILED',
  'RECOVERY_CODES_REGENERATED',
  'USER_CREATED',
  'USER_UPDATED',
  'USER_DEACTIVATED',
  'USER_REACTIVATED',
  'ADMIN_GRANTED',
  'ADMIN_REVOKED',
  'MEMBERSHIP_GRANTED',
  'MEMBERSHIP_CHANGED',
  'MEMBERSHIP_REVOKED',
  'PROJECT_CREATED',
  'PROJECT_UPDATED',
  'INSTRUMENT_CREATED',
  'INSTRUMENT_IMPORTED',
  'INSTRUMENT_PUBLISHED',
  'ROUND_CREATED',
  'ROUND_CLOSED',
  'ROUND_REOPENED',
  'ROUND_UPDATED',
  'ROUND_OPENED',
  'ROUND_COPIED',
  'CODES_CREATED',
  'EXPORT_DOWNLOADED',
  'TOKEN_CREATED',
  'TOKEN_REVOKED',
  'USER_APPROVED',
  'IDENTITY_LINKED',
  'RETENTION_SET',
  'RETENTION_WARNED',
  'RETENTION_EXECUTED',
  'INVITEES_ADDED',
  'INVITEES_REMOVED',
  'INVITATIONS_SENT',
  'REMINDERS_SENT',
  'INVITEE_ADDRESSES_DELETED',
] as const satisfies readonly AuditAction[];

// Fails the type check when the schema gains an action that the list above lacks.
type MissingAction = Exclude<AuditAction, (typeof auditActions)[number]>;
const everyActionListed: [MissingAction] extends [never] ? true : MissingAction = true;
void everyActionListed;

export function isAuditAction(value: unknown): value is AuditAction {
  return typeof value === 'string' && (auditActions as readonly string[]).includes(value);
}

/** One page of the audit log, newest first; `page` counts from 1. */
export function useAuditLog(page: MaybeRefOrGetter<number>, action: MaybeRefOrGetter<AuditAction | null>) {
  const variables = computed(() => ({
    limit: auditPageSize,
    offset: (toValue(page) - 1) * auditPageSize,
    action: toValue(action),
  }));
  // Always from the server: the log grows with every sign-in, including the one that opened this page.
  const query = useQuery({ query: AuditEventsDocument, variables, requestPolicy: 'cache-and-network' });

  const events = computed(() => query.data.value?.auditEvents.events ?? []);
  const total = computed(() => query.data.value?.auditEvents.total ?? 0);
  const pages = computed(() => Math.max(1, Math.ceil(total.value / auditPageSize)));
  const loaded = computed(() => query.data.value != null);
  const loading = computed(() => query.fetching.value && !loaded.value);
  const error = useApiError(query.error);
  const range = computed(() => {
    const from = variables.value.offset + 1;
    return { from, to: variables.value.offset + events.value.length, total: total.value };
  });

  function refetch(): void {
    void query.executeQuery({ requestPolicy: 'network-only' });
  }

  return { events, total, pages, range, loaded, loading, error, refetch };
}

/** Details as short "key: value" pairs, e.g. "from: RESEARCHER, to: MANAGER". */
export function describeDetails(details: Record<string, unknown>): string {
  return Object.entries(details)
    .map(([key, value]) => `${key}: ${typeof value === 'string' ? value : JSON.stringify(value)}`)
    .join(', ');
}
