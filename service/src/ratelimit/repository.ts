import type { Knex } from 'knex';

export interface WindowCount {
  /** Hits in the current window per bucket, in the order the buckets were given. */
  hits: number[];
  /** Seconds until the current window ends, by the database's clock. */
  resetSeconds: number;
}

/**
 * Counts one hit in the current fixed window of each of `buckets` and returns the new counts. One
 * atomic upsert, timed by the database clock, so every instance agrees on windows and counts. The
 * buckets are upserted in the order given; callers always give the subject's before the address's,
 * so two statements never lock the same pair of rows in opposite orders.
 *
 * `timeoutMs` bounds the statement: when it fires, Knex cancels the query on the server
 * (pg_cancel_backend), so a slow or locked table does not keep the pool connection either.
 */
export async function hit(db: Knex, buckets: readonly string[], windowSeconds: number, timeoutMs?: number): Promise<WindowCount> {
  const query = db.raw<{ rows: Array<{ bucket: string; hits: number; reset_seconds: string | number }> }>(
    `with w as (select to_timestamp(floor(extract(epoch from now()) / ?) * ?) as start)
     insert into rate_limit_windows as r (bucket, window_start, hits, expires_at)
     select b.bucket, w.start, 1, w.start + make_interval(secs => ?) from w, unnest(?::text[]) with ordinality as b(bucket, n)
     order by b.n
     on conflict (bucket, window_start) do update set hits = r.hits + 1
     returning r.bucket, r.hits, ceil(extract(epoch from r.expires_at - now()))::int as reset_seconds`,
    [windowSeconds, windowSeconds, windowSeconds, [...buckets]],
  );
  const { rows } = await (timeoutMs === undefined ? query : query.timeout(timeoutMs, { cancel: true }));
  const byBucket = new Map(rows.map((row) => [row.bucket, row]));
  const first = rows[0];
  return {
    hits: buckets.map((b) => byBucket.get(b)?.hits ?? 0),
    resetSeconds: first ? Math.max(0, Number(first.reset_seconds)) : windowSeconds,
  };
}

/** Deletes windows that ended; returns how many. */
export async function deleteExpiredWindows(db: Knex): Promise<number> {
  return db('rate_limit_windows').where('expires_at', '<', db.fn.now()).del();
}
