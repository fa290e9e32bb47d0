import type { Knex } from 'knex';
import { migrationSource, MIGRATIONS_TABLE } from '../db/migrations/index.ts';

/**
 * One dependency the service needs before it should receive traffic. Throw (or return a reason)
 * when not ready; return `{ degraded }` when the instance still serves, with less protection or
 * fewer features, and an operator should know.
 */
export type ReadinessCheck = () => Promise<void | string | { degraded: string }>;

export interface CheckResult {
  name: string;
  ok: boolean;
  /** Why the check failed; absent when ok. */
  reason?: string;
  /** The check passed but its dependency is degraded, and why. */
  degraded?: string;
  durationMs: number;
}

export interface ReadinessReport {
  ready: boolean;
  shuttingDown: boolean;
  checks: CheckResult[];
}

/**
 * Readiness: may this instance receive traffic now? Liveness (the process answers) is separate and
 * stays true while the database is down, so an orchestrator does not restart a healthy process for
 * an outage it cannot fix.
 */
export class Readiness {
  private readonly checks = new Map<string, ReadinessCheck>();
  private shuttingDown = false;

  private readonly timeoutMs: number;

  constructor(timeoutMs = 2_000) {
    this.timeoutMs = timeoutMs;
  }

  /** Registers a named check, e.g. `broker` by the code that owns the NATS connection. */
  register(name: string, check: ReadinessCheck): void {
    this.checks.set(name, check);
  }

  /** From here on readiness is false, so load balancers drain this instance before it stops. */
  markShuttingDown(): void {
    this.shuttingDown = true;
  }

  get isShuttingDown(): boolean {
    return this.shuttingDown;
  }

  async report(): Promise<ReadinessReport> {
    const checks = await Promise.all([...this.checks].map(([name, check]) => this.run(name, check)));
    return { ready: !this.shuttingDown && checks.every((c) => c.ok), shuttingDown: this.shuttingDown, checks };
  }

  private async run(name: string, check: ReadinessCheck): Promise<CheckResult> {
    const started = performance.now();
    let timer: NodeJS.Timeout | undefined;
    try {
      const timeout = new Promise<string>((resolve) => {
        timer = setTimeout(() => resolve(`no answer within ${this.timeoutMs} ms`), this.timeoutMs);
      });
      const reason = await Promise.race([check(), timeout]);
      const durationMs = Math.round(performance.now() - started);
      if (typeof reason === 'string') return { name, ok: false, reason, durationMs };
      if (reason && typeof reason === 'object') return { name, ok: true, degraded: reason.degraded, durationMs };
      return { name, ok: true, durationMs };
    } catch (err) {
      return { name, ok: false, reason: (err as Error)?.message ?? String(err), durationMs: Math.round(performance.now() - started) };
    } finally {
      clearTimeout(timer);
    }
  }
}

/** The database answers a query. */
export function databaseCheck(db: Knex): ReadinessCheck {
  return async () => {
    await db.raw('select 1');
  };
}

/**
 * Every migration this build knows is applied. Once true it stays true for the life of the
 * process (migrations are forward-only), so later probes skip the query.
 */
export function migrationsCheck(db: Knex): ReadinessCheck {
  let applied = false;
  return async () => {
    if (applied) return;
    const [, pending] = (await db.migrate.list({ migrationSource, tableName: MIGRATIONS_TABLE })) as [unknown[], unknown[]];
    if (pending.length > 0) return `${pending.length} migration${pending.length === 1 ? '' : 's'} not applied`;
    applied = true;
  };
}

/**
 * The rate-limit store answers in time. Failing closed, a slow store means every limited request
 * gets 503, so the instance is not ready; failing open it still serves on the in-memory pre-limit
 * alone, which readiness reports as degraded (taking every instance sharing that store out of
 * rotation at once would turn a slow counter table into an outage).
 */
export function rateLimitStoreCheck(read: () => { healthy: boolean; mode: 'open' | 'closed'; reason?: string }): ReadinessCheck {
  return async () => {
    const health = read();
    if (health.healthy) return;
    const reason = `rate-limit store failing (${health.reason ?? 'unknown'})`;
    return health.mode === 'closed' ? `${reason}; failing closed` : { degraded: `${reason}; failing open on the per-instance limit` };
  };
}
