import express from 'express';
import type { Knex } from 'knex';
import { basePath, createRouter, notFoundFallback } from '../../generated/server/index.ts';
import { matchedOperationId } from '../../generated/server/runtime.ts';
import { problems } from '../../generated/errors/index.ts';
import { isDatabaseUnavailableError, isUnstorableTextError } from './db/errors.ts';
import type { RequestContext } from './http/context.ts';
import { describeError, type Logger } from './logger.ts';
import { createUserHandlers, type UserHandlerDeps } from './users/handlers.ts';
import { createRequestGate } from './auth/request-gate.ts';
import { InvalidTokenError, type TokenVerifier } from './auth/tokens.ts';
import type { RateLimiter } from './ratelimit/limiter.ts';
import { createIdempotencyStore, type IdempotencyStore } from './idempotency/guard.ts';
import { idempotencyHook } from './idempotency/hook.ts';
import { createMetrics, type ServiceMetrics } from './observability/metrics.ts';
import { metricsRoutes } from './observability/metrics-endpoint.ts';
import { recordProblemCodes, requestTelemetry } from './observability/request-telemetry.ts';
import { databaseCheck, migrationsCheck, rateLimitStoreCheck, Readiness } from './health/readiness.ts';
import { healthRoutes } from './health/routes.ts';
import { docsRoutes } from './docs/routes.ts';

export interface AppOptions extends UserHandlerDeps {
  db: Knex;
  /** Verifies bearer tokens. Absent: every token is refused, so secured operations answer 401. */
  auth?: TokenVerifier;
  /** Enforces the contract's `x-rate-limit` policies. Absent: no rate limiting. */
  rateLimiter?: RateLimiter;
  /** Stores Idempotency-Key outcomes; 24 h retention and a 30 s lock when absent. */
  idempotency?: IdempotencyStore;
  logger: Logger;
  /** Check every response against the contract; a violation becomes 500 INTERNAL. Off in production for speed. */
  validateResponses: boolean;
  bodyLimitBytes: number;
  /** Seconds a client should wait before retrying when the database is unavailable. */
  retryAfterSeconds?: number;
  /** Where request, pool, outbox, relay, rate-limit, idempotency and breaker metrics go; a fresh registry when absent. */
  metrics?: ServiceMetrics;
  /** Readiness checks behind /readyz; when absent, the database and migrations checks only. */
  readiness?: Readiness;
  /** GET /metrics on this app (optionally behind a bearer token), or `false` when it has its own port. */
  metricsEndpoint?: false | { token?: string };
  /** Serve the API reference under /docs (default true). */
  docs?: boolean;
  /** Express's `trust proxy` (which X-Forwarded-For hops make `req.ip`); false when absent. */
  trustProxy?: false | number | string[];
}

export { requestIdFor } from './observability/request-telemetry.ts';

function requestIdOf(res: express.Response): string {
  return res.locals.requestId as string;
}

/** What /readyz checks when the composition root registers nothing more (e.g. in tests). */
export function defaultReadiness(db: Knex): Readiness {
  const readiness = new Readiness();
  readiness.register('database', databaseCheck(db));
  readiness.register('migrations', migrationsCheck(db));
  return readiness;
}

export function createApp(options: AppOptions): express.Express {
  const { db, logger } = options;
  const retryAfter = String(options.retryAfterSeconds ?? 5);
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', options.trustProxy ?? false);
  // ETags carry the resource version and are set by handlers; Express's body-hash ETags would contradict them.
  app.set('etag', false);

  const metrics = options.metrics ?? createMetrics();
  metrics.observePool(db);
  const readiness = options.readiness ?? defaultReadiness(db);
  const limiterStore = options.rateLimiter?.storeHealth?.bind(options.rateLimiter);
  if (limiterStore) {
    metrics.observeRateLimitStore(limiterStore);
    readiness.register('rateLimitStore', rateLimitStoreCheck(limiterStore));
  }
  // First, so every response (health, docs and 404s included) has a request id, a traceparent and one access line.
  recordProblemCodes(app);
  app.use(requestTelemetry({ logger, metrics, operationOf: matchedOperationId }));
  const mountOperationalRoutes = () => {
    app.use(healthRoutes(readiness));
    if (options.metricsEndpoint !== false) app.use(metricsRoutes(metrics, options.metricsEndpoint ?? {}));
    if (options.docs !== false) app.use(docsRoutes());
  };
  // With a base path, the API router only ever sees requests under it, and health, metrics and docs
  // live outside it: mounting the API first spares every API request a walk past those routers'
  // layers. At the root, the API router's 404 would swallow /healthz, so the operational routes go first.
  const apiBase: string = basePath;
  const apiFirst = apiBase !== '' && apiBase !== '/';
  if (!apiFirst) mountOperationalRoutes();

  const router = createRouter<RequestContext>(createUserHandlers(options), {
    context: (_req, res) => ({
      requestId: requestIdOf(res),
      db,
      traceparent: res.locals.traceparent as string,
      principal: res.locals.principal as RequestContext['principal'],
    }),
    admit: createRequestGate({
      verifier: options.auth ?? refuseAllTokens,
      limiter: options.rateLimiter,
      onRateLimited: (operationId) => metrics.recordRateLimitRejection(operationId),
      onDecision: (_operationId, source) => metrics.recordRateLimitDecision(source),
    }),
    // The gate above has verified the bearer token (and its scopes and ownership) before this runs.
    security: { bearerAuth: (_token, { res }) => (res.locals.principal ? { ok: true, principal: res.locals.principal } : false) },
    around: idempotencyHook(
      options.idempotency ?? createIdempotencyStore({ retentionSeconds: 24 * 3600, lockTtlSeconds: 30 }),
      db,
      (operationId) => metrics.recordIdempotencyReplay(operationId),
    ),
    requestId: (req) => req.res?.locals.requestId as string | undefined,
    validateResponses: options.validateResponses,
    bodyLimitBytes: options.bodyLimitBytes,
    onResponseValidationError(info, req) {
      logger.error(
        { requestId: req.res?.locals.requestId, operationId: info.operationId, status: info.status, violation: info.message },
        `response of ${info.operationId} broke the contract`,
      );
    },
    mapError(err, operationId) {
      if (isDatabaseUnavailableError(err)) {
        // The request id and trace id come from the request scope the logger mixes in.
        logger.warn({ operationId, code: 'SERVICE_UNAVAILABLE', err: describeError(err) }, 'database unavailable');
        return problems.serviceUnavailable({ headers: { 'Retry-After': retryAfter } });
      }
      if (isUnstorableTextError(err)) {
        return problems.validationFailed({ errors: [{ location: 'request', message: 'Text (a body field or a parameter) must not contain NUL (U+0000) characters.' }] });
      }
      return undefined;
    },
    onError(err, req) {
      // Only unmapped errors reach here, and they become 500 INTERNAL: log the stack and the cause chain.
      const operationId = req.res?.locals.operationId as string | undefined;
      logger.error({ operationId, method: req.method, path: req.path, code: 'INTERNAL', err: describeError(err) }, 'unexpected error');
    },
  });
  app.use(router);
  if (apiFirst) mountOperationalRoutes();
  // Paths outside the base path get the same ROUTE_NOT_FOUND problem instead of Express's HTML page.
  app.use(notFoundFallback({ requestId: (req) => req.res?.locals.requestId as string | undefined }));
  return app;
}

const refuseAllTokens: TokenVerifier = {
  async verify() {
    throw new InvalidTokenError('This service has no way to verify tokens configured.');
  },
};
