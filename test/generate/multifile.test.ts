/**
 * `charter generate` on contracts split over several files. Every entry document of the public
 * multi-file corpus and the split fixture of test/loader go through the real CLI into a temp
 * folder; the outputs type-check in one tsc program (NodeNext, strict flags); each operation
 * has an SDK function and server types that are not `unknown`; openapi.json is the bundle,
 * with local `$ref`s only. The split fixture also goes through lint and diff against its
 * one-file twin. Then each way generate must fail (a broken `$ref`, a schema `$ref` that names
 * no schema, a hey-api error, an invalid contract) is checked for its exit code and its
 * located message, and an internal error for its name, message and location.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadContract, getPointer } from '../../scripts/charter/loader/load.ts';
import { bundleContract } from '../../scripts/charter/loader/bundle.ts';
import { listOperations, pickMediaType } from '../../scripts/charter/model/openapi.ts';
import { camelIdentifier, uniqueIdentifiers } from '../../scripts/charter/emit/typescript.ts';
import { emitClient, heyApiRequestFunctions, HeyApiError } from '../../scripts/charter/emit/client.ts';
import { checkClientCoverage } from '../../scripts/charter/commands/generate.ts';
import { ContractError } from '../../scripts/charter/loader/errors.ts';
import { CORPUS, REPO_ROOT, openApiRoots, requireCorpus, runCharter } from '../support/cli.ts';

const MULTIFILE = path.join(requireCorpus(), 'openapi-multifile');
const SPLIT = path.join(REPO_ROOT, 'test/loader/fixtures/split');
const TWIN = path.join(REPO_ROOT, 'test/loader/fixtures/split-twin.yaml');
const EVENTS = path.join(REPO_ROOT, 'test/generate/fixtures/split-events/asyncapi.yaml');
const EVENTS_TWIN = path.join(REPO_ROOT, 'test/generate/fixtures/split-events-twin.yaml');

// A temp project whose node_modules is the repository's, so generated code resolves express & co.
const TMP = fs.mkdtempSync(path.join(os.tmpdir(), 'charter-multifile-'));
fs.symlinkSync(path.join(REPO_ROOT, 'node_modules'), path.join(TMP, 'node_modules'), 'dir');
fs.writeFileSync(path.join(TMP, 'package.json'), '{"type":"module"}\n');
afterAll(() => fs.rmSync(TMP, { recursive: true, force: true }));

/** Every `$ref` in a document (data keys aside), with where it is written. */
function refsOf(node: unknown, at = ''): Array<{ ref: string; at: string }> {
  if (node === null || typeof node !== 'object') return [];
  const out: Array<{ ref: string; at: string }> = [];
  for (const [k, v] of Object.entries(node)) {
    if (k === '$ref' && typeof v === 'string') out.push({ ref: v, at });
    else if (!['example', 'examples', 'default', 'const', 'enum'].includes(k)) out.push(...refsOf(v, `${at}/${k}`));
  }
  return out;
}


const roots = openApiRoots(MULTIFILE);
const slug = (file: string) => path.relative(MULTIFILE, file).replace(/[^A-Za-z0-9]+/g, '_');

interface Output {
  name: string;
  contract: string;
  out: string;
  run: ReturnType<typeof runCharter>;
}
const outputs: Output[] = [];

/**
 * A type-level test beside an output: for each operation, the request body and every declared
 * response body of the server types must not be `unknown` (nor `any`), and the typed SDK must
 * have its method. It compiles only if that holds.
 */
function typeChecks(contract: string, out: string): { file: string; count: number } {
  const doc = bundleContract(loadContract(contract)).doc;
  const ops = listOperations(doc);
  const server = uniqueIdentifiers(ops.map((o) => o.operationId), camelIdentifier);
  const sdk = uniqueIdentifiers(ops.map((o) => o.operationId), camelIdentifier, ['orThrow', 'then']);
  const lines = [
    `import type * as Server from './server/index.js';`,
    `import type { ApiClient } from './client/charter.js';`,
    `type Known<T> = unknown extends T ? false : true;`,
  ];
  let n = 0;
  const hasSchema = (content: unknown): boolean => {
    const media = pickMediaType(content as Record<string, any> | undefined);
    const schema = media ? (content as Record<string, { schema?: unknown }>)[media]?.schema : undefined;
    return !!schema && typeof schema === 'object' && Object.keys(schema).length > 0;
  };
  const deref = (v: any): any => (v && typeof v.$ref === 'string' ? getPointer(doc, v.$ref.slice(1)) : v);
  for (const o of ops) {
    const method = server.get(o.operationId)!;
    const T = method[0]!.toUpperCase() + method.slice(1);
    lines.push(`export const sdk${n++}: '${sdk.get(o.operationId)}' extends keyof ApiClient ? true : false = true;`);
    const rb = deref(o.op.requestBody);
    if (rb && hasSchema(rb.content)) lines.push(`export const body${n++}: Known<Exclude<Server.${T}Input['body'], undefined>> = true;`);
    for (const [status, r] of Object.entries<any>(o.op.responses ?? {})) {
      if (/^\d{3}$/.test(status) && hasSchema(deref(r)?.content)) lines.push(`export const res${n++}: Known<Extract<Server.${T}Result, { status: ${status} }>['body']> = true;`);
    }
  }
  const file = path.join(out, 'multifile-checks.ts');
  fs.writeFileSync(file, lines.join('\n') + '\n');
  return { file, count: n };
}

describe('charter generate on multi-file contracts', () => {
  beforeAll(() => {
    const jobs: Array<[string, string]> = [
      ...roots.map((r): [string, string] => [slug(r), r]),
      ['split', path.join(SPLIT, 'openapi.yaml')],
      ['twin', TWIN],
      ['events', EVENTS],
      ['events_twin', EVENTS_TWIN],
    ];
    for (const [name, contract] of jobs) {
      const out = path.join(TMP, name);
      outputs.push({ name, contract, out, run: runCharter(['generate', contract, '-o', out], { cwd: TMP }) });
    }
  }, 240_000);

  const output = (name: string) => outputs.find((o) => o.name === name)!;

  it('finds the entry documents of the corpus, not the files they pull in', () => {
    expect(roots.map((r) => path.relative(MULTIFILE, r))).toContain('heyapi-3.1-external/external.yaml');
    expect(roots.length).toBeGreaterThanOrEqual(9);
    expect(roots.filter((r) => loadContract(r).sources.size > 1).length).toBeGreaterThanOrEqual(8);
  });

  it('generates every entry document: exit 0, an SDK function per operation, a self-contained openapi.json', () => {
    for (const o of outputs.filter((x) => x.name !== 'events' && x.name !== 'events_twin')) {
      // The one contract-level warning the corpus earns: hey-api's external fixture declares a path
      // parameter its templates never name. Anything else on stderr is a regression.
      const stderr = o.run.stderr.replace(/warning: the generated code[\s\S]*$/, '');
      const notInTemplate = /^.*external\.yaml:\d+:\d+: warning: path parameter "id" of GET \/external-\w+ is not in the template .*\n/gm;
      if (o.name === 'heyapi_3_1_external_external_yaml') expect(stderr.match(notInTemplate)?.length, o.name).toBe(2);
      expect(stderr.replace(notInTemplate, ''), o.name).toBe('');
      expect(o.run.status, `${o.name}: ${o.run.stderr}`).toBe(0);
      const sdk = fs.readFileSync(path.join(o.out, 'client/sdk.gen.ts'), 'utf8');
      const functions = heyApiRequestFunctions(sdk);
      const doc = JSON.parse(fs.readFileSync(path.join(o.out, 'openapi.json'), 'utf8')) as Record<string, unknown>;
      const ops = listOperations(doc);
      expect(ops.length, o.name).toBeGreaterThan(0);
      for (const op of ops) expect(functions.has(`${op.method} ${op.path}`), `${o.name}: ${op.method} ${op.path}`).toBe(true);
      expect(fs.readFileSync(path.join(o.out, 'client/README.md'), 'utf8'), o.name).not.toContain('Not in the SDK');
      const refs = refsOf(doc);
      expect(refs.filter((r) => !r.ref.startsWith('#')), `${o.name}: refs into other files`).toEqual([]);
      expect(refs.filter((r) => getPointer(doc, r.ref.slice(1)) === undefined), `${o.name}: dangling refs`).toEqual([]);
    }
  });

  it('type-checks every output in one tsc program, with server body types that are not unknown', () => {
    let checks = 0;
    for (const o of outputs.filter((x) => !x.name.startsWith('events'))) checks += typeChecks(o.contract, o.out).count;
    expect(checks).toBeGreaterThan(40);
    fs.writeFileSync(
      path.join(TMP, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          target: 'ES2023', lib: ['ES2023'], module: 'NodeNext', moduleResolution: 'NodeNext', strict: true, exactOptionalPropertyTypes: true,
          noUncheckedIndexedAccess: true, noPropertyAccessFromIndexSignature: true, verbatimModuleSyntax: true, skipLibCheck: true, noEmit: true, types: ['node'],
        },
        include: ['**/*.ts'],
        exclude: ['node_modules'],
      }),
    );
    const tsc = path.join(REPO_ROOT, 'node_modules/typescript/bin/tsc');
    const r = spawnSync(process.execPath, [tsc, '-p', path.join(TMP, 'tsconfig.json')], { encoding: 'utf8', timeout: 240_000 });
    expect(r.stdout + r.stderr).toBe('');
    expect(r.status).toBe(0);
  }, 240_000);

  it('generates the same code from the split fixture as from its one-file twin', () => {
    const split = output('split');
    const twin = output('twin');
    const body = (o: Output, f: string) => fs.readFileSync(path.join(o.out, f), 'utf8').replace(/^\/\/ Generated by .*\n/, '');
    for (const f of ['server/index.ts', 'server/schemas.ts', 'client/charter.ts', 'client/sdk.gen.ts', 'errors/index.ts']) {
      expect(body(split, f), f).toBe(body(twin, f));
    }
    // hey-api declares the types in the order of components.schemas, which the bundle fills as it
    // hoists. The twin's parameters are components, which hey-api also names; the split
    // fixture's parameters.yaml is a plain file, so the bundle inlines them and those three aliases are all that differs.
    const blocks = (o: Output) => body(o, 'client/types.gen.ts').split('\n\n').map((b) => b.trim()).sort();
    const twinBlocks = blocks(twin);
    const splitBlocks = blocks(split);
    expect(splitBlocks.filter((b) => !twinBlocks.includes(b))).toEqual([]);
    expect(twinBlocks.filter((b) => !splitBlocks.includes(b)).map((b) => /export type (\w+)/.exec(b)?.[1]).sort()).toEqual(['Cursor', 'Limit', 'NoteId']);
    const schemas = Object.keys((JSON.parse(fs.readFileSync(path.join(split.out, 'openapi.json'), 'utf8')) as { components: { schemas: object } }).components.schemas);
    expect(schemas.sort()).toEqual(['NewNote', 'Note', 'NotePage', 'Problem']);
  });

  it('bundles a split AsyncAPI contract for the events emitter: the same events as its one-file twin', () => {
    const split = output('events');
    const twin = output('events_twin');
    expect(split.run.status, split.run.stderr).toBe(0);
    const body = (o: Output) => fs.readFileSync(path.join(o.out, 'events/index.ts'), 'utf8').replace(/^\/\/ Generated by .*\n/, '');
    expect(body(split)).toContain('export type NoteCreated = {');
    expect(body(split)).toBe(body(twin));
  });

  it('locates what the events emitter warns about in the message file of a split AsyncAPI contract', () => {
    const dir = path.join(TMP, 'events-avro');
    fs.cpSync(path.dirname(EVENTS), dir, { recursive: true });
    const messages = path.join(dir, 'components/messages.yaml');
    fs.writeFileSync(messages, fs.readFileSync(messages, 'utf8').replace("  payload:\n    $ref: './note.yaml'\n", '  payload:\n    schemaFormat: application/vnd.apache.avro;version=1.9.0\n    schema: { type: record, name: Note, fields: [{ name: id, type: string }] }\n'));
    const r = runCharter(['generate', 'asyncapi.yaml', '-o', 'out'], { cwd: dir });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/^components\/messages\.yaml:5:5: warning: message noteCreated payload: schemaFormat application\/vnd\.apache\.avro;version=1\.9\.0 is not supported/m);
  });

  it('lints the split fixture with the findings of its twin, each in the file it is written in', () => {
    const lint = (file: string, cwd: string) => {
      const r = runCharter(['lint', '--format', 'json', file], { cwd });
      return { status: r.status, findings: (JSON.parse(r.stdout) as { findings: Array<{ rule: string; location: { file: string; line?: number } }> }).findings };
    };
    const split = lint(path.join(SPLIT, 'openapi.yaml'), SPLIT);
    const twin = lint(TWIN, path.dirname(TWIN));
    expect(split.findings.map((f) => f.rule).sort()).toEqual(twin.findings.map((f) => f.rule).sort());
    expect(split.status).toBe(twin.status);
    for (const f of split.findings) expect(f.location.file, f.rule).toBe('openapi.yaml');

    // A request body's string two folders down (NewNote, in note.yaml's $defs) that loses its bound is reported there.
    const dir = path.join(TMP, 'lint-split');
    fs.cpSync(SPLIT, dir, { recursive: true });
    const note = path.join(dir, 'components/schemas/note.yaml');
    fs.writeFileSync(note, fs.readFileSync(note, 'utf8').replace('      text: { type: string, minLength: 1, maxLength: 1000 }\n', '      text: { type: string, minLength: 1 }\n'));
    const edited = lint(path.join(dir, 'openapi.yaml'), dir);
    const extra = edited.findings.filter((f) => f.location.file !== 'openapi.yaml');
    expect(extra.map((f) => f.rule)).toEqual(['string-bounds']);
    expect(extra[0]!.location).toMatchObject({ file: 'components/schemas/note.yaml', line: 16 });
  });

  it('diffs the split fixture against its twin with no findings, either way round', () => {
    for (const [a, b] of [[TWIN, path.join(SPLIT, 'openapi.yaml')], [path.join(SPLIT, 'openapi.yaml'), TWIN]] as const) {
      const r = runCharter(['diff', '--format', 'json', a, b], { cwd: TMP });
      expect(r.status, r.stderr).toBe(0);
      expect((JSON.parse(r.stdout) as { findings: unknown[] }).findings).toEqual([]);
    }
  });
});

/** A copy of the split fixture with one file edited, for the failure cases. */
function splitWith(name: string, file: string, edit: (text: string) => string): string {
  const dir = path.join(TMP, `fail-${name}`);
  fs.cpSync(SPLIT, dir, { recursive: true });
  const abs = path.join(dir, file);
  const before = fs.readFileSync(abs, 'utf8');
  const after = edit(before);
  expect(after, `the edit of ${file} changed nothing`).not.toBe(before);
  fs.writeFileSync(abs, after);
  return dir;
}

/** Generate from `dir/openapi.yaml` into `dir/out`: the run, and whether anything was written. */
function generateIn(dir: string): ReturnType<typeof runCharter> & { wrote: boolean } {
  const r = runCharter(['generate', 'openapi.yaml', '-o', 'out'], { cwd: dir });
  expect(r.stderr, 'no stack trace').not.toMatch(/\n\s+at .*\.(ts|js|mjs):\d+/);
  return { ...r, wrote: fs.existsSync(path.join(dir, 'out')) };
}

describe('charter generate fails, located, instead of generating a broken client', () => {
  it('refuses a $ref that cannot be resolved, at the $ref in the file it is written in, listing every one', () => {
    const dir = splitWith('ref', 'paths/note.yaml', (t) => t.replace("'../components/schemas/note.yaml'", "'../components/schemas/note.yaml#/$defs/Gone'").replace("'../responses.yaml#/components/responses/NotFound'", "'../responses.yml#/components/responses/NotFound'"));
    const r = generateIn(dir);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^paths\/note\.yaml:14:21: error: \$ref "\.\.\/components\/schemas\/note\.yaml#\/\$defs\/Gone" points to nothing/);
    expect(r.stderr).toMatch(/and 1 more: paths\/note\.yaml:16:7: \$ref "\.\.\/responses\.yml#\/components\/responses\/NotFound" cannot be loaded/);
    expect(r.stderr).toContain('hint: ');
    expect(r.wrote).toBe(false);
  });

  it('refuses a schema $ref that names a header, before hey-api crashes on it ("Symbol finalName has not been resolved")', () => {
    const dir = splitWith('header-ref', 'paths/notes.yaml', (t) => t.replace("schema: { $ref: '../components/schemas/note-page.yaml' }", "schema: { $ref: '../responses.yaml#/components/headers/RateLimit' }"));
    const responses = path.join(dir, 'responses.yaml');
    fs.writeFileSync(responses, fs.readFileSync(responses, 'utf8').replace('components:\n', 'components:\n  headers:\n    RateLimit:\n      schema: { type: integer }\n'));
    const r = generateIn(dir);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^paths\/notes\.yaml:15:21: error: schema \$ref "#\/components\/headers\/RateLimit" points at a header, not a schema/);
    expect(r.stderr).toContain("hint: Point it at the schema inside it: `$ref: '#/components/headers/RateLimit/schema'`");
    expect(r.wrote).toBe(false);
  });

  it('turns an error hey-api throws into a failure that names it and the contract', () => {
    // A parameter `$ref` to a header component: Charter's own checks pass it, hey-api throws a TypeError.
    const dir = splitWith('hey-api-error', 'paths/notes.yaml', (t) => t.replace("    - $ref: '../parameters.yaml#/Cursor'\n", "    - $ref: '../responses.yaml#/components/headers/Cursor'\n"));
    const responses = path.join(dir, 'responses.yaml');
    fs.writeFileSync(responses, fs.readFileSync(responses, 'utf8').replace('components:\n', 'components:\n  headers:\n    Cursor:\n      schema: { type: string }\n'));
    const r = generateIn(dir);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^openapi\.yaml: error: hey-api, which generates the client SDK, failed on this contract: Cannot read properties of undefined/);
    expect(r.stderr).toContain('hint: `charter lint`');
    expect(r.stderr).not.toContain('internal error');
    expect(r.wrote).toBe(false);
  });

  it('reports what hey-api threw or logged instead of an empty JobError, and a missing input instead of nothing', async () => {
    const headerRef = {
      openapi: '3.1.0',
      info: { title: 't', version: '1' },
      paths: { '/x': { get: { operationId: 'getX', responses: { '200': { description: 'ok', content: { 'application/json': { schema: { $ref: '#/components/headers/RateLimit' } } } } } } } },
      components: { headers: { RateLimit: { schema: { type: 'integer' } } } },
    };
    await expect(emitClient(headerRef, ['t.yaml'])).rejects.toSatisfy((e: unknown) => e instanceof HeyApiError && /^Symbol finalName has not been resolved yet/.test(e.message));
    // An unbundled document: hey-api cannot read the other file, logs it and returns nothing.
    const external = loadContract(path.join(MULTIFILE, 'heyapi-3.1-external/external.yaml')).doc;
    await expect(emitClient(external, ['external.yaml'])).rejects.toSatisfy((e: unknown) => e instanceof HeyApiError && /Input file not found/.test(e.message));
  }, 60_000);

  it('fails when hey-api leaves an operation without an SDK function, or writes no sdk.gen.ts, at the operation', async () => {
    const contract = loadContract(path.join(SPLIT, 'openapi.yaml'));
    const bundle = bundleContract(contract);
    const view = { ...contract, doc: bundle.doc, locate: (p: string) => bundle.locate(p) };
    const client = await emitClient(bundle.doc, ['openapi.yaml']);
    const warnings: string[] = [];
    expect(() => checkClientCoverage(view, bundle.doc, client, warnings)).not.toThrow();
    expect(warnings).toEqual([]);

    // hey-api's output with the function for GET /notes/{noteId} taken out.
    const sdk = client.get('client/sdk.gen.ts')!;
    const without = sdk.replace(/^export const getNote = [\s\S]*?(?=^export const |(?![\s\S]))/m, '');
    expect(without).not.toBe(sdk);
    const missing = (files: Map<string, string>) => {
      try {
        checkClientCoverage(view, bundle.doc, files, []);
      } catch (e) {
        return e as ContractError;
      }
      throw new Error('checkClientCoverage accepted an incomplete client');
    };
    const gap = missing(new Map([...client, ['client/sdk.gen.ts', without]]));
    expect(gap).toBeInstanceOf(ContractError);
    expect(gap.format()).toMatch(/note\.yaml:3:1: error: hey-api generated no SDK function for GET \/notes\/\{noteId\} \(getNote\)/);
    const none = missing(new Map([...client].filter(([f]) => f !== 'client/sdk.gen.ts')));
    expect(none.format()).toMatch(/openapi\.yaml: error: hey-api generated no client\/sdk\.gen\.ts for the 3 operations of this contract/);
  }, 60_000);

  it('wraps a server-sent event stream, which hey-api serves through its SSE client, in a typed SDK method', () => {
    const dir = splitWith('sse', 'paths/notes.yaml', (t) => t.replace("      content:\n        application/json:\n          schema: { $ref: '../components/schemas/note-page.yaml' }", "      content:\n        text/event-stream:\n          schema: { type: string }"));
    const r = generateIn(dir);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).not.toMatch(/has no method/);
    const charter = fs.readFileSync(path.join(dir, 'out/client/charter.ts'), 'utf8');
    expect(charter).toMatch(/listNotes: \{ [^\n]*"events":"text"[^\n]*sseAsRequest/);
    expect(charter).toMatch(/listNotes: Operation<[^\n]*\{ 200: AsyncIterable<ServerSentEvent<string>> \}/);
  });

  it('prints hey-api\'s warnings, located, and still generates', () => {
    const dir = splitWith('warning', 'openapi.yaml', (t) => t.replace('security: []\n', 'security: []\ncomponents:\n  securitySchemes:\n    legacy: { type: http, scheme: digest }\n'));
    const notes = path.join(dir, 'paths/notes.yaml');
    fs.writeFileSync(notes, fs.readFileSync(notes, 'utf8').replace('  summary: List notes\n  description: Lists notes, newest first.\n  security: []\n', '  summary: List notes\n  description: Lists notes, newest first.\n  security: [{ legacy: [] }]\n'));
    const r = generateIn(dir);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/^openapi\.yaml: warning: hey-api: .*SDK warning: unsupported security scheme/m);
    expect(r.wrote).toBe(true);
  });

  it('refuses duplicate operationIds found in a path file, at their file and line', () => {
    const dir = splitWith('dup', 'paths/note.yaml', (t) => t.replace('operationId: getNote', 'operationId: listNotes'));
    const r = generateIn(dir);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^paths\/note\.yaml:4:3: error: operationId "listNotes" of GET \/notes\/\{noteId\} is already used by GET \/notes/);
    expect(r.wrote).toBe(false);
  });

  it('refuses a server without a url, at its line', () => {
    const dir = splitWith('server', 'openapi.yaml', (t) => t.replace('  - url: /v1\n', '  - description: no url\n'));
    const r = generateIn(dir);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^openapi\.yaml:8:5: error: servers\[0\] has no url/);
    expect(r.wrote).toBe(false);
  });

  it('an internal error prints its name, its message (or that it has none), where it was thrown and what it wraps', () => {
    // hey-api wraps every failure in a JobError whose message is empty: the case that printed "internal error: ".
    const preload = path.join(TMP, 'throw-job-error.mjs');
    fs.writeFileSync(
      preload,
      `import fs from 'node:fs';\n` +
        `fs.mkdtempSync = () => { const e = new Error(''); e.name = 'JobError'; e.originalError = { error: new TypeError('Symbol finalName has not been resolved yet') }; throw e; };\n`,
    );
    const r = spawnSync(process.execPath, ['--import', preload, path.join(REPO_ROOT, 'scripts/charter/bin.mjs'), 'generate', TWIN, '-o', path.join(TMP, 'internal')], { encoding: 'utf8', cwd: TMP });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^charter: internal error: JobError: \(no message\) \(at .*throw-job-error\.mjs:2:\d+\)$/m);
    expect(r.stderr).toMatch(/^ {2}caused by: TypeError: Symbol finalName has not been resolved yet \(at .*throw-job-error\.mjs:2:\d+\)$/m);
  });
});
