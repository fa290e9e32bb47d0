import type { Knex } from 'knex';
import * as repo from './repository.ts';

export interface RateLimitPolicy {
  group: string;
  limit: number;
  windowSeconds: number;
}

export interface RateLimitDecision {
  allowed: boolean;
  /** Headers per draft-ietf-httpapi-ratelimit-headers: the policy, and what is left of it. */
  headers: Record<string, string>;
  retryAfterSeconds: number;
}

export interface RateLimiter {
  check(policy: RateLimitPolicy, caller: string): Promise<RateLimitDecision>;
}

/** A PostgreSQL-backed fixed-window limiter; `caller` is `sub:<subject>` or `ip:<address>`. */
export function createRateLimiter(db: Knex, overrides: Readonly<Record<string, Omit<RateLimitPolicy, 'group'>>> = {}): RateLimiter {
  return {
    async check(declared, caller) {
      const policy = { ...declared, ...overrides[declared.group] };
      const { hits, resetSeconds } = await repo.hit(db, `${policy.group}|${caller}`, policy.windowSeconds);
      const remaining = Math.max(0, policy.limit - hits);
      const name = JSON.stringify(policy.group);
      return {
        allowed: hits <= policy.limit,
        retryAfterSeconds: Math.max(1, resetSeconds),
        headers: {
          'RateLimit-Policy': `${name};q=${policy.limit};w=${policy.windowSeconds}`,
          RateLimit: `${name};r=${remaining};t=${resetSeconds}`,
        },
      };
    },
  };
}
