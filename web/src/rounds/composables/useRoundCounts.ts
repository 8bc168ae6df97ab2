import { useClientHandle } from '@urql/vue';
import type { WaveCountFieldsFragment, WaveRateFieldsFragment, WaveStatus } from '@verdi/schema/generated';
import { WaveCountsDocument } from '@verdi/schema/generated/documents/rounds';
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
  const counts = shallowRef<WaveCountFieldsFragment[] | null>(null);
  const status = ref<WaveStatus | null>(null);
  const rate = shallowRef<WaveRateFieldsFragment | null>(null);
  const updatedAt = ref<Date | null>(null);
  const failed = ref(false);
  let timer: ReturnType<typeof setInterval> | null = null;

  async function refresh(): Promise<void> {
    if (!toValue(enabled)) return;
    const result = await client
      .query(WaveCountsDocument, { id: toValue(roundId) }, { requestPolicy: 'network-only' })
      .toPromise();
    if (result.data) {
      counts.value = result.data.wave.counts;
      rate.value = result.data.wave.responseRate;
      status.value = result.data.wave.status;
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
