/**
 * Reference stacks: what the parts the brief makes mandatory cost on their own, for the same
 * getUser request on the same database, so the service's distance to the floor can be split into
 * "the framework and the validator" and "everything of ours".
 *
 *   STACK=express            Express 5 + pg: one route, `SELECT` by primary key, `res.json`
 *   STACK=express-validator  the same behind express-openapi-validator with the generated router's
 *                            options (REQUEST_VALIDATOR_OPTIONS) on the contract (generated/openapi.json),
 *                            as a plain Express app would use it: without the router's memoised route lookup
 *
 * No auth, logging, metrics, response validation, ETag or Knex: those are what the service adds.
 * Served through the service's own `listen` (the same Node server options and request classes).
 * Run with `node --import tsx scripts/bench/service/reference-server.ts` and DATABASE_URL, PORT, STACK.
 */
import { readFileSync } from 'node:fs';
import express, { type NextFunction, type Request, type Response } from 'express';
import * as OpenApiValidator from 'express-openapi-validator';
import pg from 'pg';
import { REQUEST_VALIDATOR_OPTIONS } from '../../../generated/server/runtime.ts';
import { listen } from '../../../service/src/http/server.ts';

const stack = process.env.STACK ?? 'express';
if (stack !== 'express' && stack !== 'express-validator') throw new Error(`STACK must be express or express-validator, not ${stack}`);

const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: Number(process.env.DB_POOL_MAX ?? 10) });
const SELECT_USER =
  'select id, email, display_name, locale, status, version, created_at, updated_at, deleted_at from users where id = $1';

const app = express();
app.disable('x-powered-by');
app.set('etag', false);
const api = express.Router({ caseSensitive: true, strict: true });
if (stack === 'express-validator') {
  const apiSpec = JSON.parse(readFileSync(new URL('../../../generated/openapi.json', import.meta.url), 'utf8')) as never;
  api.use(OpenApiValidator.middleware({ apiSpec, ...REQUEST_VALIDATOR_OPTIONS }));
}
api.get('/users/:userId', async (req: Request, res: Response, next: NextFunction) => {
  try {
    const { rows } = await pool.query(SELECT_USER, [req.params.userId]);
    if (rows.length === 0) res.status(404).json({ code: 'USER_NOT_FOUND' });
    else res.json(rows[0]);
  } catch (err) {
    next(err);
  }
});
api.use((err: { status?: number; message?: string }, _req: Request, res: Response, _next: NextFunction) => {
  res.status(err.status ?? 500).json({ message: err.message });
});
app.use('/v1', api);

const server = await listen(app, Number(process.env.PORT ?? 0), '127.0.0.1');
console.log(`${stack} listening on ${server.port}`);
for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.on(signal, () => {
    void server.close(1_000).then(() => pool.end()).then(() => process.exit(0));
  });
}
