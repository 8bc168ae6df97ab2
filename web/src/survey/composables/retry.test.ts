import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createRetry } from './retry';

describe('the wait before a new attempt', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });

  afterEach(() => {
    vi.useRealTimers();
  });

  it('waits longer after each failure in a row, the last delay repeating', async () => {
    const retry = createRetry([100, 300]);
    const action = vi.fn();
    const waits: number[] = [];
    for (let attempt = 0; attempt < 3; attempt++) {
      const before = Date.now();
      retry.schedule(action);
      await vi.runOnlyPendingTimersAsync();
      waits.push(Date.now() - before);
    }
    expect(waits).toEqual([100, 300, 300]);
    expect(action).toHaveBeenCalledTimes(3);
  });

  it('waits the first delay again after a reset', async () => {
    const retry = createRetry([100, 300]);
    const action = vi.fn();
    retry.schedule(action);
    await vi.advanceTimersByTimeAsync(100);
    retry.reset();
    retry.schedule(action);
    await vi.advanceTimersByTimeAsync(100);

    expect(action).toHaveBeenCalledTimes(2);
  });

  it('keeps one attempt waiting: a new one replaces it, and a cancelled one never runs', async () => {
    const retry = createRetry([100]);
    const first = vi.fn();
    const second = vi.fn();
    retry.schedule(first);
    retry.schedule(second);
    await vi.advanceTimersByTimeAsync(1000);
    expect(first).not.toHaveBeenCalled();
    expect(second).toHaveBeenCalledTimes(1);

    retry.schedule(first);
    retry.cancel();
    await vi.advanceTimersByTimeAsync(1000);
    expect(first).not.toHaveBeenCalled();
  });
});
