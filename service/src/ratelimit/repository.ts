import type { Knex } from 'knex';

export interface WindowCount {
  hits: number;
  /** Seconds until the current window ends, by the database's clock. */
  resetSeconds: number;
}

/**
 * Counts one hit in the current fixed window of `bucket` and returns the new count. One atomic
 * upsert, timed by the database clock, so every instance agrees on windows and counts.
 */
export async function hit(db: Knex, bucket: string, windowSeconds: number): Promise<WindowCount> {
  const { rows } = await db.raw<{ rows: Array<{ hits: number; reset_seconds: string | number }> }>(
    `with w as (select to_timestamp(floor(extract(epoch from now()) / ?) * ?) as start)
     insert into rate_limit_windows as r (bucket, window_start, hits, expires_at)
     select ?, w.start, 1, w.start + make_interval(secs => ?) from w
     on conflict (bucket, window_start) do update set hits = r.hits + 1
     returning r.hits, ceil(extract(epoch from r.expires_at - now()))::int as reset_seconds`,
    [windowSeconds, windowSeconds, bucket, windowSeconds],
  );
  const row = rows[0]!;
  return { hits: row.hits, resetSeconds: Math.max(0, Number(row.reset_seconds)) };
}

/** Deletes windows that ended; returns how many. */
export async function deleteExpiredWindows(db: Knex): Promise<number> {
  return db('rate_limit_windows').where('expires_at', '<', db.fn.now()).del();
}
