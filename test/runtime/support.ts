/**
 * Contracts generated for the runtime tests: `charter generate` into node_modules/.cache (so the
 * generated code resolves express and ajv as the project does), imported, and served on an
 * ephemeral port by an Express app whose handlers record what they were given.
 */
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import express from 'express';
import { pathToFileURL } from 'node:url';
import { generateFiles, writeFiles } from '../../scripts/charter/commands/generate.ts';
import { REPO_ROOT } from '../support/cli.ts';

const CACHE = path.join(REPO_ROOT, 'node_modules/.cache/charter-runtime-tests');

export interface GeneratedServer {
  dir: string;
  doc: Record<string, any>;
  server: {
    basePath: string;
    operations: Array<{ operationId: string; method: string; path: string }>;
    createRouter(handlers: Record<string, (input: any) => unknown>, options: Record<string, unknown>): express.Router;
  };
  validators: { requestPlans: Record<string, any> };
}

/** Generate a contract's server bindings (with `.ts` imports) and import them. */
export async function generateServer(contract: string, name: string): Promise<GeneratedServer> {
  const dir = path.join(CACHE, name);
  const { files } = await generateFiles([contract], { importExtension: '.ts' });
  fs.rmSync(dir, { recursive: true, force: true });
  writeFiles(files, dir);
  const server = await import(pathToFileURL(path.join(dir, 'server/index.ts')).href);
  const validators = await import(pathToFileURL(path.join(dir, 'server/validators.ts')).href);
  return { dir, doc: JSON.parse(files.get('openapi.json')!), server, validators };
}

export interface Recorded {
  operationId: string;
  input: any;
}

export interface RunningApp {
  url: string;
  calls: Recorded[];
  close(): Promise<void>;
}

/**
 * For tests of routing and validation, not of security: a middleware that gives every request a
 * credential in each header a scheme of the contract reads (when it has none), and verifiers that
 * accept any credential.
 */
export function acceptAnyCredential(doc: Record<string, any>): { middleware: express.RequestHandler; security: Record<string, () => boolean> } {
  const schemes: Record<string, any> = doc.components?.securitySchemes ?? {};
  const middleware: express.RequestHandler = (req, _res, next) => {
    for (const def of Object.values(schemes)) {
      if (def?.type === 'apiKey' && def.in === 'header') req.headers[String(def.name).toLowerCase()] ??= 'test-key';
      else if (def?.type === 'http' && String(def.scheme).toLowerCase() === 'basic') req.headers.authorization ??= 'Basic dGVzdDp0ZXN0';
      else if (def?.type === 'http' || def?.type === 'oauth2' || def?.type === 'openIdConnect') req.headers.authorization ??= 'Bearer test-token';
    }
    next();
  };
  return { middleware, security: Object.fromEntries(Object.keys(schemes).map((name) => [name, () => true])) };
}

/**
 * Serve the generated router with handlers that record their input and answer `respond(operationId)`
 * (default: 204 without a body, so no response schema gets in the way).
 */
export async function serve(
  gen: GeneratedServer,
  options: Record<string, unknown> = {},
  respond: (operationId: string, input: any) => unknown = () => ({ status: 204 }),
): Promise<RunningApp> {
  const calls: Recorded[] = [];
  const handlers: Record<string, (input: any) => unknown> = {};
  for (const op of gen.server.operations) {
    handlers[op.operationId] = (input: any) => {
      calls.push({ operationId: op.operationId, input });
      return respond(op.operationId, input);
    };
  }
  const app = express();
  // These tests are about routing and validation: unless a test brings its own verifiers
  // (test/runtime/security.test.ts does), every request carries a credential in each header a
  // scheme reads, and every scheme accepts any credential.
  const anyCredential = acceptAnyCredential(gen.doc);
  if (options['security'] === undefined) app.use(anyCredential.middleware);
  app.use(gen.server.createRouter(handlers, { context: () => ({}), validateResponses: true, security: anyCredential.security, ...options }));
  const srv = http.createServer(app);
  await new Promise<void>((resolve) => srv.listen(0, '127.0.0.1', resolve));
  const port = (srv.address() as { port: number }).port;
  return {
    url: `http://127.0.0.1:${port}${gen.server.basePath}`,
    calls,
    close: () => new Promise<void>((resolve) => {
      srv.closeAllConnections();
      srv.close(() => resolve());
    }),
  };
}
