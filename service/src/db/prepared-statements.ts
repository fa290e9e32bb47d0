import type { Knex } from 'knex';
import type pg from 'pg';

/** A query PostgreSQL parses and plans once per connection, then only binds and executes. */
export interface PreparedStatement {
  /** Unique per SQL text: pg keeps a connection's prepared statements by name. */
  name: string;
  text: string;
}

/**
 * Runs a prepared statement on a connection from Knex's pool, bypassing Knex's query builder and
 * runner. For the hottest reads only (docs/performance.md): the builder compiled the same SQL on
 * every call, and the runner's bookkeeping cost more CPU than the query itself. The pool, its
 * timeouts (KnexTimeoutError when none is free) and each connection's settings (statement_timeout)
 * are Knex's, so failures look exactly like those of a builder query. Given a transaction, it runs
 * on the transaction's own connection (Knex's transaction client hands out that one).
 */
export async function queryPrepared<Row>(db: Knex | Knex.Transaction, statement: PreparedStatement, values: unknown[]): Promise<Row[]> {
  const client = db.client as { acquireConnection(): Promise<pg.Client>; releaseConnection(connection: pg.Client): Promise<void> };
  const connection = await client.acquireConnection();
  try {
    const result = await connection.query<Row & pg.QueryResultRow>({ name: statement.name, text: statement.text, values });
    return result.rows;
  } finally {
    await client.releaseConnection(connection);
  }
}

/** True for a Knex transaction, whose queries must stay on its own connection. */
export function isTransaction(db: Knex | Knex.Transaction): db is Knex.Transaction {
  return (db as Knex.Transaction).isTransaction === true;
}
