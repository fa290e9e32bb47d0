export type BreakerState = 'closed' | 'open' | 'half-open';

export interface CircuitBreakerOptions {
  /** Consecutive failures that open the circuit. */
  failureThreshold: number;
  /** How long the circuit stays open before one probe is let through. */
  coolDownMs: number;
  /** Milliseconds now; injectable so tests move time instead of sleeping. */
  now?: () => number;
  onStateChange?(from: BreakerState, to: BreakerState): void;
}

/**
 * Closed: calls go through and consecutive failures are counted. Open: calls are refused at once
 * until the cool-down ends. Half-open: exactly one probe goes through; its success closes the
 * circuit, its failure opens it for another cool-down.
 */
export class CircuitBreaker {
  #state: BreakerState = 'closed';
  #failures = 0;
  #openedAt = 0;
  #probing = false;
  readonly #now: () => number;

  private readonly options: CircuitBreakerOptions;

  constructor(options: CircuitBreakerOptions) {
    this.options = options;
    this.#now = options.now ?? Date.now;
  }

  get state(): BreakerState {
    if (this.#state === 'open' && this.#now() - this.#openedAt >= this.options.coolDownMs) this.#move('half-open');
    return this.#state;
  }

  /** Runs `call` if the circuit allows it; otherwise resolves to `rejected` without calling. */
  async run<T>(call: () => Promise<T>): Promise<{ kind: 'ok'; value: T } | { kind: 'failed'; error: unknown } | { kind: 'rejected' }> {
    const state = this.state;
    if (state === 'open' || (state === 'half-open' && this.#probing)) return { kind: 'rejected' };
    const probe = state === 'half-open';
    if (probe) this.#probing = true;
    try {
      const value = await call();
      this.#failures = 0;
      if (this.#state !== 'closed') this.#move('closed');
      return { kind: 'ok', value };
    } catch (error) {
      this.#failures += 1;
      if (probe || this.#failures >= this.options.failureThreshold) {
        this.#openedAt = this.#now();
        if (this.#state !== 'open') this.#move('open');
      }
      return { kind: 'failed', error };
    } finally {
      if (probe) this.#probing = false;
    }
  }

  #move(to: BreakerState): void {
    const from = this.#state;
    this.#state = to;
    this.options.onStateChange?.(from, to);
  }
}
