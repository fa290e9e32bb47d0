import { randomUUID } from 'node:crypto';
import type { Express, NextFunction, Request, RequestHandler, Response } from 'express';
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

export interface RequestTelemetryOptions {
  logger: Logger;
  metrics: ServiceMetrics;
  /**
   * The operation the router matched, for requests it refused before naming one in
   * `res.locals.operationId` (validation, 413, 415). Label values must stay a bounded set, so
   * anything else is `unmatched`.
   */
  operationOf(res: Response): string | undefined;
}

/** Set by routes outside the contract (health, metrics, docs) so their access lines stay at debug level. */
export const QUIET_ACCESS_LOG = 'quietAccessLog';

function principalIdOf(res: Response): string | undefined {
  // Only the subject: never the token, and never the claims, which may hold personal data.
  const principal = res.locals.principal as { subject?: unknown; sub?: unknown } | undefined;
  const id = principal?.subject ?? principal?.sub;
  return typeof id === 'string' ? id : undefined;
}

/** A header as one string; a repeated header arrives joined by Node, or as an array for a few names. */
function headerValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value.join(', ') : value;
}

/**
 * Makes every JSON problem body the app sends (`res.json` with a 4xx/5xx status and a string
 * `code`) leave its catalogue code for the access line, so a 4xx can be explained from logs
 * alone. Installed once on the app's response prototype, not wrapped per request.
 */
export function recordProblemCodes(app: Express): void {
  const json = app.response.json;
  app.response.json = function recordingJson(this: Response, body: unknown) {
    if (this.statusCode >= 400 && body !== null && typeof body === 'object' && typeof (body as { code?: unknown }).code === 'string') {
      this.locals.problemCode = (body as { code: string }).code;
    }
    return json.call(this, body);
  };
}

/**
 * Mount first (and call `recordProblemCodes` on the app). Gives each request its id and trace context (request and response headers,
 * res.locals, the log scope), and when it ends writes ONE access line and the RED metrics.
 */
export function requestTelemetry(options: RequestTelemetryOptions): RequestHandler {
  const { logger, metrics } = options;
  return (req: Request, res: Response, next: NextFunction) => {
    const started = process.hrtime.bigint();
    const requestId = requestIdFor(headerValue(req.headers['x-request-id']));
    const trace: TraceContext = continueTrace(headerValue(req.headers.traceparent));
    const locals = res.locals;
    locals.requestId = requestId;
    locals.trace = trace;
    locals.traceparent = trace.traceparent;
    locals.logger = logger;
    res.setHeader('X-Request-Id', requestId);
    res.setHeader('traceparent', trace.traceparent);

    // One listener: Node emits 'close' on every response, after 'finish' when it was written
    // completely, alone when the client hung up first.
    res.once('close', () => {
      const durationSeconds = Number(process.hrtime.bigint() - started) / 1e9;
      const path = req.originalUrl.split('?')[0] ?? req.originalUrl;
      const operationId = (locals.operationId as string | undefined) ?? options.operationOf(res) ?? 'unmatched';
      // A client that hung up before the response was written leaves no status of ours: 499, as nginx logs it.
      const aborted = !res.writableFinished;
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
      if (locals.problemCode !== undefined) fields.code = locals.problemCode;
      if (aborted) fields.aborted = true;
      if (status >= 500) logger.error(fields, 'request');
      else if (locals[QUIET_ACCESS_LOG] === true) logger.debug(fields, 'request');
      else logger.info(fields, 'request');
    });

    runInRequestScope({ requestId, trace }, next);
  };
}
