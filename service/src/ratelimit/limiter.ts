import type { Knex } from 'knex';
import { LocalWindows, secondsToWindowEnd } from './local-windows.ts';
import * as repo from './repository.ts';

export interface RateLimitPolicy {
  group: string;
  limit: number;
  windowSeconds: number;
}

/** Who is calling, as far as the limiter counts: a verified token subject (and its address), or only an address. */
export type RateLimitCaller = { subject: string; ip: string } | { subject?: undefined; ip: string };

/** Where a decision came from, for the `rate_limit_decisions_total` metric. */
export type DecisionSource = 'local' | 'store' | 'fail-open' | 'fail-closed';

export interface RateLimitDecision {
  /** false: answer 429 RATE_LIMITED, or 503 when `unavailable`. */
  allowed: boolean;
  /** The store did not answer in time and the limiter fails closed: answer 503 SERVICE_UNAVAILABLE. */
  unavailable?: boolean;
  /** Headers per draft-ietf-httpapi-ratelimit-headers: the policy, and what is left of it. */
  headers: Record<string, string>;
  retryAfterSeconds: number;
  source: DecisionSource;
}

export type StoreFailureMode = 'open' | 'closed';

export interface RateLimiterSettings {
  /** Upper bound on one store round trip; past it the query is cancelled and the failure mode applies. */
  storeTimeoutMs: number;
  /** What a request gets while the store is slow or down: allowed on the local pre-limit alone ('open'), or 503 ('closed'). */
  onStoreFailure: StoreFailureMode;
  /**
   * Per-address ceiling, as a multiple of each group's limit: every subject seen from one address
   * shares `ipCeilingFactor × limit` per window, so one client minting many subjects gets at most
   * that much. 0 turns the ceiling off (for example behind a proxy that hides client addresses).
   */
  ipCeilingFactor: number;
  /** After a store timeout or error, skip the store for this long (the store is reported degraded meanwhile). */
  storeCoolDownMs: number;
  /** Store queries allowed in flight at once; more fail over at once instead of queueing for a pool connection. */
  maxStoreInFlight: number;
  /** Bound on the keys the in-memory pre-limit keeps. */
  maxLocalKeys: number;
}

export const DEFAULT_RATE_LIMITER_SETTINGS: Readonly<RateLimiterSettings> = Object.freeze({
  storeTimeoutMs: 250,
  onStoreFailure: 'open',
  ipCeilingFactor: 4,
  storeCoolDownMs: 2_000,
  maxStoreInFlight: 5,
  maxLocalKeys: 100_000,
});

/** The limiter store's health, for /readyz and the metrics. */
export interface StoreHealth {
  healthy: boolean;
  mode: StoreFailureMode;
  /** Why the store is considered unhealthy; absent when healthy. */
  reason?: string;
  timeouts: number;
  errors: number;
  /** Requests shed by the in-memory pre-limit without any database work. */
  shedLocally: number;
  localKeys: number;
}

export interface RateLimiter {
  check(policy: RateLimitPolicy, caller: RateLimitCaller): Promise<RateLimitDecision>;
  /** Absent on limiters without a store of their own (tests may supply simpler ones). */
  storeHealth?(): StoreHealth;
}

class StoreTimeoutError extends Error {}

/**
 * The rate limiter in two layers.
 *
 * 1. An in-memory pre-limit per instance, which needs no database work and so stays cheap under a
 *    flood: anonymous and invalid-token callers are counted only here, by address (they are refused
 *    401 anyway, so a count shared across instances buys nothing); a subject or address over its
 *    limit in this instance's own window is over it everywhere; and a caller the store refused stays
 *    refused here until its window ends.
 * 2. The shared PostgreSQL fixed windows, one upsert per request for the subject and its address,
 *    so the limits hold across instances. The store is bounded by `storeTimeoutMs` and a cap on
 *    queries in flight; when it fails, the limiter fails open (the pre-limit alone) or closed (503),
 *    as configured, and reports the store unhealthy until a query succeeds after the cool-down.
 */
export function createRateLimiter(
  db: Knex,
  overrides: Readonly<Record<string, Omit<RateLimitPolicy, 'group'>>> = {},
  settings: Partial<RateLimiterSettings> = {},
): RateLimiter {
  const s: RateLimiterSettings = { ...DEFAULT_RATE_LIMITER_SETTINGS, ...settings };
  const local = new LocalWindows(s.maxLocalKeys);
  let inFlight = 0;
  // Set on a store failure, cleared by the next store success; the store is skipped until retryStoreAtMs.
  let failing: string | undefined;
  let retryStoreAtMs = 0;
  let timeouts = 0;
  let errors = 0;
  let shedLocally = 0;

  const headersFor = (policy: RateLimitPolicy, hits: number, resetSeconds: number) => {
    const name = JSON.stringify(policy.group);
    return {
      'RateLimit-Policy': `${name};q=${policy.limit};w=${policy.windowSeconds}`,
      RateLimit: `${name};r=${Math.max(0, policy.limit - hits)};t=${resetSeconds}`,
    };
  };
  const refuse = (policy: RateLimitPolicy, retryAfterSeconds: number, source: DecisionSource): RateLimitDecision => ({
    allowed: false,
    retryAfterSeconds,
    headers: headersFor(policy, policy.limit, retryAfterSeconds),
    source,
  });
  const shed = (policy: RateLimitPolicy, retryAfterSeconds: number) => {
    shedLocally += 1;
    return refuse(policy, retryAfterSeconds, 'local');
  };

  async function askStore(buckets: string[], windowSeconds: number): Promise<repo.WindowCount> {
    inFlight += 1;
    let timer: NodeJS.Timeout | undefined;
    try {
      // Knex's own timeout cancels the running statement; this one also bounds waiting for a connection.
      const deadline = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new StoreTimeoutError(`no answer within ${s.storeTimeoutMs} ms`)), s.storeTimeoutMs);
      });
      return await Promise.race([repo.hit(db, buckets, windowSeconds, s.storeTimeoutMs), deadline]);
    } finally {
      clearTimeout(timer);
      inFlight -= 1;
    }
  }

  return {
    async check(declared, caller) {
      const policy = { ...declared, ...overrides[declared.group] };
      const now = Date.now();
      const w = policy.windowSeconds;
      const toWindowEnd = secondsToWindowEnd(now, w);

      if (caller.subject === undefined) {
        const anon = local.hit(`${policy.group}|anon:${caller.ip}`, w, now);
        if (anon.hits > policy.limit) return shed(policy, toWindowEnd);
        return { allowed: true, retryAfterSeconds: 0, headers: headersFor(policy, anon.hits, toWindowEnd), source: 'local' };
      }

      const subjectKey = `${policy.group}|sub:${caller.subject}`;
      const ipKey = `${policy.group}|ip:${caller.ip}`;
      const ceiling = s.ipCeilingFactor > 0 ? s.ipCeilingFactor * policy.limit : Infinity;
      // A caller already refused is shed without counting, so its flood does not eat its address's budget.
      const blockedUntil = Math.max(local.blockedUntil(subjectKey, now), local.blockedUntil(ipKey, now));
      if (blockedUntil > now) return shed(policy, Math.max(1, Math.ceil((blockedUntil - now) / 1000)));
      const bySubject = local.hit(subjectKey, w, now);
      const byIp = local.hit(ipKey, w, now);
      if (bySubject.hits > policy.limit || byIp.hits > ceiling) {
        local.block(bySubject.hits > policy.limit ? subjectKey : ipKey, (now / 1000 + toWindowEnd) * 1000);
        return shed(policy, toWindowEnd);
      }

      const failOver = (): RateLimitDecision => {
        if (s.onStoreFailure === 'closed') return { ...refuse(policy, Math.max(1, Math.ceil(s.storeCoolDownMs / 1000)), 'fail-closed'), unavailable: true };
        return { allowed: true, retryAfterSeconds: 0, headers: headersFor(policy, bySubject.hits, toWindowEnd), source: 'fail-open' };
      };
      if (retryStoreAtMs > now) return failOver();
      if (inFlight >= s.maxStoreInFlight) return failOver();

      const buckets = s.ipCeilingFactor > 0 ? [`${subjectKey}`, `${policy.group}|ipall:${caller.ip}`] : [subjectKey];
      let count: repo.WindowCount;
      try {
        count = await askStore(buckets, w);
      } catch (err) {
        const timedOut = err instanceof StoreTimeoutError || (err as { name?: string })?.name === 'KnexTimeoutError';
        if (timedOut) timeouts += 1;
        else errors += 1;
        failing = `${timedOut ? 'timeout' : 'error'}: ${(err as Error)?.message ?? String(err)}`;
        retryStoreAtMs = Date.now() + s.storeCoolDownMs;
        return failOver();
      }
      failing = undefined;
      const [subjectHits = 0, ipHits = 0] = count.hits;
      const resetSeconds = count.resetSeconds;
      if (subjectHits > policy.limit || ipHits > ceiling) {
        // Remember the refusal, so the rest of this window is refused without a round trip.
        local.block(subjectHits > policy.limit ? subjectKey : ipKey, now + Math.max(1, resetSeconds) * 1000);
        return refuse(policy, Math.max(1, resetSeconds), 'store');
      }
      return { allowed: true, retryAfterSeconds: 0, headers: headersFor(policy, subjectHits, resetSeconds), source: 'store' };
    },

    storeHealth() {
      return {
        healthy: failing === undefined,
        mode: s.onStoreFailure,
        ...(failing !== undefined && { reason: failing }),
        timeouts,
        errors,
        shedLocally,
        localKeys: local.size,
      };
    },
  };
}
