import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../service/src/app.ts';
import { connectDatabase } from '../../service/src/db/connection.ts';
import { listen, type RunningServer } from '../../service/src/http/server.ts';
import { createLogger } from '../../service/src/logger.ts';
import { catalogue } from '../../generated/errors/index.ts';
import { REPO_ROOT, runCharter } from '../support/cli.ts';

const sectionIds = (html: string) => [...html.matchAll(/<section id="([^"]+)" data-code="([^"]+)"/g)].map((m) => [m[2], m[1]]);

describe('API reference pages', () => {
  let running: RunningServer;
  let origin: string;
  // The docs never touch the database; a pool that cannot connect proves it.
  const db = connectDatabase({ url: 'postgres://postgres@127.0.0.1:1/unused', onConnectionError: () => {}, onKnexLog: () => {} });
  beforeAll(async () => {
    running = await listen(createApp({ db, logger: createLogger('error', () => {}), validateResponses: true, bodyLimitBytes: 1024 }), 0, '127.0.0.1');
    origin = `http://127.0.0.1:${running.port}`;
  });
  afterAll(async () => {
    await running?.close(1_000);
    await db.destroy();
  });

  it('serves Redoc at /docs from the service itself, with no asset from another origin', async () => {
    const res = await fetch(`${origin}/docs`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    const html = await res.text();
    expect(html).toContain('<script src="/docs/redoc.standalone.js"></script>');
    const external = [...html.matchAll(/<(?:script|link|img)[^>]+(?:src|href)="((?:https?:)?\/\/[^"]+)"/g)].map((m) => m[1]);
    expect(external).toEqual([]);
  });

  it('serves the Redoc bundle from node_modules, without its one CDN image', async () => {
    const res = await fetch(`${origin}/docs/redoc.standalone.js`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/javascript/);
    const bundle = fs.readFileSync(createRequire(import.meta.url).resolve('redoc/bundles/redoc.standalone.js'), 'utf8');
    const served = await res.text();
    expect(bundle).toContain('https://cdn.redoc.ly/');
    expect(served).not.toContain('https://cdn.redoc.ly/');
    expect(served.length).toBeGreaterThan(bundle.length - 500);
  });

  it('lists each operation\'s errors with links into the catalogue page', async () => {
    const html = await (await fetch(`${origin}/docs`)).text();
    const spec = JSON.parse(/<script id="charter-spec" type="application\/json">([^]*?)<\/script>/.exec(html)![1]!);
    const createUser = spec.paths['/users'].post;
    expect(createUser.operationId).toBe('createUser');
    expect(createUser.description).toContain('[`EMAIL_TAKEN`](/docs/errors#email-taken) | 409');
    expect(createUser.responses['409']).toBeDefined();
  });

  it('renders one section per catalogue code at the fragment of its type URI', async () => {
    const res = await fetch(`${origin}/docs/errors`);
    expect(res.status).toBe(200);
    const ids = new Map(sectionIds(await res.text()) as Array<[string, string]>);
    for (const entry of Object.values(catalogue)) {
      expect(ids.get(entry.code), entry.code).toBe(entry.type.split('#')[1]);
    }
    expect(ids.size).toBe(Object.keys(catalogue).length);
  });

  describe('charter docs', () => {
    let out: string;
    beforeAll(() => {
      out = fs.mkdtempSync(path.join(os.tmpdir(), 'charter-docs-'));
    });
    afterAll(() => fs.rmSync(out, { recursive: true, force: true }));

    it('writes the same pages as a static folder, with relative links and the expanded contract', async () => {
      const run = runCharter(['docs', '--out', out]);
      expect(run.status, run.stderr).toBe(0);
      expect(fs.readdirSync(out).sort()).toEqual(['errors.html', 'index.html', 'openapi.json', 'redoc.standalone.js']);
      expect(fs.readFileSync(path.join(out, 'openapi.json'), 'utf8')).toBe(fs.readFileSync(path.join(REPO_ROOT, 'generated/openapi.json'), 'utf8'));
      const index = fs.readFileSync(path.join(out, 'index.html'), 'utf8');
      expect(index).toContain('<script src="redoc.standalone.js"></script>');
      expect(index).toContain('](errors.html#email-taken)');
      const served = await (await fetch(`${origin}/docs/errors`)).text();
      expect(sectionIds(fs.readFileSync(path.join(out, 'errors.html'), 'utf8'))).toEqual(sectionIds(served));
    });

    it('exits 2 with a located message for a contract it cannot read', () => {
      const run = runCharter(['docs', 'contracts/missing.yaml', '--out', out]);
      expect(run.status).toBe(2);
      expect(run.stderr).toMatch(/contracts\/missing\.yaml/);
    });
  });
});
