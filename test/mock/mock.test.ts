/**
 * `charter mock` on the project's contract and on a fixture with named examples: it serves under
 * the first server's path, on the generated router (so requests are refused exactly as the
 * generated server refuses them), answers from examples or seeded generated values, honours
 * Prefer, checks credentials for presence, answers CORS preflights, and starts and stops as a CLI.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMock, type MockServer } from '../../scripts/charter/mock/server.ts';
import { buildMock, contractHash } from '../../scripts/charter/mock/build.ts';
import { REPO_ROOT, runCharter } from '../support/cli.ts';

const CONTRACT = path.join(REPO_ROOT, 'contracts/openapi.yaml');
const EXAMPLES = path.join(REPO_ROOT, 'test/mock/fixtures/examples.yaml');
const USER = '0b4a4f5e-8a4e-4c8e-9a43-1f6f0c1d2e3f';
const BEARER = { authorization: 'Bearer anything' };

async function get(url: string, headers: Record<string, string> = {}, method = 'GET'): Promise<{ status: number; headers: Headers; body: any }> {
  const r = await fetch(url, { method, headers });
  const text = await r.text();
  return { status: r.status, headers: r.headers, body: text ? JSON.parse(text) : undefined };
}

describe('charter mock on contracts/openapi.yaml', () => {
  let mock: MockServer;
  beforeAll(async () => {
    mock = await startMock({ contract: CONTRACT, projectRoot: REPO_ROOT, port: 0, quiet: true });
  });
  afterAll(() => mock?.close());

  it('serves every operation under the first server path', () => {
    expect(mock.basePath).toBe('/v1');
    expect(mock.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/v1$/);
    expect(mock.operations.map((o) => o.operationId).sort()).toEqual(['createUser', 'deleteUser', 'getUser', 'getUserProfile', 'listUsers', 'replaceUserPreferences', 'updateUser']);
  });

  it('answers 401 problem+json without the bearer token, with any token accepted', async () => {
    const none = await get(`${mock.url}/users/${USER}`);
    expect(none.status).toBe(401);
    expect(none.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(none.headers.get('www-authenticate')).toBe('Bearer');
    expect(none.body).toMatchObject({ status: 401, code: 'UNAUTHENTICATED', detail: expect.stringContaining('Authorization: Bearer') });
    expect((await get(`${mock.url}/users/${USER}`, { authorization: 'Bearer x' })).status).toBe(200);
    expect((await get(`${mock.url}/users/${USER}`, { authorization: 'Basic eDp5' })).status).toBe(401);
  });

  it('answers from the example, with the declared header, and the response passes validation', async () => {
    const r = await get(`${mock.url}/users/${USER}`, BEARER);
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ email: 'ada@example.com', displayName: 'Ada Lovelace' });
    expect(r.headers.get('etag')).toBeTruthy();
    expect(mock.violations).toEqual([]);
  });

  it('refuses requests exactly as the generated server does', async () => {
    const bad = await get(`${mock.url}/users/not-a-uuid`, BEARER);
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({ code: 'VALIDATION_FAILED', errors: [expect.objectContaining({ location: 'path/userId' })] });
    const missing = await fetch(`${mock.url}/users/${USER}`, { method: 'PATCH', headers: { ...BEARER, 'content-type': 'application/merge-patch+json' }, body: '{"displayName":"x"}' });
    expect(missing.status).toBe(428);
    expect((await get(`${mock.url}/nope`, BEARER)).body).toMatchObject({ code: 'ROUTE_NOT_FOUND' });
    const method = await get(`${mock.url}/users`, BEARER, 'PUT');
    expect(method.status).toBe(405);
    expect(method.headers.get('allow')).toBe('GET, POST');
  });

  it('answers a declared error status for Prefer: code=404, as the catalogue describes it', async () => {
    const r = await get(`${mock.url}/users/${USER}`, { ...BEARER, prefer: 'code=404' });
    expect(r.status).toBe(404);
    expect(r.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(r.body).toMatchObject({ status: 404, code: 'USER_NOT_FOUND', type: '/docs/errors#user-not-found', title: expect.any(String) });
    expect(mock.violations).toEqual([]);
  });

  it('refuses a Prefer: code the operation does not declare, saying which it declares', async () => {
    const r = await get(`${mock.url}/users/${USER}`, { ...BEARER, prefer: 'code=418' });
    expect(r.status).toBe(400);
    expect(r.body).toMatchObject({ code: 'MOCK_PREFER_UNSATISFIABLE', detail: expect.stringMatching(/code=418 .*declares 200, 304, 400/) });
  });

  it('generates a schema value for Prefer: dynamic=true, deterministic by seed', async () => {
    const a = await get(`${mock.url}/users/${USER}`, { ...BEARER, prefer: 'dynamic=true' });
    expect(a.status).toBe(200);
    expect(a.body.email).not.toBe('ada@example.com');
    expect((await get(`${mock.url}/users/${USER}`, { ...BEARER, prefer: 'dynamic=true' })).body).toEqual(a.body);
    const other = await startMock({ contract: CONTRACT, projectRoot: REPO_ROOT, port: 0, seed: 'another', quiet: true });
    try {
      const b = await get(`${other.url}/users/${USER}`, { ...BEARER, prefer: 'dynamic=true' });
      expect(b.status).toBe(200);
      expect(b.body).not.toEqual(a.body);
    } finally {
      await other.close();
    }
    expect(mock.violations).toEqual([]);
  });

  it('answers CORS preflights and allows any origin, exposing the declared headers', async () => {
    const pre = await fetch(`${mock.url}/users`, { method: 'OPTIONS', headers: { origin: 'http://app.example', 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization, idempotency-key' } });
    expect(pre.status).toBe(204);
    expect(pre.headers.get('access-control-allow-origin')).toBe('*');
    expect(pre.headers.get('access-control-allow-methods')).toContain('POST');
    expect(pre.headers.get('access-control-allow-headers')).toBe('authorization, idempotency-key');
    const r = await fetch(`${mock.url}/users/${USER}`, { headers: { ...BEARER, origin: 'http://app.example' } });
    expect(r.headers.get('access-control-allow-origin')).toBe('*');
    expect(r.headers.get('access-control-expose-headers')).toContain('ETag');
  });
});

describe('charter mock on a contract with named examples and optional security', () => {
  let mock: MockServer;
  beforeAll(async () => {
    mock = await startMock({ contract: EXAMPLES, projectRoot: REPO_ROOT, port: 0, quiet: true });
  });
  afterAll(() => mock?.close());

  it('serves under the path of an absolute server URL', () => {
    expect(mock.basePath).toBe('/api/v3');
  });

  it('answers the first example, or the one Prefer: example= names, and refuses an unknown name', async () => {
    const key = { 'x-api-key': 'k' };
    expect((await get(`${mock.url}/pets/1`, key)).body).toEqual({ id: 1, name: 'Rex', status: 'available', tag: 'dog' });
    const tom = await get(`${mock.url}/pets/1`, { ...key, prefer: 'example=tom' });
    expect(tom.body).toEqual({ id: 2, name: 'Tom', status: 'sold', tag: null });
    expect(tom.headers.get('x-rate-remaining')).toMatch(/^\d+$/);
    const unknown = await get(`${mock.url}/pets/1`, { ...key, prefer: 'example=felix' });
    expect(unknown.status).toBe(400);
    expect(unknown.body.detail).toMatch(/its examples: rex, tom/);
    expect((await get(`${mock.url}/pets/1`, { ...key, prefer: 'code=404' })).body).toEqual({ message: 'no such pet' });
  });

  it('checks an apiKey header for presence and takes {} as optional security', async () => {
    const none = await get(`${mock.url}/pets/1`);
    expect(none.status).toBe(401);
    expect(none.body.detail).toContain('header X-Api-Key (key)');
    const list = await get(`${mock.url}/pets?limit=2`);
    expect(list.status).toBe(200);
    expect(Array.isArray(list.body)).toBe(true);
    expect((await get(`${mock.url}/pets?limit=9`)).status).toBe(400);
    expect(mock.violations).toEqual([]);
  });
});

describe('the cached bindings', () => {
  it('are generated once per contract content and regenerated when a file of the contract changes', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'charter-mock-cache-'));
    try {
      const file = path.join(dir, 'api.yaml');
      fs.copyFileSync(EXAMPLES, file);
      const cacheDir = path.join(dir, 'cache');
      const first = await buildMock(file, { projectRoot: REPO_ROOT, cacheDir });
      expect(first.generated).toBe(true);
      expect(fs.existsSync(path.join(first.dir, 'server/index.js'))).toBe(true);
      const again = await buildMock(file, { projectRoot: REPO_ROOT, cacheDir });
      expect(again).toMatchObject({ generated: false, dir: first.dir, hash: first.hash });
      fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace('maxLength: 40', 'maxLength: 41'));
      expect(contractHash(file)).not.toBe(first.hash);
      const changed = await buildMock(file, { projectRoot: REPO_ROOT, cacheDir });
      expect(changed.generated).toBe(true);
      expect(changed.dir).not.toBe(first.dir);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('charter mock as a command', () => {
  it('prints the base URL and the operations, serves, and stops cleanly on SIGTERM', async () => {
    const child = spawn(path.join(REPO_ROOT, 'node_modules/.bin/node'), [path.join(REPO_ROOT, 'scripts/charter/bin.mjs'), 'mock', EXAMPLES, '--port', '0', '--seed', 's1'], { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stderr.on('data', (d) => (err += d));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    const url = await new Promise<string>((resolve, reject) => {
      child.stdout.on('data', (d) => {
        out += d;
        const m = /at (http:\/\/\S+) /.exec(out);
        if (m && out.includes('Ctrl-C stops')) resolve(m[1]!);
      });
      child.on('exit', () => reject(new Error(`mock exited early: ${out}${err}`)));
    });
    expect(url).toMatch(/\/api\/v3$/);
    expect(out).toMatch(/2 operations:/);
    expect(out).toMatch(/GET\s+\/api\/v3\/pets\/\{petId\}\s+getPet/);
    expect((await get(`${url}/pets`)).status).toBe(200);
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(out).toContain('charter mock: stopped (SIGTERM)');
  });

  it('refuses an AsyncAPI contract and a contract generate refuses, with exit 2 and the location', () => {
    const asyncapi = runCharter(['mock', path.join(REPO_ROOT, '../shared/corpus/asyncapi/rpc-server.3.0.yml'), '--port', '0']);
    expect(asyncapi.status).toBe(2);
    expect(asyncapi.stderr).toMatch(/rpc-server\.3\.0\.yml: error: not an OpenAPI document/);
    const invalid = runCharter(['mock', path.join(REPO_ROOT, 'test/lint/fixtures/path-params.bad.yaml'), '--port', '0']);
    expect(invalid.status).toBe(2);
    expect(invalid.stderr).toMatch(/path-params\.bad\.yaml:\d+:\d+: error: GET \/users\/\{userId\} uses path parameter \{userId\}/);
  });

  it('says which package to install when the project cannot run the generated server', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'charter-mock-bare-'));
    try {
      fs.copyFileSync(EXAMPLES, path.join(dir, 'api.yaml'));
      const r = runCharter(['mock', 'api.yaml', '--port', '0'], { cwd: dir });
      expect(r.status).toBe(2);
      expect(r.stderr).toContain('`charter mock` needs the package express@^5, which is not installed.');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses a port that is not a number, with exit 2', async () => {
    const child = spawn(path.join(REPO_ROOT, 'node_modules/.bin/node'), [path.join(REPO_ROOT, 'scripts/charter/bin.mjs'), 'mock', EXAMPLES, '--port', 'http'], { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let err = '';
    child.stderr.on('data', (d) => (err += d));
    const code = await new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)));
    expect(code).toBe(2);
    expect(err).toContain('--port must be a number');
  });
});
