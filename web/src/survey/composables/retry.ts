/**
 * Waits before a new attempt, longer after each failure in a row (the last delay repeats): one timer, so that a new
 * attempt replaces the one waiting.
 */
export function createRetry(delays: readonly number[]) {
  let timer: ReturnType<typeof setTimeout> | null = null;
  let attempt = 0;
  return {
    schedule(action: () => void): void {
      if (timer) clearTimeout(timer);
      const delay = delays[Math.min(attempt, delays.length - 1)] ?? 30000;
      attempt += 1;
      timer = setTimeout(() => {
        timer = null;
        action();
      }, delay);
    },
    cancel(): void {
      if (timer) clearTimeout(timer);
      timer = null;
    },
    /** After a success, or when the connection returns: the next wait is the first again. */
    reset(): void {
      attempt = 0;
    },
  };
}

export type Retry = ReturnType<typeof createRetry>;
