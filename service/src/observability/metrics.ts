import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { Knex } from 'knex';

export type StatusClass = '1xx' | '2xx' | '3xx' | '4xx' | '5xx';
export type BreakerState = 'closed' | 'half-open' | 'open';

/** What an outbox collector reports at scrape time. */
export interface OutboxSnapshot {
  pending: number;
  /** Age of the oldest unpublished event, or null when nothing is pending. */
  oldestPendingAgeSeconds: number | null;
}

/** What the rate limiter reports about its store at scrape time. */
export interface RateLimitStoreSnapshot {
  healthy: boolean;
  mode: 'open' | 'closed';
  timeouts: number;
  errors: number;
  localKeys: number;
}

// Gauges cannot hold strings, so a breaker's state is a number; the mapping is in the help text.
const BREAKER_VALUE: Record<BreakerState, number> = { closed: 0, 'half-open': 1, open: 2 };

/**
 * Every metric the service exports, on its own Registry so several app instances in one process
 * (tests) never collide. Code outside observability/ records through the methods below rather
 * than touching prom-client, so metric names and labels stay defined in this one file.
 */
export interface ServiceMetrics {
  readonly registry: Registry;
  /** RED: one observation per finished HTTP request. */
  observeRequest(operationId: string, method: string, status: number, durationSeconds: number): void;
  /** Pool gauges read from Knex's tarn pool at scrape time. */
  observePool(db: Knex, pool?: string): void;
  /** Registers the function that reads outbox backlog at scrape time (the outbox owner supplies it). */
  observeOutbox(collect: () => Promise<OutboxSnapshot | undefined>): void;
  /** The relay published `count` events to the broker. */
  recordRelayPublished(count?: number): void;
  /** A relay batch or publish failed; `reason` is a short fixed word such as `publish` or `database`. */
  recordRelayFailure(reason: string): void;
  /** A request was refused with 429 by the rate limiter. */
  recordRateLimitRejection(operationId: string): void;
  /** One rate-limit decision and where it came from: the in-memory pre-limit, the store, or a store failure (fail-open / fail-closed). */
  recordRateLimitDecision(source: string): void;
  /** Registers the function that reports the rate-limit store's health at scrape time (the limiter supplies it). */
  observeRateLimitStore(read: () => RateLimitStoreSnapshot): void;
  /** A request was answered from a stored idempotent response instead of running again. */
  recordIdempotencyReplay(operationId: string): void;
  /** A circuit breaker changed state (call it once at creation too, so the gauge exists from the start). */
  setBreakerState(breaker: string, state: BreakerState): void;
  /** The Prometheus text exposition and its content type. */
  render(): Promise<{ contentType: string; body: string }>;
}

export function statusClass(status: number): StatusClass {
  const klass = Math.min(5, Math.max(1, Math.floor(status / 100)));
  return `${klass}xx` as StatusClass;
}

export interface MetricsOptions {
  /** Node process metrics (CPU, memory, event-loop lag, GC). Off only in unit tests that count series. */
  processMetrics?: boolean;
  /** Added to every series, e.g. `{ service: 'charter-users' }`. */
  defaultLabels?: Record<string, string>;
}

export function createMetrics(options: MetricsOptions = {}): ServiceMetrics {
  const registry = new Registry();
  if (options.defaultLabels) registry.setDefaultLabels(options.defaultLabels);
  if (options.processMetrics !== false) collectDefaultMetrics({ register: registry });
  const registers = [registry];

  const requests = new Counter({
    name: 'http_requests_total',
    help: 'HTTP requests by operation and status class.',
    labelNames: ['operation', 'method', 'status_class'] as const,
    registers,
  });
  const duration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'Time from receiving a request to finishing its response, by operation.',
    labelNames: ['operation', 'method', 'status_class'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers,
  });

  const pools = new Map<string, Knex>();
  const poolGauge = (name: string, help: string, read: (pool: TarnPool) => number) =>
    new Gauge({
      name,
      help,
      labelNames: ['pool'] as const,
      registers,
      collect() {
        this.reset();
        for (const [label, db] of pools) {
          const pool = tarnPoolOf(db);
          if (pool) this.set({ pool: label }, read(pool));
        }
      },
    });
  poolGauge('db_pool_connections_in_use', 'Database connections checked out of the pool.', (p) => p.numUsed());
  poolGauge('db_pool_connections_idle', 'Open database connections waiting in the pool.', (p) => p.numFree());
  poolGauge('db_pool_acquires_waiting', 'Queries waiting for a pool connection.', (p) => p.numPendingAcquires());

  let outboxCollector: (() => Promise<OutboxSnapshot | undefined>) | undefined;
  let outboxSnapshot: Promise<OutboxSnapshot | undefined> | undefined;
  // Both gauges share one query per scrape.
  const readOutbox = () => (outboxSnapshot ??= (outboxCollector?.() ?? Promise.resolve(undefined)).finally(() => {
    setImmediate(() => (outboxSnapshot = undefined));
  }));
  new Gauge({
    name: 'outbox_pending_events',
    help: 'Outbox events written but not yet published to the broker.',
    registers,
    async collect() {
      const snapshot = await readOutbox().catch(() => undefined);
      if (snapshot) this.set(snapshot.pending);
    },
  });
  new Gauge({
    name: 'outbox_oldest_pending_age_seconds',
    help: 'Age of the oldest unpublished outbox event (0 when none is pending).',
    registers,
    async collect() {
      const snapshot = await readOutbox().catch(() => undefined);
      if (snapshot) this.set(snapshot.oldestPendingAgeSeconds ?? 0);
    },
  });

  const relayPublished = new Counter({ name: 'outbox_relay_published_total', help: 'Events the relay published to the broker.', registers });
  const relayFailures = new Counter({
    name: 'outbox_relay_failures_total',
    help: 'Relay failures by reason.',
    labelNames: ['reason'] as const,
    registers,
  });
  const rateLimited = new Counter({
    name: 'rate_limit_rejections_total',
    help: 'Requests refused with 429 RATE_LIMITED, by operation.',
    labelNames: ['operation'] as const,
    registers,
  });
  const decisions = new Counter({
    name: 'rate_limit_decisions_total',
    help: 'Rate-limit decisions by source: local (in-memory pre-limit, no database work), store, fail-open, fail-closed.',
    labelNames: ['source'] as const,
    registers,
  });
  let readStore: (() => RateLimitStoreSnapshot) | undefined;
  new Gauge({
    name: 'rate_limit_store_healthy',
    help: 'Whether the rate-limit store answered its last query in time (1) or not (0); the mode label says what requests get meanwhile.',
    labelNames: ['mode'] as const,
    registers,
    collect() {
      this.reset();
      const snapshot = readStore?.();
      if (snapshot) this.set({ mode: snapshot.mode }, snapshot.healthy ? 1 : 0);
    },
  });
  new Gauge({
    name: 'rate_limit_store_failures',
    help: 'Rate-limit store queries that timed out or failed since start, by reason.',
    labelNames: ['reason'] as const,
    registers,
    collect() {
      this.reset();
      const snapshot = readStore?.();
      if (snapshot) {
        this.set({ reason: 'timeout' }, snapshot.timeouts);
        this.set({ reason: 'error' }, snapshot.errors);
      }
    },
  });
  new Gauge({
    name: 'rate_limit_local_keys',
    help: 'Keys held by the in-memory rate-limit pre-limit (bounded).',
    registers,
    collect() {
      this.reset();
      const snapshot = readStore?.();
      if (snapshot) this.set(snapshot.localKeys);
    },
  });
  const replays = new Counter({
    name: 'idempotency_replays_total',
    help: 'Requests answered from a stored response for a repeated Idempotency-Key, by operation.',
    labelNames: ['operation'] as const,
    registers,
  });
  const breaker = new Gauge({
    name: 'circuit_breaker_state',
    help: 'Circuit breaker state: 0 closed, 1 half-open, 2 open.',
    labelNames: ['breaker'] as const,
    registers,
  });

  return {
    registry,
    observeRequest(operationId, method, status, durationSeconds) {
      const labels = { operation: operationId, method: method.toUpperCase(), status_class: statusClass(status) };
      requests.inc(labels);
      duration.observe(labels, durationSeconds);
    },
    observePool(db, pool = 'main') {
      pools.set(pool, db);
    },
    observeOutbox(collect) {
      outboxCollector = collect;
    },
    recordRelayPublished(count = 1) {
      relayPublished.inc(count);
    },
    recordRelayFailure(reason) {
      relayFailures.inc({ reason });
    },
    recordRateLimitRejection(operationId) {
      rateLimited.inc({ operation: operationId });
    },
    recordRateLimitDecision(source) {
      decisions.inc({ source });
    },
    observeRateLimitStore(read) {
      readStore = read;
    },
    recordIdempotencyReplay(operationId) {
      replays.inc({ operation: operationId });
    },
    setBreakerState(name, state) {
      breaker.set({ breaker: name }, BREAKER_VALUE[state]);
    },
    async render() {
      return { contentType: registry.contentType, body: await registry.metrics() };
    },
  };
}

interface TarnPool {
  numUsed(): number;
  numFree(): number;
  numPendingAcquires(): number;
}

function tarnPoolOf(db: Knex): TarnPool | undefined {
  // Knex does not type its client's pool; it is tarn's, and is undefined once destroyed.
  const pool = (db as unknown as { client?: { pool?: TarnPool } }).client?.pool;
  return pool && typeof pool.numUsed === 'function' ? pool : undefined;
}
