import type { Knex } from 'knex';

export interface IdempotencyRecord {
  principal: string;
  key: string;
  operation_id: string;
  fingerprint: string;
  lock_token: string | null;
  locked_at: Date | null;
  response_status: number | null;
  response_headers: Record<string, string> | null;
  /** The exact JSON text of the response body, or null when it had none. */
  response_body: string | null;
  expires_at: Date;
}

export interface Claim {
  principal: string;
  key: string;
  operationId: string;
  fingerprint: string;
  lockToken: string;
  retentionSeconds: number;
}

/**
 * Claims the key atomically: inserts it, or takes over a row whose retention has expired but
 * that the reaper has not deleted yet. True when this call now holds the key.
 */
export async function claim(db: Knex, c: Claim): Promise<boolean> {
  const { rows } = await db.raw<{ rows: Array<{ lock_token: string }> }>(
    `insert into idempotency_keys as k (principal, key, operation_id, fingerprint, lock_token, locked_at, expires_at)
     values (?, ?, ?, ?, ?, now(), now() + make_interval(secs => ?))
     on conflict (principal, key) do update set
       operation_id = excluded.operation_id, fingerprint = excluded.fingerprint, lock_token = excluded.lock_token,
       locked_at = excluded.locked_at, response_status = null, response_headers = null, response_body = null,
       created_at = now(), completed_at = null, expires_at = excluded.expires_at
     where k.expires_at < now()
     returning k.lock_token`,
    [c.principal, c.key, c.operationId, c.fingerprint, c.lockToken, c.retentionSeconds],
  );
  return rows[0]?.lock_token === c.lockToken;
}

export async function find(db: Knex, principal: string, key: string): Promise<IdempotencyRecord | undefined> {
  return (await db('idempotency_keys').where({ principal, key }).first()) as IdempotencyRecord | undefined;
}

/** Takes over an unfinished request whose lock is older than `lockTtlSeconds` (its holder died). */
export async function takeOverStaleLock(db: Knex, principal: string, key: string, lockToken: string, lockTtlSeconds: number): Promise<boolean> {
  const n = await db('idempotency_keys')
    .where({ principal, key })
    .whereNull('response_status')
    .where('locked_at', '<', db.raw('now() - make_interval(secs => ?)', [lockTtlSeconds]))
    .update({ lock_token: lockToken, locked_at: db.fn.now() });
  return n === 1;
}

export interface StoredResponse {
  status: number;
  headers: Record<string, string>;
  body: unknown;
}

/** Stores the response, inside the business transaction; false when the lock was taken over meanwhile. */
export async function complete(trx: Knex.Transaction, principal: string, key: string, lockToken: string, response: StoredResponse): Promise<boolean> {
  const n = await trx('idempotency_keys')
    .where({ principal, key, lock_token: lockToken })
    .whereNull('response_status')
    .update({
      response_status: response.status,
      response_headers: JSON.stringify(response.headers),
      response_body: response.body === undefined ? null : JSON.stringify(response.body),
      completed_at: trx.fn.now(),
      locked_at: null,
      lock_token: null,
    });
  return n === 1;
}

/** Forgets a claim whose request failed without a response (its transaction rolled back), so a retry runs afresh. */
export async function release(db: Knex, principal: string, key: string, lockToken: string): Promise<void> {
  await db('idempotency_keys').where({ principal, key, lock_token: lockToken }).whereNull('response_status').del();
}

export async function deleteExpired(db: Knex): Promise<number> {
  return db('idempotency_keys').where('expires_at', '<', db.fn.now()).del();
}
