/**
 * Declared 3xx responses through the generated SDK, over real HTTP: the SDK sends such an
 * operation with `redirect: 'manual'`, resolves to the declared 3xx itself (`ok`, its status,
 * `location`, its body read by the declared media type) and never goes to the other host; with
 * `followRedirects` it follows like fetch does; an operation that declares no 3xx is followed as
 * before; a browser's opaque redirect is reported as one. The types are checked by tsc.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { generateFiles, writeFiles } from '../../scripts/charter/commands/generate.ts';
import { REPO_ROOT } from '../support/cli.ts';
import { contractSdk, type ContractSdk } from './support/contract-sdk.ts';
import { json, startFaultServer, type FaultServer } from './support/fault-server.ts';

const CONTRACT = `
openapi: 3.1.0
info: { title: Redirects, version: 1.0.0 }
paths:
  /archive:
    get:
      operationId: downloadArchive
      responses:
        '302':
          description: the archive is on another host
          headers:
            Location: { required: true, schema: { type: string } }
  /data:
    get:
      operationId: getData
      responses:
        '307':
          description: where the data is
          content:
            application/json:
              schema: { $ref: '#/components/schemas/Moved' }
  /page:
    get:
      operationId: seeOther
      responses:
        '303':
          description: a page that says where to look
          content:
            text/html:
              schema: { type: string }
  /bytes:
    get:
      operationId: movedBytes
      responses:
        '301':
          description: bytes along with the redirect
          content:
            application/octet-stream:
              schema: { type: string, format: binary }
  /either:
    get:
      operationId: getEither
      responses:
        '200':
          description: here
          content:
            application/json:
              schema: { $ref: '#/components/schemas/Here' }
        '302':
          description: over there
  /plain:
    get:
      operationId: getPlain
      responses:
        '200':
          description: here, wherever the server sends the client first
          content:
            application/json:
              schema: { $ref: '#/components/schemas/Here' }
components:
  schemas:
    Moved:
      type: object
      required: [redirect_to]
      properties:
        redirect_to: { type: string }
    Here:
      type: object
      required: [here]
      properties:
        here: { type: boolean }
`;

let sdk: ContractSdk;
let stub: FaultServer;
let elsewhere: FaultServer;

beforeAll(async () => {
  [sdk, stub, elsewhere] = await Promise.all([contractSdk('redirects', CONTRACT), startFaultServer(), startFaultServer({ fallback: json(200, { here: true }) })]);
}, 120_000);
afterAll(async () => {
  await Promise.all([stub.close(), elsewhere.close()]);
  sdk.cleanup();
});
afterEach(() => {
  stub.reset();
  elsewhere.reset();
});

const redirect = (status: number, headers: Record<string, string>, rawBody?: string) => ({ type: 'respond' as const, status, headers, ...(rawBody === undefined ? {} : { rawBody }) });

function client(options: Record<string, unknown> = {}) {
  return sdk.createApiClient({ baseUrl: stub.origin, retry: false, ...options });
}

describe('a declared 3xx is the result', () => {
  it('a 302 to another host: resolves to the 302 with its Location, and the other host is never asked', async () => {
    stub.script(redirect(302, { location: `${elsewhere.origin}/archive.tar.gz`, 'content-type': 'text/html' }, '<a href="…">moved</a>'));
    const r = await client().downloadArchive!();
    expect(r).toMatchObject({ ok: true, status: 302, location: `${elsewhere.origin}/archive.tar.gz`, data: undefined, opaque: false, notModified: false });
    expect(stub.requests).toHaveLength(1);
    expect(elsewhere.requests).toHaveLength(0);
  });

  it('.orThrow resolves to the 302 as well: a declared 3xx is a success', async () => {
    stub.script(redirect(302, { location: 'https://codeload.example.invalid/archive.tar.gz' }));
    const r = await client().downloadArchive!.orThrow();
    expect(r.status).toBe(302);
    expect(r.location).toBe('https://codeload.example.invalid/archive.tar.gz');
  });

  it('a 307 with a JSON body: the body is parsed and shape-checked; a relative Location is resolved against the request URL', async () => {
    stub.script(json(307, { redirect_to: 'https://data.example.invalid/1' }, { location: '/v2/data' }));
    const r = await client().getData!();
    expect(r).toMatchObject({ ok: true, status: 307, data: { redirect_to: 'https://data.example.invalid/1' }, location: `${stub.origin}/v2/data` });
  });

  it('a 307 whose body is not the declared JSON is an invalid response, not a success', async () => {
    stub.script(redirect(307, { location: '/v2/data', 'content-type': 'application/json' }, 'moved'), json(307, { elsewhere: true }, { location: '/v2/data' }));
    const api = client();
    const notJson = await api.getData!();
    expect(notJson.ok).toBe(false);
    expect(notJson.error).toMatchObject({ kind: 'invalid-response', status: 307, message: 'getData 307: the body is not JSON', body: 'moved' });
    const wrongShape = await api.getData!();
    expect(wrongShape.error).toMatchObject({ kind: 'invalid-response', message: 'getData 307: body lacks required "redirect_to"' });
  });

  it('a 303 with a text/html body is read as text, a 301 with bytes as a Blob', async () => {
    stub.script(redirect(303, { location: '/elsewhere', 'content-type': 'text/html; charset=utf-8' }, '<p>see /elsewhere</p>'), redirect(301, { location: '/b', 'content-type': 'application/octet-stream' }, 'BYTES'));
    const api = client();
    const page = await api.seeOther!();
    expect(page).toMatchObject({ ok: true, status: 303, data: '<p>see /elsewhere</p>' });
    const bytes = await api.movedBytes!();
    expect(bytes.ok && bytes.status).toBe(301);
    expect(bytes.data).toBeInstanceOf(Blob);
    expect(await (bytes.data as Blob).text()).toBe('BYTES');
  });

  it('an undeclared 3xx is still an invalid response', async () => {
    stub.script(redirect(308, { location: '/x' }));
    const r = await client().getData!();
    expect(r.error).toMatchObject({ kind: 'invalid-response', status: 308, message: 'status 308 is not declared by getData' });
  });
});

describe('following', () => {
  it('an operation that declares no 3xx is followed by fetch, as before', async () => {
    stub.script(redirect(302, { location: `${elsewhere.origin}/plain` }));
    const r = await client().getPlain!();
    expect(r).toMatchObject({ ok: true, status: 200, data: { here: true } });
    expect(elsewhere.requests.map((q) => q.url)).toEqual(['/plain']);
  });

  it('followRedirects (client-wide, or per call) lets fetch follow a declared 3xx; the final answer is checked as declared', async () => {
    stub.script(redirect(302, { location: `${elsewhere.origin}/either` }), redirect(302, { location: `${elsewhere.origin}/either` }), redirect(302, { location: `${elsewhere.origin}/either` }));
    const following = client({ followRedirects: true });
    expect(await following.getEither!()).toMatchObject({ ok: true, status: 200, data: { here: true } });
    expect(await client().getEither!({ followRedirects: true })).toMatchObject({ ok: true, status: 200, data: { here: true } });
    // A per-call false wins over the client's true.
    expect(await following.getEither!({ followRedirects: false })).toMatchObject({ ok: true, status: 302, location: `${elsewhere.origin}/either` });
    expect(elsewhere.requests).toHaveLength(2);
  });

  it('the request fetch gets says manual for an operation with a declared 3xx, follow otherwise', async () => {
    const modes: string[] = [];
    stub.script(redirect(302, { location: '/x' }), json(200, { here: true }));
    const api = client({ fetch: (req: Request) => (modes.push(`${new URL(req.url).pathname} ${req.redirect}`), fetch(req)) });
    await api.downloadArchive!();
    await api.getPlain!();
    expect(modes).toEqual(['/archive manual', '/plain follow']);
  });
});

describe('in a browser', () => {
  it('an opaque redirect (what browsers give for redirect: manual) resolves to the lowest declared 3xx, opaque, without location', async () => {
    stub.script(redirect(302, { location: `${elsewhere.origin}/archive.tar.gz` }));
    // Node's fetch hands over the real 3xx; a browser's hides it. This is that response's shape:
    // type 'opaqueredirect', status 0, no headers, no body.
    const browserFetch = async (req: Request) => {
      await (await fetch(req)).arrayBuffer();
      const opaque = new Response(null, { status: 200 });
      Object.defineProperties(opaque, { type: { value: 'opaqueredirect' }, status: { value: 0 }, ok: { value: false } });
      return opaque;
    };
    const r = await client({ fetch: browserFetch }).downloadArchive!();
    expect(r).toMatchObject({ ok: true, status: 302, opaque: true, location: undefined, data: undefined });
  });
});

describe('types', () => {
  it('narrow a declared 3xx to its status, its typed body and location; a 2xx has no location (tsc)', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'charter-sdk-redirect-types-'));
    try {
      const { files } = await generateFiles([sdk.file], { importExtension: '.ts', root: REPO_ROOT });
      writeFiles(new Map([...files].filter(([f]) => f.startsWith('client/') || f.startsWith('errors/'))), path.join(dir, 'gen'));
      fs.writeFileSync(
        path.join(dir, 'use.ts'),
        `import { createApiClient } from './gen/client/charter.ts';
type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
const api = createApiClient({ baseUrl: 'http://127.0.0.1:1' });
export async function use(): Promise<void> {
  const archive = await api.downloadArchive();
  if (archive.ok) {
    const status: Equal<typeof archive.status, 302> = true;
    const location: Equal<typeof archive.location, string | undefined> = true;
    const data: Equal<typeof archive.data, undefined> = true;
    const opaque: Equal<typeof archive.opaque, boolean> = true;
    void [status, location, data, opaque];
  }
  const moved = await api.getData.orThrow();
  const body: Equal<typeof moved.data, { redirect_to: string }> = true;
  void body;
  const either = await api.getEither({ followRedirects: true });
  if (either.ok && either.status === 200) {
    const here: Equal<typeof either.data.here, boolean> = true;
    void here;
    // @ts-expect-error a 2xx result has no location
    void either.location;
  }
  if (either.ok && either.status === 302) {
    const location: Equal<typeof either.location, string | undefined> = true;
    void location;
  }
  const page = await api.seeOther.orThrow();
  const text: Equal<typeof page.data, string> = true;
  const bytes = await api.movedBytes.orThrow();
  const blob: Equal<typeof bytes.data, Blob> = true;
  void [text, blob];
  // @ts-expect-error getData declares 307, not 302
  if (moved.status === 302) void moved;
}
`,
      );
      const compilerOptions = {
        target: 'ES2023', module: 'ESNext', moduleResolution: 'bundler', lib: ['ES2023', 'DOM'], strict: true, noEmit: true,
        allowImportingTsExtensions: true, exactOptionalPropertyTypes: true, noUncheckedIndexedAccess: true, skipLibCheck: true, types: [],
      };
      fs.writeFileSync(path.join(dir, 'tsconfig.json'), JSON.stringify({ compilerOptions, include: ['use.ts'] }));
      const out = await promisify(execFile)(path.join(REPO_ROOT, 'node_modules/.bin/node'), [path.join(REPO_ROOT, 'node_modules/typescript/bin/tsc'), '-p', dir], { encoding: 'utf8' }).then(
        () => '',
        (e: { stdout?: string; message: string }) => e.stdout || e.message,
      );
      expect(out).toBe('');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});
