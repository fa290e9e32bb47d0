import express, { type Router } from 'express';
import { problems } from '../../../generated/errors/index.ts';
import { QUIET_ACCESS_LOG } from '../observability/request-telemetry.ts';
import type { Readiness } from './readiness.ts';

/**
 * GET /healthz (liveness: the event loop answers) and GET /readyz (readiness: every registered
 * check passes and the process is not shutting down). A not-ready answer is a 503
 * SERVICE_UNAVAILABLE problem that lists each check, so an operator sees which dependency failed.
 */
export function healthRoutes(readiness: Readiness): Router {
  const router = express.Router();
  router.get('/healthz', (_req, res) => {
    res.locals.operationId = 'healthz';
    res.locals[QUIET_ACCESS_LOG] = true;
    res.setHeader('Cache-Control', 'no-store');
    res.status(200).json({ status: 'ok' });
  });
  router.get('/readyz', async (req, res) => {
    res.locals.operationId = 'readyz';
    res.locals[QUIET_ACCESS_LOG] = true;
    res.setHeader('Cache-Control', 'no-store');
    const report = await readiness.report();
    if (report.ready) {
      const degraded = report.checks.some((c) => c.degraded !== undefined);
      res.status(200).json({ status: degraded ? 'degraded' : 'ready', checks: report.checks });
      return;
    }
    const failing = report.checks.filter((c) => !c.ok).map((c) => `${c.name}: ${c.reason}`);
    const detail = report.shuttingDown ? 'The service is shutting down.' : `Not ready: ${failing.join('; ')}.`;
    const problem = problems.serviceUnavailable({ detail, headers: { 'Retry-After': '5' } });
    res
      .status(503)
      .setHeader('Retry-After', '5')
      .type('application/problem+json')
      .json({
        ...problem.body,
        instance: req.path,
        requestId: res.locals.requestId as string,
        status: 503,
        shuttingDown: report.shuttingDown,
        checks: report.checks,
      });
  });
  return router;
}
