/** Time for retry tests: sleeps return at once and move `now` forward, so backoff is measured, never waited for. */
export function fakeClock(start = Date.UTC(2026, 0, 1)): { now(): number; sleep(ms: number, signal?: AbortSignal): Promise<void>; sleeps: number[] } {
  let now = start;
  const sleeps: number[] = [];
  return {
    sleeps,
    now: () => now,
    sleep: async (ms, signal) => {
      if (signal?.aborted) throw signal.reason;
      sleeps.push(ms);
      now += ms;
    },
  };
}
