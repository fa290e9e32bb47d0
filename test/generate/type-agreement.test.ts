/**
 * The server bindings and the SDK give every component schema the same TypeScript. For each
 * OpenAPI contract of the public corpus (single- and multi-file), our own contract and a fixture
 * of names hey-api renames,
 * `charter generate` runs as it does for a user, and hey-api's own symbol table from that very run
 * (captured from `createClient`'s result) says which type in client/types.gen.ts belongs to which
 * component schema. Then:
 *
 * - every component schema has a type on both sides (server/schemas.ts, named by `schemaNames`,
 *   and client/types.gen.ts, named by hey-api), and the server's alias names hey-api's type;
 * - one tsc program checks that each server type and its client type are mutually assignable,
 *   readable variants and, where hey-api splits a schema, the writable ones;
 * - the fixture's request bodies and responses are the SDK's request and response types.
 */
import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { generateFiles, writeFiles } from '../../scripts/charter/commands/generate.ts';
import { schemaNames, serverSchemaTypes } from '../../scripts/charter/emit/server.ts';
import { CORPUS, REPO_ROOT, openApiRoots, requireCorpus } from '../support/cli.ts';

/** hey-api's symbol table of the last `createClient` run: schema pointer → the type name it rendered. */
const heyApi = vi.hoisted(() => ({ last: undefined as Map<string, string> | undefined }));

vi.mock('@hey-api/openapi-ts', async (importOriginal) => {
  const real = await importOriginal<typeof import('@hey-api/openapi-ts')>();
  return {
    ...real,
    createClient: async (...args: Parameters<typeof real.createClient>) => {
      const contexts = await real.createClient(...args);
      const names = new Map<string, string>();
      for (const ctx of contexts as ReadonlyArray<any>) {
        const registry = ctx?.gen?.symbols;
        if (!registry || typeof registry.registered !== 'function') throw new Error("hey-api's context no longer exposes gen.symbols.registered(); update this test's reader");
        for (const symbol of registry.registered()) {
          const meta = symbol.meta ?? {};
          if (meta.resource !== 'definition' || meta.category !== 'type' || typeof meta.resourceId !== 'string') continue;
          if (!meta.resourceId.startsWith('#/components/schemas/')) continue;
          names.set(meta.resourceId, symbol.finalName);
        }
      }
      heyApi.last = names;
      return contexts;
    },
  };
});

const OUT = path.join(REPO_ROOT, 'node_modules/.cache/charter-test-type-agreement');
const FIXTURE = path.join(REPO_ROOT, 'test/generate/fixtures/type-names.yaml');
requireCorpus();
const MULTIFILE = path.join(CORPUS, 'openapi-multifile');


const contracts = [
  ...fs
    .readdirSync(path.join(CORPUS, 'openapi'))
    .filter((f) => /\.(ya?ml|json)$/.test(f) && !f.includes('.INVALID.'))
    .map((f) => path.join(CORPUS, 'openapi', f)),
  // Bundling a split contract names the schemas it pulls in; those names go through hey-api too.
  ...openApiRoots(MULTIFILE),
  path.join(REPO_ROOT, 'contracts/openapi.yaml'),
  FIXTURE,
];

interface Checked {
  slug: string;
  schemas: number;
  writable: number;
  /** Seconds `generateFiles` took on it. */
  seconds: number;
  /** Problems found before tsc: a schema without a type on one side, or an alias of the wrong type. */
  problems: string[];
}

const pointerOf = (raw: string) => `#/components/schemas/${raw.replaceAll('~', '~0').replaceAll('/', '~1')}`;
const slugOf = (file: string) => path.relative(path.dirname(REPO_ROOT), file).replace(/[^A-Za-z0-9]+/g, '_');

/** `export type X = C.Y;` lines of server/schemas.ts. */
function serverAliases(source: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const m of source.matchAll(/^export type (\S+) = C\.(\S+);$/gmu)) out.set(m[1]!, m[2]!);
  return out;
}

describe('the server bindings and the SDK type each component schema alike', () => {
  const checked = new Map<string, Checked>();
  const seconds = { generate: 0, tsc: 0 };

  beforeAll(async () => {
    const started = Date.now();
    fs.rmSync(OUT, { recursive: true, force: true });
    fs.mkdirSync(OUT, { recursive: true });
    const checks: string[] = [];
    for (const file of contracts) {
      const slug = slugOf(file);
      heyApi.last = undefined;
      const t0 = Date.now();
      const { files } = await generateFiles([file], { root: REPO_ROOT });
      const took = (Date.now() - t0) / 1000;
      const truth = heyApi.last as Map<string, string> | undefined;
      if (!truth) throw new Error(`${file}: generate did not run hey-api's createClient, so there is no SDK to compare with`);
      writeFiles(new Map([...files].filter(([f]) => f === 'server/schemas.ts' || f === 'client/types.gen.ts')), path.join(OUT, slug));

      const doc = JSON.parse(files.get('openapi.json')!) as Record<string, any>;
      const raws = Object.keys(doc.components?.schemas ?? {});
      const names = schemaNames(doc);
      const { writable } = serverSchemaTypes(doc);
      const aliases = serverAliases(files.get('server/schemas.ts')!);
      const problems: string[] = [];
      const lines = [`import type * as Server from './${slug}/server/schemas.js';`, `import type * as Client from './${slug}/client/types.gen.js';`, ''];
      const pair = (server: string, client: string, i: number) =>
        lines.push(`declare const s${i}: Server.${server};`, `declare const c${i}: Client.${client};`, `export const a${i}: Server.${server} = c${i};`, `export const b${i}: Client.${client} = s${i};`);
      let i = 0;
      for (const raw of raws) {
        const server = names.get(raw);
        const client = truth.get(pointerOf(raw));
        if (!server) problems.push(`${raw}: no server type`);
        if (!client) problems.push(`${raw}: no type in client/types.gen.ts`);
        if (!server || !client) continue;
        if (aliases.get(server) !== client) problems.push(`${raw}: server/schemas.ts has ${server} = C.${aliases.get(server)}, hey-api named it ${client}`);
        pair(server, client, i++);
        const w = writable.get(raw);
        if (w) {
          // hey-api's writable variant is a component of its own, absent from the contract.
          const target = aliases.get(w);
          const variant = [...truth.entries()].find(([, name]) => name === target)?.[0];
          if (!variant || raws.some((r) => pointerOf(r) === variant)) problems.push(`${raw}: ${w} = C.${target} is not one of hey-api's writable variants`);
          else pair(w, target!, i++);
        }
      }
      const agreement = `${slug}.agreement.ts`;
      fs.writeFileSync(path.join(OUT, agreement), lines.join('\n') + '\nexport {};\n');
      checks.push(agreement);
      checked.set(file, { slug, schemas: raws.length, writable: writable.size, seconds: took, problems });
    }
    // The fixture's operations: the server's request bodies and results are the SDK's request and response types.
    const fx = slugOf(FIXTURE);
    fs.writeFileSync(
      path.join(OUT, 'fixture-operations.agreement.ts'),
      [
        `import type * as Server from './${fx}/server/schemas.js';`,
        `import type * as Client from './${fx}/client/types.gen.js';`,
        `type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;`,
        `export const putUserBody: Same<Server.UserWritable2, Client.PutUserData['body']> = true;`,
        `export const createPetBody: Same<Server.CatWritable, Client.CreatePetData['body']> = true;`,
        `export const putWrapperBody: Same<Server.WrapperWritable, Client.PutWrapperData['body']> = true;`,
        `export const getUserResponse: Same<Server.User, Client.GetUserResponses[200]> = true;`,
        `export const createPetResponse: Same<Server.Cat, Client.CreatePetResponses[201]> = true;`,
        // readOnly properties are left out of requests, writeOnly ones out of responses.
        `export const noIdInRequest: Same<'id' extends keyof Server.UserWritable2 ? 1 : 0, 0> = true;`,
        `export const noSecretInResponse: Same<'secret' extends keyof Server.User ? 1 : 0, 0> = true;`,
        `export const secretInRequest: Same<'secret' extends keyof Server.UserWritable2 ? 1 : 0, 1> = true;`,
        '',
      ].join('\n'),
    );
    fs.writeFileSync(path.join(OUT, 'package.json'), '{"type":"module"}\n');
    fs.writeFileSync(
      path.join(OUT, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          target: 'ES2023', lib: ['ES2023'], module: 'NodeNext', moduleResolution: 'NodeNext', strict: true, exactOptionalPropertyTypes: true,
          noUncheckedIndexedAccess: true, skipLibCheck: true, noEmit: true, types: ['node'],
        },
        files: [...checks, 'fixture-operations.agreement.ts'],
      }),
    );
    seconds.generate = (Date.now() - started) / 1000;
  }, 600_000);

  it('has a type on both sides for every component schema, and the server names the SDK type', () => {
    expect(checked.size).toBe(contracts.length);
    const report = [...checked].map(([file, c]) => `${path.relative(path.dirname(REPO_ROOT), file)}: ${c.schemas} schemas, ${c.writable} writable variants (generated in ${c.seconds.toFixed(1)} s)`);
    console.log(`type agreement, generated in ${seconds.generate.toFixed(1)} s:\n  ${report.join('\n  ')}`);
    for (const [file, c] of checked) expect(c.problems, file).toEqual([]);
    // Not a vacuous pass: the corpus holds thousands of schemas, and the fixture exercises the split.
    expect([...checked.values()].reduce((n, c) => n + c.schemas, 0)).toBeGreaterThan(2000);
    expect(checked.get(FIXTURE)?.writable).toBe(3);
  });

  it('types every schema alike on both sides, in one tsc program', () => {
    const started = Date.now();
    const tsc = path.join(REPO_ROOT, 'node_modules/typescript/bin/tsc');
    const r = spawnSync(process.execPath, [tsc, '-p', path.join(OUT, 'tsconfig.json')], { encoding: 'utf8', timeout: 300_000 });
    seconds.tsc = (Date.now() - started) / 1000;
    console.log(`type agreement: tsc over ${checked.size} contracts took ${seconds.tsc.toFixed(1)} s`);
    expect(r.stdout + r.stderr).toBe('');
    expect(r.status).toBe(0);
  }, 300_000);

  it('fails when a server type and its client type differ', () => {
    // The check itself can fail: a schema typed differently on one side is a tsc error.
    const dir = path.join(OUT, 'negative');
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, 'package.json'), '{"type":"module"}\n');
    fs.writeFileSync(path.join(dir, 'server.ts'), 'export type User = { readonly id: string; name: string };\n');
    fs.writeFileSync(path.join(dir, 'client.ts'), 'export type User = { readonly id: string; name: string; secret: string };\n');
    fs.writeFileSync(
      path.join(dir, 'check.ts'),
      "import type * as Server from './server.js';\nimport type * as Client from './client.js';\ndeclare const s0: Server.User;\ndeclare const c0: Client.User;\nexport const a0: Server.User = c0;\nexport const b0: Client.User = s0;\n",
    );
    const tsc = path.join(REPO_ROOT, 'node_modules/typescript/bin/tsc');
    fs.writeFileSync(path.join(dir, 'tsconfig.json'), JSON.stringify({ compilerOptions: { module: 'NodeNext', moduleResolution: 'NodeNext', strict: true, noEmit: true, types: [] }, files: ['check.ts'] }));
    const r = spawnSync(process.execPath, [tsc, '-p', path.join(dir, 'tsconfig.json')], { encoding: 'utf8' });
    expect(r.status).not.toBe(0);
    expect(r.stdout).toMatch(/check\.ts\(6,14\): error TS2741: Property 'secret' is missing/);
  });
});
