import type { Knex } from 'knex';
import { queryPrepared, type PreparedStatement } from '../db/prepared-statements.ts';

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

export type ClaimOutcome =
  /** This transaction holds the key: the request runs, and its row commits with the response. */
  | 'claimed'
  /** Another transaction holds the key right now: that request is still running. */
  | 'held'
  /** A committed, unexpired row has the key: a finished request (replay) or an abandoned one. */
  | 'exists';

/**
 * Claims the key inside the request's own transaction, in one statement. A transaction-scoped
 * advisory lock on (principal, key), taken without waiting, is what tells a concurrent duplicate
 * at once that the key is in use ('held'), since the claimed row itself stays invisible until the
 * request commits. Holding the lock, the statement inserts the row, or takes over a committed row
 * whose retention has expired but that the reaper has not deleted yet ('claimed'); a committed
 * unexpired row leaves it 'exists'. The insert sees committed rows whatever the statement's
 * snapshot (`on conflict` checks the index itself), so a request that finished just before is
 * never run again. If the transaction rolls back, the claim goes with it: a failed request
 * leaves no row behind, and one whose process died leaves none either.
 */
const CLAIM: PreparedStatement = {
  name: 'idempotency_claim',
  text: `with lock as (select pg_try_advisory_xact_lock(hashtextextended($1::text || E'\\n' || $2::text, 0)) as locked),
     claimed as (
       insert into idempotency_keys as k (principal, key, operation_id, fingerprint, lock_token, locked_at, expires_at)
       select $1, $2, $3, $4, $5, now(), now() + make_interval(secs => $6) from lock where lock.locked
       on conflict (principal, key) do update set
         operation_id = excluded.operation_id, fingerprint = excluded.fingerprint, lock_token = excluded.lock_token,
         locked_at = excluded.locked_at, response_status = null, response_headers = null, response_body = null,
         created_at = now(), completed_at = null, expires_at = excluded.expires_at
       where k.expires_at < now()
       returning k.lock_token)
     select (select locked from lock) as locked, (select lock_token from claimed) as lock_token`,
};

export async function claim(trx: Knex.Transaction, c: Claim): Promise<ClaimOutcome> {
  const rows = await queryPrepared<{ locked: boolean; lock_token: string | null }>(trx, CLAIM, [
    c.principal, c.key, c.operationId, c.fingerprint, c.lockToken, c.retentionSeconds,
  ]);
  const row = rows[0];
  if (!row?.locked) return 'held';
  return row.lock_token === c.lockToken ? 'claimed' : 'exists';
}

export async function find(db: Knex | Knex.Transaction, principal: string, key: string): Promise<IdempotencyRecord | undefined> {
  return (await db('idempotency_keys').where({ principal, key }).first()) as IdempotencyRecord | undefined;
}

/**
 * Takes over an unfinished request whose lock is older than `lockTtlSeconds` (its holder died).
 * Only a claim committed before its request finished can be found unfinished: one written by an
 * earlier version of the service, which committed its claim on its own.
 */
export async function takeOverStaleLock(db: Knex | Knex.Transaction, principal: string, key: string, lockToken: string, lockTtlSeconds: number): Promise<boolean> {
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

const COMPLETE: PreparedStatement = {
  name: 'idempotency_complete',
  text: `update idempotency_keys
            set response_status = $4, response_headers = $5, response_body = $6, completed_at = now(), locked_at = null, lock_token = null
          where principal = $1 and key = $2 and lock_token = $3 and response_status is null
      returning key`,
};

/** Stores the response, inside the business transaction; false when the lock was taken over meanwhile. */
export async function complete(trx: Knex.Transaction, principal: string, key: string, lockToken: string, response: StoredResponse): Promise<boolean> {
  const body = response.body === undefined ? null : JSON.stringify(response.body);
  const rows = await queryPrepared(trx, COMPLETE, [principal, key, lockToken, response.status, JSON.stringify(response.headers), body]);
  return rows.length === 1;
}

export async function deleteExpired(db: Knex): Promise<number> {
  return db('idempotency_keys').where('expires_at', '<', db.fn.now()).del();
}
