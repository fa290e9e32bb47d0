/**
 * The floor: the least a Node service can do for the same two requests, on the same database.
 * Raw `node:http` + a `pg` Pool (same size as the service's), no framework, no validation, no
 * auth, no logging: what is left is the HTTP parse, the database round trips and JSON.
 *
 *   GET  /v1/users/:id  one SELECT by primary key → 200 JSON, or 404
 *   POST /v1/users      BEGIN; INSERT user; INSERT outbox row; INSERT idempotency record; COMMIT → 201
 *
 * Run with `node --import tsx scripts/bench/service/floor-server.ts` and DATABASE_URL, PORT.
 */
import http from 'node:http';
import { randomUUID } from 'node:crypto';
import pg from 'pg';

const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: Number(process.env.DB_POOL_MAX ?? 10) });
const USER_PREFIX = '/v1/users/';
const SELECT_USER =
  'select id, email, display_name, locale, status, version, created_at, updated_at, deleted_at from users where id = $1';

function send(res: http.ServerResponse, status: number, body: unknown): void {
  const json = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(json) });
  res.end(json);
}

async function getUser(id: string, res: http.ServerResponse): Promise<void> {
  const { rows } = await pool.query(SELECT_USER, [id]);
  if (rows.length === 0) return send(res, 404, { code: 'USER_NOT_FOUND' });
  send(res, 200, rows[0]);
}

async function createUser(body: string, key: string, res: http.ServerResponse): Promise<void> {
  const input = JSON.parse(body) as { email: string; displayName: string; locale?: string };
  const client = await pool.connect();
  try {
    await client.query('begin');
    const { rows } = await client.query(
      'insert into users (email, display_name, locale) values ($1, $2, $3) returning id, email, display_name, locale, status, version, created_at, updated_at',
      [input.email, input.displayName, input.locale ?? 'en'],
    );
    const user = rows[0];
    await client.query(
      // Born sent: the services' relays (running on the same database) must not pick up the floor's rows.
      'insert into outbox (id, aggregate_id, message, subject, headers, payload, sent_at) values ($1, $2, $3, $4, $5, $6, now())',
      [randomUUID(), user.id, 'userCreated', `users.${user.id}.created`, '{}', JSON.stringify(user)],
    );
    await client.query(
      `insert into idempotency_keys (principal, key, operation_id, fingerprint, response_status, response_body, completed_at, expires_at)
       values ($1, $2, 'createUser', '', 201, $3, now(), now() + interval '1 day')`,
      ['floor', key, JSON.stringify(user)],
    );
    await client.query('commit');
    send(res, 201, user);
  } catch (err) {
    await client.query('rollback').catch(() => {});
    throw err;
  } finally {
    client.release();
  }
}

const server = http.createServer((req, res) => {
  const url = req.url ?? '/';
  const fail = (err: unknown) => send(res, 500, { message: (err as Error).message });
  if (req.method === 'GET' && url.startsWith(USER_PREFIX)) {
    getUser(url.slice(USER_PREFIX.length), res).catch(fail);
  } else if (req.method === 'POST' && url === '/v1/users') {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (body += chunk));
    req.on('end', () => createUser(body, String(req.headers['idempotency-key']), res).catch(fail));
  } else {
    send(res, 404, { code: 'ROUTE_NOT_FOUND' });
  }
});
server.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => {
  console.log(`floor listening on ${(server.address() as { port: number }).port}`);
});
for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.on(signal, () => {
    server.close();
    void pool.end().then(() => process.exit(0));
  });
}
