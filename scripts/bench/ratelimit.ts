/**
 * What PostgreSQL-backed rate limiting costs per request: the same service, same database and
 * same request (GET /v1/users/{id} as its owner) with and without the limiter, measured in one
 * run with autocannon, alternating rounds so drift on a shared machine hits both alike.
 *
 *   npm run bench:ratelimit -- [--seconds 5] [--rounds 2] [--connections 10]
 */
import autocannon from 'autocannon';
import { createApp } from '../../service/src/app.ts';
import { migrateToLatest } from '../../service/src/db/migrations/index.ts';
import { listen } from '../../service/src/http/server.ts';
import { createLogger } from '../../service/src/logger.ts';
import { createRateLimiter } from '../../service/src/ratelimit/limiter.ts';
import { createTestDatabase } from '../../test/support/database.ts';
import { testToken, testVerifier } from '../../test/support/service.ts';

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}
const seconds = arg('seconds', 5);
const rounds = arg('rounds', 2);
const connections = arg('connections', 10);

const database = await createTestDatabase();
try {
  await migrateToLatest(database.knex);
  const [user] = await database.knex('users').insert({ email: 'bench@example.com', display_name: 'Bench' }).returning('id');
  const token = await testToken({ sub: user.id, scopes: 'users:read' });
  const logger = createLogger('error', () => {});
  const common = { db: database.knex, auth: testVerifier(), logger, validateResponses: false, bodyLimitBytes: 100_000, docs: false, metricsEndpoint: false as const };
  const servers = {
    'without limiter': await listen(createApp(common), 0, '127.0.0.1'),
    'with limiter': await listen(createApp({ ...common, rateLimiter: createRateLimiter(database.knex, { reads: { limit: 1e9, windowSeconds: 60 } }) }), 0, '127.0.0.1'),
  };
  const results: Record<string, { rps: number[]; p50: number[]; p99: number[]; non2xx: number }> = {};
  for (let round = 0; round < rounds; round++) {
    for (const [name, server] of Object.entries(servers)) {
      const r = await autocannon({
        url: `http://127.0.0.1:${server.port}/v1/users/${user.id}`,
        headers: { authorization: `Bearer ${token}` },
        connections,
        duration: seconds,
      });
      const entry = (results[name] ??= { rps: [], p50: [], p99: [], non2xx: 0 });
      entry.rps.push(r.requests.average);
      entry.p50.push(r.latency.p50);
      entry.p99.push(r.latency.p99);
      entry.non2xx += r.non2xx;
    }
  }
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  const base = mean(results['without limiter']!.rps);
  console.log(`GET /v1/users/{id}, ${connections} connections, ${rounds} x ${seconds} s per variant, alternating\n`);
  console.log('variant           req/s    ratio   p50 ms  p99 ms  non-2xx');
  for (const [name, r] of Object.entries(results)) {
    console.log(
      `${name.padEnd(16)} ${mean(r.rps).toFixed(0).padStart(6)}  ${(mean(r.rps) / base).toFixed(2).padStart(6)}  ${mean(r.p50).toFixed(1).padStart(7)} ${mean(r.p99).toFixed(1).padStart(7)}  ${String(r.non2xx).padStart(7)}`,
    );
  }
  for (const server of Object.values(servers)) await server.close(500);
} finally {
  await database.drop();
}
