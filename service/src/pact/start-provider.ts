/**
 * The users service as `charter verify` runs it (`provider.command` in charter.config.yaml): the
 * real app on the database and token secret that the provider-states module (./provider.ts)
 * prepared, listening on PORT. It validates its responses against the contract it was generated
 * from, so a service built from a changed contract behaves as that contract says.
 *
 * Environment: DATABASE_URL, PACT_AUTH_SECRET, PACT_AUTH_ISSUER, PACT_AUTH_AUDIENCE, PORT.
 */
import { createApp } from '../app.ts';
import { createTokenVerifier } from '../auth/tokens.ts';
import { connectDatabase } from '../db/connection.ts';
import { listen } from '../http/server.ts';
import { createIdempotencyStore } from '../idempotency/guard.ts';
import { createLogger } from '../logger.ts';

function required(name: string): string {
  const value = process.env[name];
  if (!value) {
    process.stderr.write(`start-provider: ${name} is not set (charter verify sets it from service/src/pact/provider.ts)\n`);
    process.exit(2);
  }
  return value;
}

const db = connectDatabase({ url: required('DATABASE_URL'), poolMax: 5, statementTimeoutMs: 10_000, onConnectionError: () => {} });
const app = createApp({
  db,
  // Pact prints what failed; the service's own logs would only bury it.
  logger: createLogger('error', () => {}),
  validateResponses: true,
  bodyLimitBytes: 100 * 1024,
  auth: createTokenVerifier({
    hmacSecret: required('PACT_AUTH_SECRET'),
    jwksUrl: undefined,
    jwksFile: undefined,
    issuer: required('PACT_AUTH_ISSUER'),
    audience: required('PACT_AUTH_AUDIENCE'),
    clockToleranceSeconds: 0,
  }),
  idempotency: createIdempotencyStore({ retentionSeconds: 24 * 3600, lockTtlSeconds: 30 }),
});
const running = await listen(app, Number(required('PORT')), '127.0.0.1');
const stop = async () => {
  await running.close(1_000);
  await db.destroy();
  process.exit(0);
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
