/**
 * `charter generate` on real public contracts: every valid one generates code that
 * type-checks, with the repository's tsconfig and with NodeNext and the strict flags; the invalid ones and the one with remote $refs fail with a located
 * message, exit 2, and leave nothing behind.
 */
import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { beforeAll, describe, expect, it } from 'vitest';
import { generateFiles, writeFiles } from '../../scripts/charter/commands/generate.ts';
import { CORPUS, REPO_ROOT, requireCorpus, runCharter } from '../support/cli.ts';

// Inside node_modules so the generated code resolves `express` and friends like the project does.
const OUT = path.join(REPO_ROOT, 'node_modules/.cache/charter-test-corpus');
const INVALID = ['openapi/openai-2024-08-15.INVALID.yaml', 'openapi/openai-2025-03-22.INVALID.yaml', 'asyncapi/adeo-kafka-request-reply.3.0.yml'];
requireCorpus();
const valid = ['openapi', 'asyncapi'].flatMap((dir) =>
  fs
    .readdirSync(path.join(CORPUS, dir))
    .filter((f) => /\.(ya?ml|json)$/.test(f))
    .map((f) => `${dir}/${f}`)
    .filter((f) => !INVALID.includes(f)),
);

describe('charter generate on the public corpus', () => {
  const generated = new Map<string, number>();

  beforeAll(async () => {
    fs.rmSync(OUT, { recursive: true, force: true });
    for (const rel of valid) {
      const { files } = await generateFiles([path.join(CORPUS, rel)]);
      writeFiles(files, path.join(OUT, rel.replace(/[/.]/g, '_')));
      generated.set(rel, files.size);
    }
    fs.writeFileSync(
      path.join(OUT, 'tsconfig.json'),
      JSON.stringify({ extends: path.join(REPO_ROOT, 'tsconfig.json'), include: ['**/*.ts'] }),
    );
    // An adopter's strictest setup: an ESM package, NodeNext, strict and every stricter flag, no DOM lib.
    fs.writeFileSync(path.join(OUT, 'package.json'), '{"type":"module"}\n');
    fs.writeFileSync(
      path.join(OUT, 'tsconfig.strict.json'),
      JSON.stringify({
        compilerOptions: {
          target: 'ES2023', lib: ['ES2023'], module: 'NodeNext', moduleResolution: 'NodeNext', strict: true, exactOptionalPropertyTypes: true,
          noUncheckedIndexedAccess: true, noPropertyAccessFromIndexSignature: true, verbatimModuleSyntax: true, skipLibCheck: true, noEmit: true, types: ['node'],
        },
        include: ['**/*.ts'],
      }),
    );
  }, 600_000);

  it('generates files for every valid document', () => {
    expect(valid.length).toBeGreaterThanOrEqual(20);
    for (const rel of valid) {
      const n = generated.get(rel) ?? 0;
      // OpenAPI: openapi.json, server, errors, client and events; AsyncAPI: the events module and its schemas.
      expect(n, rel).toBeGreaterThanOrEqual(rel.startsWith('openapi/') ? 20 : 2);
    }
  });

  it('produces TypeScript that type-checks for every valid document', () => {
    const tsc = path.join(REPO_ROOT, 'node_modules/typescript/bin/tsc');
    const r = spawnSync(process.execPath, [tsc, '-p', path.join(OUT, 'tsconfig.json'), '--noEmit'], { encoding: 'utf8', timeout: 300_000 });
    expect(r.stdout + r.stderr).toBe('');
    expect(r.status).toBe(0);
  }, 300_000);

  it('produces TypeScript that type-checks for every valid document under NodeNext with the strict flags', () => {
    const tsc = path.join(REPO_ROOT, 'node_modules/typescript/bin/tsc');
    const r = spawnSync(process.execPath, [tsc, '-p', path.join(OUT, 'tsconfig.strict.json')], { encoding: 'utf8', timeout: 300_000 });
    expect(r.stdout + r.stderr).toBe('');
    expect(r.status).toBe(0);
  }, 300_000);

  it('reports the undeclared path parameters of openai-2024-08-15 with file and line, and writes nothing', () => {
    const out = path.join(OUT, 'invalid-1');
    const r = runCharter(['generate', path.join(CORPUS, INVALID[0]!), '-o', out]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/openai-2024-08-15\.INVALID\.yaml:7662:\d+: error: POST \/organization\/users\/\{user_id\} uses path parameter \{user_id\}/);
    expect(r.stderr).toContain('hint:');
    expect(r.stderr).not.toMatch(/\n\s+at .*\.(ts|js|mjs):\d+/);
    expect(fs.existsSync(out)).toBe(false);
  });

  it('reports the unknown `optional` keyword of openai-2025-03-22 at its line, and writes nothing', () => {
    const out = path.join(OUT, 'invalid-2');
    const r = runCharter(['generate', path.join(CORPUS, INVALID[1]!), '-o', out]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/openai-2025-03-22\.INVALID\.yaml:\d+:\d+: error: unknown keyword/);
    expect(r.stderr).toContain('openai-2025-03-22.INVALID.yaml:20403: unknown keyword `optional`');
    expect(r.stderr).not.toMatch(/\n\s+at .*\.(ts|js|mjs):\d+/);
    expect(fs.existsSync(out)).toBe(false);
  });

  it('refuses the remote $refs of adeo-kafka-request-reply offline, at once, with their location', () => {
    const out = path.join(OUT, 'remote');
    const started = Date.now();
    const r = runCharter(['generate', path.join(CORPUS, INVALID[2]!), '-o', out], { timeoutMs: 30_000 });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/adeo-kafka-request-reply\.3\.0\.yml:\d+:\d+: error: remote \$ref "https:\/\/[^"]+" is not fetched/);
    expect(Date.now() - started).toBeLessThan(30_000);
    expect(fs.existsSync(out)).toBe(false);
  });

  it('treats the literal $ref strings inside GitHub example data as data, not references', () => {
    expect(generated.get('openapi/github-api.github.com.json')).toBeGreaterThan(0);
  });
});
