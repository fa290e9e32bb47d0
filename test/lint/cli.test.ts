/**
 * `charter lint` as a user runs it: the project's own contracts, output formats, exit codes,
 * configuration, and the generated rules reference.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { runLint, type LintCommandOptions } from '../../scripts/charter/commands/lint.ts';
import { rulesDoc } from '../../scripts/charter/lint/rules-doc.ts';
import { RULES } from '../../scripts/charter/lint/rules/index.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
const FIXTURES = path.join(import.meta.dirname, 'fixtures');
const BIN = path.join(ROOT, 'scripts/charter/bin.mjs');
const opts = (o: Partial<LintCommandOptions> = {}): LintCommandOptions => ({ format: 'text', maxWarnings: -1, color: false, ...o });

function tmpDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'charter-lint-'));
}

describe('charter lint on the project', () => {
  it('exits 0 on our own contracts (contracts/openapi.yaml, contracts/asyncapi.yaml)', () => {
    const r = spawnSync(process.execPath, [BIN, 'lint', '--max-warnings', '0'], { cwd: ROOT, encoding: 'utf8' });
    expect(r.stdout + r.stderr).toContain('no problems in 2 files');
    expect(r.status).toBe(0);
  });

  it('keeps docs/lint-rules.md in step with the rules (regenerate with `charter lint --rules-doc`)', () => {
    const committed = fs.readFileSync(path.join(ROOT, 'docs/lint-rules.md'), 'utf8');
    expect(committed, 'docs/lint-rules.md is stale: run node scripts/charter/bin.mjs lint --rules-doc > docs/lint-rules.md').toBe(rulesDoc());
  });
});

describe('output formats', () => {
  const bad = path.join(FIXTURES, 'operation-id.bad.yaml');

  it('text shows file:line:col, a code frame with a caret, the hint and the rule id', () => {
    const r = runLint([bad], opts(), ROOT);
    expect(r.stdout).toContain('test/lint/fixtures/operation-id.bad.yaml:8:7  error  operationId "create_thing" is not camelCase  (operation-id)');
    expect(r.stdout).toMatch(/> +8 \|       operationId: create_thing # expect\n +\|       \^\n/);
    expect(r.stdout).toContain('hint: Rename it to createThing.');
    expect(r.stdout).not.toContain('\u001b[');
  });

  it('text is coloured only when asked', () => {
    expect(runLint([bad], opts({ color: true }), ROOT).stdout).toContain('\u001b[');
  });

  it('json has the documented, stable shape', () => {
    const r = runLint([bad], opts({ format: 'json' }), ROOT);
    const out = JSON.parse(r.stdout);
    expect(Object.keys(out)).toEqual(['version', 'findings', 'summary']);
    const f = out.findings.find((x: any) => x.rule === 'operation-id' && x.location.line === 8);
    expect(f).toEqual({
      rule: 'operation-id',
      severity: 'error',
      message: 'operationId "create_thing" is not camelCase',
      hint: 'Rename it to createThing.',
      location: { file: 'test/lint/fixtures/operation-id.bad.yaml', line: 8, column: 7, pointer: '/paths/~1things/post/operationId' },
    });
    expect(out.summary).toMatchObject({ files: 1, errors: expect.any(Number), warnings: expect.any(Number) });
    expect(out.summary.byRule['operation-id']).toBe(3);
  });

  it('github emits workflow annotations', () => {
    const r = runLint([bad], opts({ format: 'github' }), ROOT);
    expect(r.stdout).toContain('::error file=test/lint/fixtures/operation-id.bad.yaml,line=8,col=7,title=operation-id::operationId "create_thing" is not camelCase%0ARename it to createThing.');
    for (const line of r.stdout.trim().split('\n')) expect(line).toMatch(/^::(error|warning) file=[^,]+,line=\d+,col=\d+,title=[a-z-]+::/);
  });
});

describe('exit codes', () => {
  it('is 1 when there are errors', () => {
    expect(runLint([path.join(FIXTURES, 'operation-id.bad.yaml')], opts(), ROOT).exitCode).toBe(1);
  });

  it('is 0 with warnings only, and 1 with --max-warnings 0', () => {
    const dir = tmpDir();
    const others = RULES.filter((r) => r.id !== 'operation-summary').map((r) => `    ${r.id}: off\n`);
    fs.writeFileSync(path.join(dir, 'charter.config.yaml'), `lint:\n  rules:\n${others.join('')}`);
    const file = path.join(FIXTURES, 'operation-summary.bad.yaml');
    const lenient = runLint([file], opts(), dir);
    expect(lenient.findings.map((f) => f.severity)).toEqual(['warning', 'warning']);
    expect(lenient.exitCode).toBe(0);
    expect(runLint([file], opts({ maxWarnings: 0 }), dir).exitCode).toBe(1);
    expect(runLint([file], opts({ maxWarnings: 2 }), dir).exitCode).toBe(0);
  });

  it('is 2, with a located `load` finding, when a file does not parse', () => {
    const dir = tmpDir();
    const file = path.join(dir, 'broken.yaml');
    fs.writeFileSync(file, 'openapi: 3.1.0\ninfo: { title: x\npaths: {}\n');
    const r = runLint([file, path.join(FIXTURES, 'operation-id.good.yaml')], opts({ format: 'json' }), ROOT);
    expect(r.exitCode).toBe(2);
    const load = JSON.parse(r.stdout).findings.filter((f: any) => f.rule === 'load');
    expect(load).toHaveLength(1);
    expect(load[0].message).toMatch(/invalid YAML/);
    expect(load[0].location.line).toBeGreaterThan(1);
  });

  it('is 2 when a file does not exist, or is not a contract', () => {
    expect(runLint(['no/such/file.yaml'], opts(), ROOT).exitCode).toBe(2);
    const dir = tmpDir();
    fs.writeFileSync(path.join(dir, 'swagger.yaml'), 'swagger: "2.0"\n');
    expect(runLint([path.join(dir, 'swagger.yaml')], opts(), ROOT).exitCode).toBe(2);
  });

  it('is 2 through the CLI for an unknown rule in the config, naming the closest one', () => {
    const dir = tmpDir();
    fs.writeFileSync(path.join(dir, 'charter.config.yaml'), 'lint:\n  rules:\n    operation-ids: off\n');
    const r = spawnSync(process.execPath, [BIN, 'lint', path.join(FIXTURES, 'operation-id.good.yaml')], { cwd: dir, encoding: 'utf8' });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('charter.config.yaml:3:5: error: unknown lint rule "operation-ids"');
    expect(r.stderr).toContain('Did you mean operation-id?');
  });
});

describe('configuration', () => {
  it('turns rules off and changes their level', () => {
    const dir = tmpDir();
    fs.writeFileSync(path.join(dir, 'charter.config.yaml'), 'lint:\n  rules:\n    operation-id: off\n    operation-summary: error\n');
    const r = runLint([path.join(FIXTURES, 'operation-summary.bad.yaml')], opts({ format: 'json' }), dir);
    const rules = r.findings.map((f) => `${f.rule}:${f.severity}`);
    expect(rules).not.toContain('operation-id:error');
    expect(rules).toContain('operation-summary:error');
  });

  it('accepts remote refs with allowRemoteRefs: true', () => {
    const dir = tmpDir();
    const file = path.join(FIXTURES, 'no-remote-refs.bad.yaml');
    expect(runLint([file], opts(), dir).findings.some((f) => f.rule === 'no-remote-refs')).toBe(true);
    fs.writeFileSync(path.join(dir, 'charter.config.yaml'), 'lint:\n  allowRemoteRefs: true\n');
    expect(runLint([file], opts(), dir).findings.some((f) => f.rule === 'no-remote-refs')).toBe(false);
  });

  it('locates findings in generated problem schemas in the error catalogue file', () => {
    const r = runLint([path.join(FIXTURES, 'array-bounds.bad.yaml')], opts(), ROOT);
    const f = r.findings.find((x) => x.rule === 'array-bounds' && x.location.file.endsWith('errors.yaml'));
    expect(f?.location).toMatchObject({ file: 'test/lint/fixtures/array-bounds.bad.errors.yaml', line: 10 });
  });
});
