import { randomUUID } from 'node:crypto';
import express from 'express';
import type { Knex } from 'knex';
import { createRouter, notFoundFallback } from '../../generated/server/index.ts';
import { problems } from '../../generated/errors/index.ts';
import { isDatabaseUnavailableError } from './db/errors.ts';
import type { RequestContext } from './http/context.ts';
import { describeError, type Logger } from './logger.ts';
import { createUserHandlers, type UserHandlerDeps } from './users/handlers.ts';

export interface AppOptions extends UserHandlerDeps {
  db: Knex;
  logger: Logger;
  /** Check every response against the contract; a violation becomes 500 INTERNAL. Off in production for speed. */
  validateResponses: boolean;
  bodyLimitBytes: number;
  /** Seconds a client should wait before retrying when the database is unavailable. */
  retryAfterSeconds?: number;
}

// Printable ASCII only: the id is echoed into a response header and into logs, so anything
// that could split a header or forge a log line is replaced by a fresh id.
const CLIENT_REQUEST_ID = /^[\x21-\x7e]{1,128}$/;

export function requestIdFor(header: string | undefined): string {
  return header !== undefined && CLIENT_REQUEST_ID.test(header) ? header : randomUUID();
}

function requestIdOf(res: express.Response): string {
  return res.locals.requestId as string;
}

export function createApp(options: AppOptions): express.Express {
  const { db, logger } = options;
  const retryAfter = String(options.retryAfterSeconds ?? 5);
  const app = express();
  app.disable('x-powered-by');
  // ETags carry the resource version and are set by handlers; Express's body-hash ETags would contradict them.
  app.set('etag', false);

  app.use((req, res, next) => {
    const requestId = requestIdFor(req.get('x-request-id'));
    res.locals.requestId = requestId;
    res.setHeader('X-Request-Id', requestId);
    next();
  });

  const router = createRouter<RequestContext>(createUserHandlers(options), {
    context: (_req, res) => ({ requestId: requestIdOf(res), db }),
    requestId: (req) => req.res?.locals.requestId as string | undefined,
    validateResponses: options.validateResponses,
    bodyLimitBytes: options.bodyLimitBytes,
    onResponseValidationError(info, req) {
      logger.error(
        { requestId: req.res?.locals.requestId, operationId: info.operationId, status: info.status, violation: info.message },
        `response of ${info.operationId} broke the contract`,
      );
    },
    mapError(err) {
      if (isDatabaseUnavailableError(err)) {
        return problems.serviceUnavailable({ headers: { 'Retry-After': retryAfter } });
      }
      return undefined;
    },
    onError(err, req) {
      const unavailable = isDatabaseUnavailableError(err);
      const fields = { requestId: req.res?.locals.requestId, method: req.method, path: req.path, err: describeError(err) };
      if (unavailable) logger.warn(fields, 'database unavailable');
      else logger.error(fields, 'unexpected error');
    },
  });
  app.use(router);
  // Paths outside the base path get the same ROUTE_NOT_FOUND problem instead of Express's HTML page.
  app.use(notFoundFallback({ requestId: (req) => req.res?.locals.requestId as string | undefined }));
  return app;
}
