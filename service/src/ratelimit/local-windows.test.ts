import { describe, expect, it } from 'vitest';
import { LocalWindows, secondsToWindowEnd, windowStart } from './local-windows.ts';

describe('the in-memory pre-limit windows', () => {
  it('count per key in fixed windows aligned like the database ones', () => {
    const windows = new LocalWindows(10);
    const t = 1_700_000_040_000; // an exact minute
    expect(windowStart(t + 59_999, 60)).toBe(windowStart(t, 60));
    expect(windowStart(t + 60_000, 60)).toBe(windowStart(t, 60) + 60);
    expect(windows.hit('a', 60, t).hits).toBe(1);
    expect(windows.hit('a', 60, t + 1_000).hits).toBe(2);
    expect(windows.hit('b', 60, t + 1_000).hits).toBe(1);
    expect(windows.hit('a', 60, t + 60_000).hits).toBe(1);
    expect(secondsToWindowEnd(t + 59_500, 60)).toBe(1);
  });

  it('stay within their key bound under a flood of distinct keys', () => {
    const windows = new LocalWindows(1_000);
    const t = Date.now();
    for (let i = 0; i < 200_000; i++) windows.hit(`ip:${i}`, 60, t);
    expect(windows.size).toBe(1_000);
    expect(windows.evicted).toBe(199_000);
    // The newest keys are the ones kept.
    expect(windows.hit('ip:199999', 60, t).hits).toBe(2);
  });

  it('keep a refusal learned from the store across a window roll-over until it expires', () => {
    const windows = new LocalWindows(10);
    const t = 1_700_000_040_000;
    windows.hit('a', 1, t);
    windows.block('a', t + 1_500);
    expect(windows.hit('a', 1, t + 1_000).blockedUntilMs).toBe(t + 1_500);
    expect(windows.hit('a', 1, t + 2_000).blockedUntilMs).toBe(0);
  });
});
