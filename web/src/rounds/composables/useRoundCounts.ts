import { useClientHandle } from '@urql/vue';
import type { RoundCountFieldsFragment, RoundRateFieldsFragment, RoundStatus } from '@verdi/schema/generated';
import { RoundCountsDocument } from '@verdi/schema/generated/documents/rounds';
import { onScopeDispose, ref, shallowRef, toValue, watch, type MaybeRefOrGetter } from 'vue';

/**
 * Live counts of a round, asked for every `intervalMs` while the page is visible (a hidden tab asks nothing, and
 * asks at once when it is shown again). Only for researchers: `enabled` stays false for others.
 */
export function useRoundCounts(
  roundId: MaybeRefOrGetter<string>,
  enabled: MaybeRefOrGetter<boolean>,
  intervalMs = 15_000,
) {
  const { client } = useClientHandle();
  const counts = shallowRef<RoundCountFieldsFragment[] | null>(null);
  const status = ref<RoundStatus | null>(null);
  const rate = shallowRef<RoundRateFieldsFragment | null>(null);
  const updatedAt = ref<Date | null>(null);
  const failed = ref(false);
  let timer: ReturnType<typeof setInterval> | null = null;

  async function refresh(): Promise<void> {
    if (!toValue(enabled)) return;
    const result = await client
      .query(RoundCountsDocument, { id: toValue(roundId) }, { requestPolicy: 'network-only' })
      .toPromise();
    if (result.data) {
      counts.value = result.data.round.counts;
      rate.value = result.data.round.responseRate;
      status.value = result.data.round.status;
      updatedAt.value = new Date();
      failed.value = false;
    } else {
      failed.value = true;
    }
  }

  function stop(): void {
    if (timer) clearInterval(timer);
    timer = null;
  }

  function start(): void {
    stop();
    if (!toValue(enabled) || document.visibilityState !== 'visible') return;
    timer = setInterval(() => void refresh(), intervalMs);
  }

  function onVisibility(): void {
    if (document.visibilityState === 'visible') {
      void refresh();
      start();
    } else {
      stop();
    }
  }

  document.addEventListener('visibilitychange', onVisibility);
  watch(() => toValue(enabled), start, { immediate: true });
  onScopeDispose(() => {
    stop();
    document.removeEventListener('visibilitychange', onVisibility);
  });

  return { counts, status, rate, updatedAt, failed, refresh };
}
