import { createHash, randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import { problems } from '../../../generated/errors/index.ts';
import type { HandlerResult } from '../../../generated/server/runtime.ts';
import * as repo from './repository.ts';

export interface IdempotencySettings {
  /** How long a completed key replays its response (and blocks reuse with another body). */
  retentionSeconds: number;
  /** How long an unfinished request holds its key before another request may take it over. */
  lockTtlSeconds: number;
}

export interface IdempotentCall {
  principal: string;
  key: string;
  operationId: string;
  method: string;
  /** The concrete request path, so one key cannot be reused on another resource. */
  path: string;
  body: unknown;
}

/** JSON with object keys sorted, so `{a,b}` and `{b,a}` fingerprint alike. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

export function fingerprint(call: Pick<IdempotentCall, 'method' | 'path' | 'body'>): string {
  return createHash('sha256').update(`${call.method.toUpperCase()} ${call.path}\n${canonicalJson(call.body)}`).digest('hex');
}

class LockLostError extends Error {}

const RETRY_AFTER_SECONDS = '1';

export interface IdempotencyStore {
  /**
   * Runs `execute` at most once per (principal, key): the first call claims the key and runs it
   * inside one transaction that also stores its response; later calls replay that response, and a
   * call while the first is still running is refused with IDEMPOTENCY_KEY_IN_USE.
   */
  run(db: Knex, call: IdempotentCall, execute: (trx: Knex.Transaction) => Promise<HandlerResult>): Promise<HandlerResult>;
}

export function createIdempotencyStore(settings: IdempotencySettings): IdempotencyStore {
  return {
    async run(db, call, execute) {
      const print = fingerprint(call);
      const lockToken = randomUUID();
      const claim = { ...call, fingerprint: print, lockToken, retentionSeconds: settings.retentionSeconds };
      try {
        // One transaction from the claim to the stored response, so the claim costs no commit of
        // its own: BEGIN, claim, the handler's statements, complete, COMMIT (docs/performance.md).
        return await db.transaction(async (trx) => {
          let outcome = await repo.claim(trx, claim);
          if (outcome === 'exists') {
            const existing = await repo.find(trx, call.principal, call.key);
            if (!existing) {
              // Reaped between our claim and our read: the key is free again (we still hold its lock).
              outcome = await repo.claim(trx, claim);
              if (outcome !== 'claimed') return problems.idempotencyKeyInUse({ headers: { 'Retry-After': RETRY_AFTER_SECONDS } });
            } else if (existing.fingerprint !== print) {
              return problems.idempotencyKeyReused({
                detail: 'This Idempotency-Key was already used for a request with another method, path or body.',
              });
            } else if (existing.response_status !== null) {
              return {
                status: existing.response_status,
                headers: { ...existing.response_headers, 'Idempotent-Replayed': 'true' },
                // JSON.parse keeps the key order of the stored text, so the replay serialises to the same bytes.
                ...(existing.response_body !== null && { body: JSON.parse(existing.response_body) as unknown }),
              };
            } else if (await repo.takeOverStaleLock(trx, call.principal, call.key, lockToken, settings.lockTtlSeconds)) {
              outcome = 'claimed';
            }
          }
          if (outcome !== 'claimed') {
            return problems.idempotencyKeyInUse({
              headers: { 'Retry-After': RETRY_AFTER_SECONDS },
              detail: 'A request with this Idempotency-Key is still running.',
            });
          }
          const result = await execute(trx);
          const headers: Record<string, string> = {};
          for (const [name, value] of Object.entries(result.headers ?? {})) if (value !== undefined) headers[name] = String(value);
          const stored = await repo.complete(trx, call.principal, call.key, lockToken, { status: result.status, headers, body: result.body });
          if (!stored) throw new LockLostError();
          return result;
        });
      } catch (err) {
        // Nothing was committed (the claim rolled back with the rest), so a retry runs the request afresh.
        if (err instanceof LockLostError) {
          return problems.idempotencyKeyInUse({ headers: { 'Retry-After': RETRY_AFTER_SECONDS } });
        }
        throw err;
      }
    },
  };
}
