/**
 * Fixed-window hit counters in this process's memory, aligned to the same epoch-based windows as
 * the PostgreSQL counters, for the pre-limit that sheds floods before any database work.
 *
 * Bounded: at most `maxKeys` keys are kept. A key is re-inserted when its window rolls over, so the
 * Map's insertion order is roughly oldest-window-first, and going over the bound evicts from the
 * front. A flood of distinct keys (forged subjects, spoofed addresses) therefore costs at most
 * `maxKeys` entries; the price is that an evicted key starts counting again from zero, which only
 * ever makes the pre-limit more lenient (the shared store still counts every subject).
 */
export interface LocalWindow {
  hits: number;
  /** Seconds (epoch) the window started. */
  start: number;
  /** Epoch ms before which this key is refused without asking the store (learned from a store refusal). */
  blockedUntilMs: number;
}

export class LocalWindows {
  readonly #windows = new Map<string, LocalWindow>();
  readonly #maxKeys: number;
  #evicted = 0;

  constructor(maxKeys: number) {
    this.#maxKeys = maxKeys;
  }

  /** Counts one hit on `key` in its current window and returns the window. */
  hit(key: string, windowSeconds: number, nowMs: number): LocalWindow {
    const start = windowStart(nowMs, windowSeconds);
    let window = this.#windows.get(key);
    if (!window || window.start !== start) {
      const blockedUntilMs = window && window.blockedUntilMs > nowMs ? window.blockedUntilMs : 0;
      this.#windows.delete(key);
      window = { hits: 0, start, blockedUntilMs };
      this.#windows.set(key, window);
      this.#evict();
    }
    window.hits += 1;
    return window;
  }

  /** Epoch ms until which `key` is refused locally (0 when it is not), without counting a hit. */
  blockedUntil(key: string, nowMs: number): number {
    const until = this.#windows.get(key)?.blockedUntilMs ?? 0;
    return until > nowMs ? until : 0;
  }

  /** Remembers that the store refused `key` until `untilMs`, so later requests are refused locally. */
  block(key: string, untilMs: number): void {
    const window = this.#windows.get(key);
    if (window) window.blockedUntilMs = Math.max(window.blockedUntilMs, untilMs);
  }

  get size(): number {
    return this.#windows.size;
  }

  /** Keys dropped to stay within the bound, since creation. */
  get evicted(): number {
    return this.#evicted;
  }

  #evict(): void {
    while (this.#windows.size > this.#maxKeys) {
      const oldest = this.#windows.keys().next().value as string;
      this.#windows.delete(oldest);
      this.#evicted += 1;
    }
  }
}

/** The epoch second the fixed window containing `nowMs` started (as `floor(epoch / w) * w` in SQL). */
export function windowStart(nowMs: number, windowSeconds: number): number {
  return Math.floor(nowMs / 1000 / windowSeconds) * windowSeconds;
}

/** Whole seconds until the window containing `nowMs` ends (at least 1). */
export function secondsToWindowEnd(nowMs: number, windowSeconds: number): number {
  return Math.max(1, Math.ceil(windowStart(nowMs, windowSeconds) + windowSeconds - nowMs / 1000));
}
