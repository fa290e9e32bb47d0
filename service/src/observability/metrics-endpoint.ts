import { timingSafeEqual, createHash } from 'node:crypto';
import express, { type Router } from 'express';
import type { ServiceMetrics } from './metrics.ts';
import { QUIET_ACCESS_LOG } from './request-telemetry.ts';

export interface MetricsEndpointOptions {
  /** When set, scrapes must send `Authorization: Bearer <token>`. */
  token?: string;
}

function sameSecret(given: string, expected: string): boolean {
  // Hash first: timingSafeEqual needs equal lengths, and comparing lengths would leak the token's.
  const a = createHash('sha256').update(given).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b);
}

/** GET /metrics in the Prometheus text format. */
export function metricsRoutes(metrics: ServiceMetrics, options: MetricsEndpointOptions = {}): Router {
  const router = express.Router();
  router.get('/metrics', async (req, res, next) => {
    res.locals.operationId = 'metrics';
    res.locals[QUIET_ACCESS_LOG] = true;
    if (options.token !== undefined) {
      const match = /^Bearer (.+)$/i.exec(req.get('authorization') ?? '');
      if (!match?.[1] || !sameSecret(match[1], options.token)) {
        res.status(401).setHeader('WWW-Authenticate', 'Bearer realm="metrics"').type('text/plain').send('metrics require a bearer token\n');
        return;
      }
    }
    try {
      const { contentType, body } = await metrics.render();
      res.setHeader('Cache-Control', 'no-store');
      res.type(contentType).send(body);
    } catch (err) {
      next(err);
    }
  });
  return router;
}
