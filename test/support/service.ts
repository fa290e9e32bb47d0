import type { Knex } from 'knex';
import { createApp, type AppOptions } from '../../service/src/app.ts';
import { migrateToLatest } from '../../service/src/db/migrations/index.ts';
import { listen } from '../../service/src/http/server.ts';
import { createLogger, type Logger } from '../../service/src/logger.ts';
import { createTestDatabase, type TestDatabase } from './database.ts';
import { createTokenVerifier, DEVELOPMENT_SECRET, mintToken } from '../../service/src/auth/tokens.ts';
import { createIdempotencyStore, type IdempotencySettings } from '../../service/src/idempotency/guard.ts';
import { createRateLimiter, type RateLimitPolicy } from '../../service/src/ratelimit/limiter.ts';

/** The issuer and audience test services accept; tokens are HS256 with the development secret. */
export const TEST_AUTH = { secret: DEVELOPMENT_SECRET, issuer: 'charter-test', audience: 'charter-users-api' } as const;

export interface TokenRequest {
  sub: string;
  scopes?: string | readonly string[];
  expiresInSeconds?: number;
  notBeforeSeconds?: number;
  issuer?: string;
  audience?: string;
  secret?: string;
}

/** A bearer token the test service accepts (unless the request asks for a wrong issuer, audience or secret). */
export async function testToken(request: TokenRequest): Promise<string> {
  const scopes = typeof request.scopes === 'string' ? request.scopes.split(' ').filter(Boolean) : [...(request.scopes ?? [])];
  return mintToken({
    secret: request.secret ?? TEST_AUTH.secret,
    subject: request.sub,
    scopes,
    issuer: request.issuer ?? TEST_AUTH.issuer,
    audience: request.audience ?? TEST_AUTH.audience,
    expiresInSeconds: request.expiresInSeconds,
    notBeforeSeconds: request.notBeforeSeconds,
  });
}

/** Verifies what testToken mints. */
export function testVerifier() {
  return createTokenVerifier({
    hmacSecret: TEST_AUTH.secret,
    jwksUrl: undefined,
    jwksFile: undefined,
    issuer: TEST_AUTH.issuer,
    audience: TEST_AUTH.audience,
    clockToleranceSeconds: 0,
  });
}

/** The subject of the admin token test services hand out by default. */
export const TEST_ADMIN_SUBJECT = '00000000-0000-4000-8000-00000000ad01';

export interface TestService {
  /** The origin, e.g. http://127.0.0.1:41234, for requests outside the API's base path. */
  origin: string;
  /** The API root, `${origin}/v1`. */
  baseUrl: string;
  db: Knex;
  database: TestDatabase;
  /** Log lines the service wrote, parsed, so tests can assert on what was logged. */
  logs: Array<Record<string, unknown>>;
  /** A token for `admin` (all scopes), for tests about something other than authorization. */
  adminToken: string;
  /** `{ authorization: 'Bearer <admin token>' }`. */
  asAdmin: Record<string, string>;
  token(request: TokenRequest): Promise<string>;
  close(): Promise<void>;
}

export type TestServiceOptions = Partial<Pick<AppOptions, 'avatars' | 'bodyLimitBytes' | 'validateResponses'>> & {
  statementTimeoutMs?: number;
  onConnectionError?: (err: Error) => void;
  /** Rate limiting: off by default in tests; `true` uses the contract's policies, an object overrides some groups. */
  rateLimits?: boolean | Record<string, Omit<RateLimitPolicy, 'group'>>;
  idempotency?: Partial<IdempotencySettings>;
  /** Serve from this (already migrated) database instead of a fresh one, e.g. a second instance; it is not dropped on close. */
  sharedDatabase?: TestDatabase;
};

/** The real service on a fresh database, listening on a free port. */
export async function startTestService(options: TestServiceOptions = {}): Promise<TestService> {
  const database =
    options.sharedDatabase ??
    (await createTestDatabase({
      statementTimeoutMs: options.statementTimeoutMs,
      onConnectionError: options.onConnectionError,
    }));
  const ownsDatabase = options.sharedDatabase === undefined;
  try {
    if (ownsDatabase) await migrateToLatest(database.knex);
    const logs: Array<Record<string, unknown>> = [];
    const logger: Logger = createLogger('debug', (line) => logs.push(JSON.parse(line) as Record<string, unknown>));
    const app = createApp({
      db: database.knex,
      logger,
      validateResponses: options.validateResponses ?? true,
      bodyLimitBytes: options.bodyLimitBytes ?? 100 * 1024,
      avatars: options.avatars,
      auth: testVerifier(),
      rateLimiter:
        options.rateLimits === undefined || options.rateLimits === false
          ? undefined
          : createRateLimiter(database.knex, options.rateLimits === true ? {} : options.rateLimits),
      idempotency: createIdempotencyStore({ retentionSeconds: 24 * 3600, lockTtlSeconds: 30, ...options.idempotency }),
    });
    const adminToken = await testToken({ sub: TEST_ADMIN_SUBJECT, scopes: ['admin'] });
    const running = await listen(app, 0, '127.0.0.1');
    const origin = `http://127.0.0.1:${running.port}`;
    return {
      origin,
      baseUrl: `${origin}/v1`,
      db: database.knex,
      database,
      logs,
      adminToken,
      asAdmin: { authorization: `Bearer ${adminToken}` },
      token: testToken,
      async close() {
        await running.close(1_000);
        if (ownsDatabase) await database.drop();
      },
    };
  } catch (err) {
    if (ownsDatabase) await database.drop();
    throw err;
  }
}
