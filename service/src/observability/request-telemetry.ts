import { randomUUID } from 'node:crypto';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { Logger } from '../logger.ts';
import type { ServiceMetrics } from './metrics.ts';
import { runInRequestScope } from './request-scope.ts';
import { continueTrace, type TraceContext } from './trace-context.ts';

// Printable ASCII only: the id is echoed into a response header and into logs, so anything
// that could split a header or forge a log line is replaced by a fresh id.
const CLIENT_REQUEST_ID = /^[\x21-\x7e]{1,128}$/;

export function requestIdFor(header: string | undefined): string {
  return header !== undefined && CLIENT_REQUEST_ID.test(header) ? header : randomUUID();
}

/** An operation as the telemetry needs it: its id and its Express path under the base path. */
export interface RoutableOperation {
  operationId: string;
  method: string;
  path: string;
}

/**
 * Finds the operation a request targets, for requests the router refused before naming one
 * (validation, 413, 415). Label values must stay a bounded set, so anything else is `unmatched`.
 */
export function operationMatcher(basePath: string, operations: readonly RoutableOperation[]): (method: string, path: string) => string | undefined {
  const table = operations.map((op) => ({
    operationId: op.operationId,
    method: op.method.toUpperCase(),
    pattern: new RegExp(`^${(basePath + op.path).replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/\/:[A-Za-z0-9_]+/g, '/[^/]+')}/?$`),
  }));
  return (method, path) => table.find((op) => op.method === method.toUpperCase() && op.pattern.test(path))?.operationId;
}

export interface RequestTelemetryOptions {
  logger: Logger;
  metrics: ServiceMetrics;
  operationOf(method: string, path: string): string | undefined;
}

/** Set by routes outside the contract (health, metrics, docs) so their access lines stay at debug level. */
export const QUIET_ACCESS_LOG = 'quietAccessLog';

function principalIdOf(res: Response): string | undefined {
  // Only the subject: never the token, and never the claims, which may hold personal data.
  const principal = res.locals.principal as { subject?: unknown; sub?: unknown } | undefined;
  const id = principal?.subject ?? principal?.sub;
  return typeof id === 'string' ? id : undefined;
}

/**
 * Mount first. Gives each request its id and trace context (request and response headers,
 * res.locals, the log scope), and when it ends writes ONE access line and the RED metrics.
 */
export function requestTelemetry(options: RequestTelemetryOptions): RequestHandler {
  const { logger, metrics } = options;
  return (req: Request, res: Response, next: NextFunction) => {
    const started = process.hrtime.bigint();
    const requestId = requestIdFor(req.get('x-request-id'));
    const trace: TraceContext = continueTrace(req.get('traceparent'));
    res.locals.requestId = requestId;
    res.locals.trace = trace;
    res.locals.traceparent = trace.traceparent;
    res.locals.logger = logger;
    res.setHeader('X-Request-Id', requestId);
    res.setHeader('traceparent', trace.traceparent);

    // Problem bodies name their catalogue code; the access line repeats it so a 4xx can be
    // explained from logs alone.
    const json = res.json.bind(res);
    res.json = (body: unknown) => {
      if (res.statusCode >= 400 && body !== null && typeof body === 'object' && typeof (body as { code?: unknown }).code === 'string') {
        res.locals.problemCode = (body as { code: string }).code;
      }
      return json(body);
    };

    let logged = false;
    const done = (event: 'finish' | 'close') => {
      if (logged) return;
      logged = true;
      const durationSeconds = Number(process.hrtime.bigint() - started) / 1e9;
      const path = req.originalUrl.split('?')[0] ?? req.originalUrl;
      const operationId = (res.locals.operationId as string | undefined) ?? options.operationOf(req.method, path) ?? 'unmatched';
      // A client that hung up before the response was written leaves no status of ours: 499, as nginx logs it.
      const aborted = event === 'close' && !res.writableFinished;
      const status = aborted ? 499 : res.statusCode;
      metrics.observeRequest(operationId, req.method, status, durationSeconds);
      const fields: Record<string, unknown> = {
        requestId,
        traceId: trace.traceId,
        spanId: trace.spanId,
        operationId,
        method: req.method,
        // The path only: query strings can carry personal data (?emailPrefix=).
        path,
        status,
        durationMs: Math.round(durationSeconds * 1e6) / 1e3,
      };
      const principal = principalIdOf(res);
      if (principal !== undefined) fields.principal = principal;
      if (res.locals.problemCode !== undefined) fields.code = res.locals.problemCode;
      if (aborted) fields.aborted = true;
      if (status >= 500) logger.error(fields, 'request');
      else if (res.locals[QUIET_ACCESS_LOG] === true) logger.debug(fields, 'request');
      else logger.info(fields, 'request');
    };
    res.once('finish', () => done('finish'));
    res.once('close', () => done('close'));

    runInRequestScope({ requestId, trace }, next);
  };
}
