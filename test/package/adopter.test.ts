/**
 * Charter as another team gets it: the toolchain packed with `npm pack`, installed from the
 * tarball with production dependencies only into a fresh project outside this repository, then
 * `charter init`, `charter generate`, a small Express service and an SDK script written against
 * the scaffold, built with plain `tsc` (NodeNext and the strict flags) and run for real.
 *
 * Packages come from npm's local cache (`--prefer-offline`): `npm ci` of this repository has
 * already fetched every one of them, so the test needs no registry round trips on a warm machine.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const TOOLCHAIN = path.join(REPO, 'scripts/charter');
// Node 24 from the repo's node@24 devDependency: the toolchain declares engines >= 22.18.
const NODE = process.execPath;
const NPM_ENV = { ...process.env, npm_config_prefer_offline: 'true', npm_config_audit: 'false', npm_config_fund: 'false', npm_config_update_notifier: 'false' };

let work: string;
let project: string;
let tarball: string;
let server: ChildProcess | undefined;

async function sh(cmd: string, args: string[], cwd: string, timeout = 240_000): Promise<{ stdout: string; stderr: string }> {
  try {
    return await run(cmd, args, { cwd, env: NPM_ENV, timeout, maxBuffer: 64 * 1024 * 1024 });
  } catch (e) {
    const err = e as { stdout?: string; stderr?: string; message: string };
    throw new Error(`${cmd} ${args.join(' ')} failed in ${cwd}:\n${err.stdout ?? ''}\n${err.stderr ?? ''}\n${err.message}`);
  }
}

const charter = (args: string[]) => sh(NODE, [path.join(project, 'node_modules/@charter/cli/bin.mjs'), ...args], project);
const tsc = (args: string[]) => run(NODE, [path.join(project, 'node_modules/typescript/bin/tsc'), ...args], { cwd: project, timeout: 240_000 });

const SERVICE = `import express from 'express';
import { randomUUID } from 'node:crypto';
import { basePath, createRouter, type Handlers } from '../generated/server/index.js';
import { problems } from '../generated/errors/index.js';
import type { Note } from '../generated/server/index.js';

const notes = new Map<string, Note>();

const handlers: Handlers = {
  createNote({ body }) {
    const note: Note = { id: randomUUID(), text: body.text, createdAt: new Date().toISOString() };
    notes.set(note.id, note);
    return { status: 201, headers: { Location: \`\${basePath}/notes/\${note.id}\` }, body: note };
  },
  getNote({ path }) {
    const note = notes.get(path.noteId);
    return note ? { status: 200, body: note } : problems.noteNotFound({ noteId: path.noteId });
  },
  listNotes() {
    return { status: 200, body: { items: [...notes.values()], nextCursor: null } };
  },
  deleteNote({ path }) {
    if (!notes.delete(path.noteId)) return problems.noteNotFound({ noteId: path.noteId });
    return { status: 204 };
  },
};

const app = express();
app.use(createRouter(handlers, { context: () => ({}) })); // serves under basePath (/v1)
const listener = app.listen(0, '127.0.0.1', () => {
  const address = listener.address();
  if (address && typeof address === 'object') process.stdout.write(\`listening \${address.port}\\n\`);
});
`;

const SDK_SCRIPT = `import { createApiClient } from '../generated/client/charter.js';

const baseUrl = process.argv[2];
if (!baseUrl) throw new Error('usage: sdk-check BASE_URL');
const api = createApiClient({ baseUrl });
const created = await api.createNote({ body: { text: 'Buy milk' } });
if (!created.ok) throw new Error(\`createNote failed: \${JSON.stringify(created.error)}\`);
const fetched = await api.getNote({ path: { noteId: created.data.id } });
if (!fetched.ok) throw new Error(\`getNote failed: \${JSON.stringify(fetched.error)}\`);
const missing = await api.getNote({ path: { noteId: '00000000-0000-4000-8000-000000000000' } });
const missingCode = missing.ok ? 'none' : missing.error.code;
process.stdout.write(JSON.stringify({ id: created.data.id, text: fetched.data.text, missingCode }) + '\\n');
`;

const BAD_HANDLER = `import type { Handlers } from '../generated/server/index.js';

export const bad: Pick<Handlers, 'getNote'> = {
  getNote() {
    return { status: 418, body: { id: 'x', text: 'teapot', createdAt: '2026-01-01T00:00:00Z' } };
  },
};
`;

beforeAll(async () => {
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'charter-adopter-'));
  // npm pack runs the package's prepack (tsc into dist/) and writes the tarball here.
  const packed = await sh('npm', ['pack', '--json', '--pack-destination', work], TOOLCHAIN);
  const info = JSON.parse(packed.stdout) as Array<{ filename: string; files: Array<{ path: string }> }>;
  tarball = path.join(work, info[0]!.filename);
  fs.writeFileSync(path.join(work, 'files.json'), JSON.stringify(info[0]!.files.map((f) => f.path)));
  project = path.join(work, 'notes-api');
  fs.mkdirSync(project);
  fs.writeFileSync(path.join(project, 'package.json'), `${JSON.stringify({ name: 'notes-api', version: '1.0.0', private: true }, null, 2)}\n`);
  await sh('npm', ['install', '--omit=dev', tarball], project);
}, 600_000);

afterAll(async () => {
  server?.kill('SIGTERM');
  if (work) fs.rmSync(work, { recursive: true, force: true });
});

describe('the packed toolchain', () => {
  it('holds only what runs: compiled JavaScript, declarations, the runtime templates and the lint schemas', () => {
    const files = JSON.parse(fs.readFileSync(path.join(work, 'files.json'), 'utf8')) as string[];
    expect(files).toContain('dist/cli.js');
    expect(files).toContain('dist/cli.d.ts');
    expect(files).toContain('dist/emit/runtime/server-runtime.ts');
    expect(files).toContain('dist/lint/schemas/openapi-3.1.json');
    expect(files).toContain('bin.mjs');
    expect(files.filter((f) => /\.test\.|^service\/|^test\/|fixtures/.test(f))).toEqual([]);
    expect(files.filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts') && !f.startsWith('dist/emit/runtime/'))).toEqual([]);
    expect(files.filter((f) => !f.startsWith('dist/') && !['bin.mjs', 'README.md', 'package.json'].includes(f))).toEqual([]);
  });

  it('runs without tsx and without its devDependencies, and answers --help and --version', async () => {
    expect(fs.existsSync(path.join(project, 'node_modules/tsx'))).toBe(false);
    expect(fs.existsSync(path.join(project, 'node_modules/@pact-foundation/pact'))).toBe(false);
    const help = await charter(['--help']);
    for (const c of ['init', 'generate', 'lint', 'diff', 'can-i-deploy', 'verify', 'docs']) expect(help.stdout).toContain(c);
    const pkg = JSON.parse(fs.readFileSync(path.join(TOOLCHAIN, 'package.json'), 'utf8')) as { version: string };
    expect((await charter(['--version'])).stdout.trim()).toBe(pkg.version);
  });
});

describe('a new project: init, generate, build with plain tsc, run', () => {
  it('scaffolds the project and refuses to do it twice', async () => {
    const first = await charter(['init', '--title', 'Notes API']);
    for (const f of ['contracts/openapi.yaml', 'contracts/errors.yaml', 'charter.config.yaml', 'tsconfig.json']) {
      expect(fs.existsSync(path.join(project, f)), f).toBe(true);
    }
    expect(first.stdout).toContain('Next steps');
    expect(first.stdout).toMatch(/npm install .*express/);
    const pkg = JSON.parse(fs.readFileSync(path.join(project, 'package.json'), 'utf8')) as { type?: string; scripts: Record<string, string> };
    expect(pkg.type).toBe('module');
    expect(pkg.scripts.generate).toBe('charter generate');
    const again = await run(NODE, [path.join(project, 'node_modules/@charter/cli/bin.mjs'), 'init'], { cwd: project }).catch((e: { code: number; stderr: string }) => e);
    expect((again as { code: number }).code).toBe(2);
    expect((again as { stderr: string }).stderr).toContain('already');
  });

  it('lints the scaffold clean and generates from a sub-folder, finding the config by walking up', async () => {
    await charter(['lint', '--max-warnings', '0']);
    fs.mkdirSync(path.join(project, 'src'), { recursive: true });
    const r = await sh(NODE, [path.join(project, 'node_modules/@charter/cli/bin.mjs'), 'generate'], path.join(project, 'src'));
    expect(r.stdout + r.stderr).toMatch(/generated/);
    expect(fs.existsSync(path.join(project, 'generated/server/index.ts'))).toBe(true);
    expect(fs.existsSync(path.join(project, 'generated/client/charter.ts'))).toBe(true);
    expect(fs.existsSync(path.join(project, 'src/generated'))).toBe(false);
    await charter(['generate', '--check']);
  });

  it('names the optional package a command needs (redoc for docs) instead of crashing', async () => {
    const r = await run(NODE, [path.join(project, 'node_modules/@charter/cli/bin.mjs'), 'docs'], { cwd: project }).then(
      () => ({ code: 0, stderr: '' }),
      (e: { code: number; stderr: string }) => ({ code: e.code, stderr: e.stderr }),
    );
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('npm install --save-dev redoc');
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('builds a service and an SDK script with plain tsc (NodeNext, strict flags) and round-trips through them', async () => {
    await sh('npm', ['install', 'express@^5', 'express-openapi-validator@^5', 'ajv@^8', 'ajv-formats@^3'], project);
    await sh('npm', ['install', '--save-dev', 'typescript@^6', '@types/node@^22', '@types/express@^5'], project);
    fs.writeFileSync(path.join(project, 'src/main.ts'), SERVICE);
    fs.writeFileSync(path.join(project, 'src/sdk-check.ts'), SDK_SCRIPT);
    const built = await tsc(['-p', 'tsconfig.json']).catch((e: { stdout: string }) => ({ stdout: e.stdout, failed: true }));
    expect((built as { failed?: boolean }).failed ? (built as { stdout: string }).stdout : '').toBe('');

    server = spawn(NODE, ['dist/src/main.js'], { cwd: project, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    server.stderr!.on('data', (d) => (stderr += d));
    const port = await new Promise<number>((resolve, reject) => {
      let out = '';
      server!.stdout!.on('data', (d) => {
        out += d;
        const m = /listening (\d+)/.exec(out);
        if (m) resolve(Number(m[1]));
      });
      server!.once('exit', (code) => reject(new Error(`the service exited with ${code}: ${stderr}`)));
    });
    const r = await sh(NODE, ['dist/src/sdk-check.js', `http://127.0.0.1:${port}/v1`], project);
    const result = JSON.parse(r.stdout) as { id: string; text: string; missingCode: string };
    expect(result.text).toBe('Buy milk');
    expect(result.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(result.missingCode).toBe('NOTE_NOT_FOUND');
  });

  it('refuses, at compile time, a handler that returns a status the contract does not declare', async () => {
    fs.writeFileSync(path.join(project, 'src/bad.ts'), BAD_HANDLER);
    const r = await tsc(['-p', 'tsconfig.json', '--noEmit']).then(
      () => ({ failed: false, stdout: '' }),
      (e: { stdout: string }) => ({ failed: true, stdout: e.stdout }),
    );
    fs.rmSync(path.join(project, 'src/bad.ts'));
    expect(r.failed).toBe(true);
    expect(r.stdout).toMatch(/src\/bad\.ts\(\d+,\d+\): error TS/);
    expect(r.stdout).not.toMatch(/generated\//);
  });
});
