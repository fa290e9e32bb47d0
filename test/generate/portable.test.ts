/**
 * Generated code in a project that is not this repository: an ESM package ("type": "module") in
 * the system temp folder, its node_modules linked to the repository's so express, ajv, nats,
 * typescript and the @types resolve as they would after `npm install`.
 *
 * It must type-check under NodeNext and under bundler resolution with strict and the stricter
 * flags, run after a plain `tsc` build (JavaScript in an outDir, nothing copied by hand), and,
 * generated with `importExtension: .ts`, run under Node's own type stripping. One temp project
 * serves every case; each tsc run covers several generated folders at once.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateFiles, writeFiles } from '../../scripts/charter/commands/generate.ts';
import type { ImportExtension } from '../../scripts/charter/emit/config.ts';
import { CORPUS, REPO_ROOT, requireCorpus } from '../support/cli.ts';

const NODE = path.join(REPO_ROOT, 'node_modules/.bin/node');
const TSC = path.join(REPO_ROOT, 'node_modules/typescript/bin/tsc');
const USERS = ['contracts/openapi.yaml', 'contracts/asyncapi.yaml'].map((f) => path.join(REPO_ROOT, f));
requireCorpus();
const PETSTORE = path.join(CORPUS, 'openapi/oai-petstore-expanded.yaml');
const GITHUB = path.join(CORPUS, 'openapi/github-api.github.com.json');

const STRICT = {
  target: 'ES2023',
  strict: true,
  exactOptionalPropertyTypes: true,
  noUncheckedIndexedAccess: true,
  noPropertyAccessFromIndexSignature: true,
  verbatimModuleSyntax: true,
  skipLibCheck: true,
  types: ['node'],
};
const NODENEXT = { ...STRICT, module: 'NodeNext', moduleResolution: 'NodeNext', lib: ['ES2023'] };
const BUNDLER = { ...STRICT, module: 'ESNext', moduleResolution: 'bundler', lib: ['ES2023', 'DOM'] };

let dir: string;

interface Run {
  code: number;
  out: string;
}

async function run(cmd: string, args: string[], timeout = 240_000): Promise<Run> {
  return promisify(execFile)(cmd, args, { cwd: dir, encoding: 'utf8', timeout, maxBuffer: 64 * 1024 * 1024 }).then(
    (r) => ({ code: 0, out: r.stdout + r.stderr }),
    (e: { code?: number; stdout?: string; stderr?: string; message: string }) => ({ code: typeof e.code === 'number' ? e.code : 1, out: `${e.stdout ?? ''}${e.stderr ?? ''}` || e.message }),
  );
}

async function tsc(name: string, compilerOptions: object, include: string[]): Promise<Run> {
  fs.writeFileSync(path.join(dir, `tsconfig.${name}.json`), JSON.stringify({ compilerOptions, include }, null, 2));
  return run(NODE, [TSC, '-p', `tsconfig.${name}.json`]);
}

async function generate(contracts: string[], out: string, importExtension: ImportExtension): Promise<void> {
  const { files } = await generateFiles(contracts, { importExtension, root: REPO_ROOT });
  writeFiles(files, path.join(dir, out));
}

/** A service and a client of the users contract in one process: one HTTP round trip each way, and one event. */
function usersApp(gen: string, x: ImportExtension): string {
  return `import express from 'express';
import type { AddressInfo } from 'node:net';
import { basePath, createRouter, type Handlers } from '../${gen}/server/index${x}';
import { problems } from '../${gen}/errors/index${x}';
import { createApiClient, isProblem } from '../${gen}/client/charter${x}';
import { createEventBuilder, inProcessTransport, type OutgoingEvent } from '../${gen}/events/index${x}';

const ada = { id: '0b9c4a3e-5d1f-4c7a-9e2b-7f1d2c3b4a51', displayName: 'Ada Lovelace', locale: 'en-GB', status: 'active', version: 1, createdAt: '2026-01-02T03:04:05.000Z', updatedAt: '2026-01-02T03:04:05.000Z' } as const;

const handlers: Handlers = {
  getUser: ({ path }) => (path.userId === ada.id ? { status: 200, headers: { ETag: '"1"' }, body: ada } : problems.userNotFound({ userId: path.userId })),
  createUser: () => problems.internal(),
  deleteUser: () => problems.internal(),
  getUserProfile: () => problems.internal(),
  listUsers: () => problems.internal(),
  replaceUserPreferences: () => problems.internal(),
  updateUser: () => problems.internal(),
};

const app = express();
app.use(createRouter(handlers, { context: () => ({}), security: { bearerAuth: (token) => token === 'token' } }));
const server = app.listen(0, '127.0.0.1');
await new Promise((resolve) => server.once('listening', resolve));
const { port } = server.address() as AddressInfo;
const api = createApiClient({ baseUrl: \`http://127.0.0.1:\${port}\${basePath}\`, auth: 'token', retry: false });
const found = await api.getUser({ path: { userId: ada.id } });
const missing = await api.getUser({ path: { userId: '0b9c4a3e-5d1f-4c7a-9e2b-7f1d2c3b4a52' } });
server.close();

const transport = inProcessTransport();
const seen: OutgoingEvent[] = [];
const event = createEventBuilder().publishUserCreated(
  { userId: ada.id },
  { userId: ada.id, email: 'ada@example.com', displayName: ada.displayName, locale: ada.locale, version: 1, createdAt: ada.createdAt },
  { type: 'dev.charter.users.user.created.v1', source: '/charter/users', subject: ada.id },
);
seen.push(event);
await transport.publish(event);
await transport.close();

process.stdout.write(JSON.stringify({
  found: found.ok ? (found.data?.displayName ?? null) : null,
  etag: found.ok ? found.etag : null,
  missing: !missing.ok && isProblem(missing.error, 'USER_NOT_FOUND') ? missing.error.userId : null,
  event: seen[0]?.subject ?? null,
}) + '\\n');
`;
}

const EXPECTED = { found: 'Ada Lovelace', etag: '"1"', missing: '0b9c4a3e-5d1f-4c7a-9e2b-7f1d2c3b4a52', event: 'users.0b9c4a3e-5d1f-4c7a-9e2b-7f1d2c3b4a51.created' };

/** A handler returning 418, which getUser does not declare. */
const BAD_HANDLER = `import type { Handlers } from '../users-js/server/index.js';
export const bad: Pick<Handlers, 'getUser'> = {
  getUser: () => ({ status: 418, body: undefined }),
};
`;

/** Petstore (no catalogue, absolute server URL): the handlers and the SDK type-check and agree at run time. */
const PETSTORE_APP = `import express from 'express';
import type { AddressInfo } from 'node:net';
import { createRouter, type Handlers } from '../petstore/server/index.js';
import { createApiClient } from '../petstore/client/charter.js';

const handlers: Handlers = {
  findPets: ({ query }) => ({ status: 200, body: [{ id: 1, name: 'Rex', ...(query.tags?.[0] !== undefined && { tag: query.tags[0] }) }] }),
  addPet: ({ body }) => ({ status: 200, body: { id: 2, ...body } }),
  findPetById: ({ path }) => ({ status: 200, body: { id: path.id, name: 'Rex' } }),
  deletePet: () => ({ status: 204 }),
};
const app = express();
app.use(createRouter(handlers, { context: () => ({}) }));
const server = app.listen(0, '127.0.0.1');
await new Promise((resolve) => server.once('listening', resolve));
const { port } = server.address() as AddressInfo;
const api = createApiClient({ baseUrl: \`http://127.0.0.1:\${port}/api\`, retry: false });
const pets = await api.findPets({ query: { tags: ['dog'] } });
server.close();
process.stdout.write(JSON.stringify(pets.ok ? pets.data : pets.error) + '\\n');
`;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'charter-portable-'));
  fs.writeFileSync(path.join(dir, 'package.json'), `${JSON.stringify({ name: 'adopter', private: true, type: 'module' })}\n`);
  fs.symlinkSync(path.join(REPO_ROOT, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
  await generate(USERS, 'users-js', '.js');
  await generate(USERS, 'users-ts', '.ts');
  await generate([PETSTORE], 'petstore', '.js');
  await generate([GITHUB], 'github', '.js');
  fs.mkdirSync(path.join(dir, 'src'));
  fs.mkdirSync(path.join(dir, 'src-ts'));
  fs.mkdirSync(path.join(dir, 'src-bad'));
  fs.writeFileSync(path.join(dir, 'src/users-app.ts'), usersApp('users-js', '.js'));
  fs.writeFileSync(path.join(dir, 'src/petstore-app.ts'), PETSTORE_APP);
  fs.writeFileSync(path.join(dir, 'src-ts/users-app.ts'), usersApp('users-ts', '.ts'));
  fs.writeFileSync(path.join(dir, 'src-bad/bad.ts'), BAD_HANDLER);
}, 120_000);

afterAll(() => {
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

describe('generated code in a strict ESM project outside the repository', () => {
  it('type-checks under NodeNext (strict + the stricter flags) and runs after a plain tsc build', async () => {
    const r = await tsc('nodenext', { ...NODENEXT, outDir: 'dist', rootDir: '.' }, ['users-js', 'petstore', 'github', 'src']);
    expect(r.out).toBe('');
    expect(r.code).toBe(0);
    // Nothing but tsc's output: no openapi.json beside the server, no loader.
    expect(fs.existsSync(path.join(dir, 'dist/users-js/openapi.json'))).toBe(false);
    const users = await run(NODE, ['dist/src/users-app.js'], 30_000);
    expect(users.code, users.out).toBe(0);
    expect(JSON.parse(users.out)).toEqual(EXPECTED);
    const pets = await run(NODE, ['dist/src/petstore-app.js'], 30_000);
    expect(pets.code, pets.out).toBe(0);
    expect(JSON.parse(pets.out)).toEqual([{ id: 1, name: 'Rex', tag: 'dog' }]);
  }, 240_000);

  it('type-checks under bundler resolution (module ESNext) with the same flags', async () => {
    const r = await tsc('bundler', { ...BUNDLER, noEmit: true }, ['users-js', 'petstore', 'github', 'src']);
    expect(r.out).toBe('');
    expect(r.code).toBe(0);
  }, 240_000);

  it('with importExtension .ts: compiles with rewriteRelativeImportExtensions (NodeNext) and allowImportingTsExtensions (module Preserve), runs after tsc and under Node type stripping', async () => {
    const built = await tsc('nodenext-ts', { ...NODENEXT, rewriteRelativeImportExtensions: true, outDir: 'dist-ts', rootDir: '.' }, ['users-ts', 'src-ts']);
    expect(built.out).toBe('');
    expect(built.code).toBe(0);
    const preserve = await tsc('preserve-ts', { ...BUNDLER, module: 'Preserve', allowImportingTsExtensions: true, noEmit: true }, ['users-ts', 'src-ts']);
    expect(preserve.out).toBe('');
    expect(preserve.code).toBe(0);

    const afterTsc = await run(NODE, ['dist-ts/src-ts/users-app.js'], 30_000);
    expect(afterTsc.code, afterTsc.out).toBe(0);
    expect(JSON.parse(afterTsc.out)).toEqual(EXPECTED);
    const stripped = await run(NODE, ['src-ts/users-app.ts'], 30_000);
    expect(stripped.code, stripped.out).toBe(0);
    expect(JSON.parse(stripped.out)).toEqual(EXPECTED);
  }, 240_000);

  it('with the default .js, Node type stripping cannot resolve the imports (why .ts is a setting)', async () => {
    const r = await run(NODE, ['users-js/server/index.ts'], 30_000);
    expect(r.code).not.toBe(0);
    expect(r.out).toContain('ERR_MODULE_NOT_FOUND');
  }, 60_000);

  it('refuses, under NodeNext, a handler that returns a status the contract does not declare', async () => {
    const r = await tsc('bad', { ...NODENEXT, noEmit: true }, ['users-js', 'src-bad']);
    expect(r.code).not.toBe(0);
    expect(r.out).toMatch(/src-bad\/bad\.ts\(3,\d+\): error TS2322/);
    expect(r.out).toContain('418');
    // The error is the handler's, not the generated code's.
    expect(r.out).not.toMatch(/^users-js\//m);
  }, 240_000);
});
