import { fileURLToPath } from 'node:url';
import express, { type Router } from 'express';
import { buildDocsSite, REDOC_BUNDLE, SERVICE_LINKS } from '@charter/cli/docs';
import { QUIET_ACCESS_LOG } from '../observability/request-telemetry.ts';

/** The contract the service implements; the same file `charter generate` reads. */
export const SERVICE_CONTRACT = fileURLToPath(new URL('../../../contracts/openapi.yaml', import.meta.url));

const CONTENT_TYPES: Record<string, string> = {
  'index.html': 'text/html; charset=utf-8',
  'errors.html': 'text/html; charset=utf-8',
  'openapi.json': 'application/json; charset=utf-8',
  [REDOC_BUNDLE]: 'text/javascript; charset=utf-8',
};

/**
 * GET /docs (Redoc over the service's own contract), /docs/errors (the error catalogue, one
 * section per code at the fragment of its `type` URI), /docs/openapi.json and the Redoc bundle.
 * Rendered once, on the first request, by the same code as `charter docs`.
 */
export function docsRoutes(contractFile: string = SERVICE_CONTRACT): Router {
  let site: Map<string, string> | undefined;
  const files = () => (site ??= buildDocsSite(contractFile, SERVICE_LINKS).files);
  const router = express.Router();
  const serve = (route: string, file: string) =>
    router.get(route, (_req, res) => {
      res.locals.operationId = 'docs';
      res.locals[QUIET_ACCESS_LOG] = true;
      // The pages change only with a deploy; a short cache keeps them fresh after one.
      res.setHeader('Cache-Control', 'public, max-age=300');
      res.setHeader('Content-Type', CONTENT_TYPES[file]!);
      res.send(files().get(file));
    });
  serve('/docs', 'index.html');
  serve('/docs/errors', 'errors.html');
  serve('/docs/openapi.json', 'openapi.json');
  serve(`/docs/${REDOC_BUNDLE}`, REDOC_BUNDLE);
  return router;
}
