/**
 * The `diff:` section of charter.config.yaml: the lifecycle policy (stability levels, sunset
 * dates, deprecation windows) and per-rule severity overrides, read with located errors and
 * applied by the engine and the CLI.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { clearConfigCache, loadProjectConfig } from '../../scripts/charter/config/project.ts';
import { ContractError } from '../../scripts/charter/loader/errors.ts';
import { ALL_RULES } from '../../scripts/charter/diff/index.ts';
import { diffConfigOf } from '../../scripts/charter/diff/config.ts';
import { DEFAULT_POLICY, parseSunset } from '../../scripts/charter/diff/policy.ts';
import { cli, diffTexts, ids } from './helpers.ts';

const RULE_IDS = ALL_RULES.map((r) => r.id);

function project(configText: string, files: Record<string, string> = {}): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'charter-diff-policy-'));
  fs.writeFileSync(path.join(dir, 'charter.config.yaml'), configText);
  for (const [f, t] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, f)), { recursive: true });
    fs.writeFileSync(path.join(dir, f), t);
  }
  clearConfigCache();
  return dir;
}

const configOf = (text: string) => diffConfigOf(loadProjectConfig({ cwd: project(text) }), RULE_IDS);

function configError(text: string): ContractError {
  try {
    configOf(text);
  } catch (e) {
    if (e instanceof ContractError) return e;
    throw e;
  }
  throw new Error('expected a ContractError');
}

/** One operation with a query parameter and a request body; `op` is inserted under the operation. */
const api = (o: { version?: string; op?: string; limit?: string; bodyDefault?: string } = {}) => `openapi: 3.1.0
info: { title: t, version: ${o.version ?? '1.0.0'} }
paths:
  /items:
    post:
      operationId: createItem
${o.op ?? ''}      parameters:
        - name: limit
          in: query
          schema: { type: integer${o.limit ?? ''} }
      requestBody:
        content:
          application/json:
            schema: { type: object, properties: { mode: { type: string${o.bodyDefault ?? ''} } } }
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: { type: object, required: [id], properties: { id: { type: string } } }
`;

describe('diff config', () => {
  it('reads the lifecycle policy and the overrides, with defaults for what is not said', () => {
    const c = configOf(`diff:
  lifecycle:
    deprecationDays: 90
    requireSunset: true
    dateFormat: http-date
  rules:
    request-default-changed: { level: breaking, reason: handlers read the defaults }
    response-property-added: { level: off, reason: listed in the changelog instead }
`);
    expect(c.policy.levels).toEqual(['draft', 'alpha', 'beta', 'stable']);
    expect(c.policy.allow).toEqual(DEFAULT_POLICY.allow);
    expect(c.policy.deprecationDays).toEqual({ draft: 90, alpha: 90, beta: 90, stable: 90 });
    expect(c.policy.requireSunset).toBe(true);
    expect(c.policy.dateFormat).toBe('http-date');
    expect(c.rules['request-default-changed']).toEqual({ level: 'breaking', reason: 'handlers read the defaults' });
    expect(c.rules['response-property-added']!.level).toBe('off');
  });

  it('gives the defaults without a diff section', () => {
    const c = configOf('lint: {}\n');
    expect(c.policy).toEqual(DEFAULT_POLICY);
    expect(c.rules).toEqual({});
  });

  it('refuses mistakes with their line: an unknown rule, an override without a reason, a bad level, an unknown stability level', () => {
    const unknown = configError('diff:\n  rules:\n    request-defualt-changed: { level: breaking, reason: x }\n');
    expect(unknown.message).toContain('unknown diff rule "request-defualt-changed"');
    expect(unknown.location.line).toBe(3);
    const noReason = configError('diff:\n  rules:\n    request-default-changed: { level: breaking }\n');
    expect(noReason.message).toContain('needs a reason');
    const badLevel = configError('diff:\n  rules:\n    request-default-changed:\n      level: error\n      reason: x\n');
    expect(badLevel.message).toContain('must be one of breaking, warning, info, off');
    expect(badLevel.location.line).toBe(4);
    const badStability = configError('diff:\n  lifecycle:\n    allow: { experimental: breaking }\n');
    expect(badStability.message).toContain('unknown stability level "experimental"');
    expect(configError('diff:\n  lifecycle:\n    dateFormat: rfc\n').message).toContain('date, http-date, any');
    expect(configError('diff:\n  colour: red\n').message).toContain('unknown setting diff.colour');
  });
});

describe('lifecycle policy', () => {
  const TODAY = '2026-11-23';

  it('lets a draft or alpha operation break, and keeps a stable one strict', () => {
    const breakIt = (level: string) =>
      diffTexts(api({ op: `      x-stability-level: ${level}\n` }), api({ version: '2.0.0', op: `      x-stability-level: ${level}\n` }).replace('required: [id], ', ''));
    const draft = breakIt('draft').find((f) => f.id === 'response-property-became-optional')!;
    expect(draft.level).toBe('info');
    expect(draft.overridden).toEqual({ from: 'breaking', reason: 'x-stability-level draft allows breaking changes' });
    expect(breakIt('stable').find((f) => f.id === 'response-property-became-optional')!.level).toBe('breaking');
    expect(breakIt('beta').find((f) => f.id === 'response-property-became-optional')!.level).toBe('breaking');
    // A level that allows breaking changes as warnings.
    const policy = { ...DEFAULT_POLICY, allow: { ...DEFAULT_POLICY.allow, beta: 'warning' as const } };
    const beta = diffTexts(api({ op: '      x-stability-level: beta\n' }), api({ version: '2.0.0', op: '      x-stability-level: beta\n' }).replace('required: [id], ', ''), { policy });
    expect(beta.find((f) => f.id === 'response-property-became-optional')!.level).toBe('warning');
  });

  it('does not count breaking changes a draft operation allows against the version policy', () => {
    const found = diffTexts(api({ op: '      x-stability-level: alpha\n' }), api({ op: '      x-stability-level: alpha\n' }).replace('required: [id], ', ''));
    expect(ids(found)).not.toContain('version-not-bumped');
    expect(found.filter((f) => f.level === 'breaking')).toEqual([]);
  });

  it('requires a sunset date on deprecation only when the policy says so', () => {
    const head = api({ version: '2.0.0', op: '      deprecated: true\n' });
    expect(ids(diffTexts(api(), head))).not.toContain('operation-deprecated-without-sunset');
    expect(ids(diffTexts(api(), head, { policy: { ...DEFAULT_POLICY, requireSunset: true } }))).toContain('operation-deprecated-without-sunset');
    const dated = api({ version: '2.0.0', op: "      deprecated: true\n      x-sunset: '2027-12-31'\n" });
    expect(ids(diffTexts(api(), dated, { policy: { ...DEFAULT_POLICY, requireSunset: true } }))).toEqual(['operation-deprecated']);
  });

  it('measures the deprecation window from today, by stability level', () => {
    const dep = (sunset: string, level = 'stable') => api({ version: '2.0.0', op: `      x-stability-level: ${level}\n      deprecated: true\n      x-sunset: '${sunset}'\n` });
    const base = (level = 'stable') => api({ op: `      x-stability-level: ${level}\n` });
    // stable: 180 days from 2026-11-23 is 2027-05-22.
    expect(ids(diffTexts(base(), dep('2027-05-21'), { today: TODAY }))).toContain('deprecation-window-too-short');
    expect(ids(diffTexts(base(), dep('2027-05-22'), { today: TODAY }))).not.toContain('deprecation-window-too-short');
    // beta: 31 days.
    expect(ids(diffTexts(base('beta'), dep('2027-01-01', 'beta'), { today: TODAY }))).not.toContain('deprecation-window-too-short');
    expect(ids(diffTexts(base('beta'), dep('2026-12-01', 'beta'), { today: TODAY }))).toContain('deprecation-window-too-short');
  });

  it('reads sunset dates in the configured format, and reports those that are not dates', () => {
    expect(parseSunset('2027-02-28', 'date')).toBe('2027-02-28');
    expect(parseSunset('2027-02-29', 'date')).toBeUndefined();
    expect(parseSunset('Sun, 06 Jun 2027 08:49:37 GMT', 'http-date')).toBe('2027-06-06');
    expect(parseSunset('Sun, 06 Jun 2027 08:49:37 GMT', 'date')).toBeUndefined();
    expect(parseSunset('2027-06-06', 'http-date')).toBeUndefined();
    expect(parseSunset('next spring', 'any')).toBeUndefined();
    const head = (s: string) => api({ version: '2.0.0', op: `      deprecated: true\n      x-sunset: '${s}'\n` });
    expect(ids(diffTexts(api(), head('2027-06-31')))).toContain('sunset-invalid');
    expect(ids(diffTexts(api(), head('2027-06-30')))).not.toContain('sunset-invalid');
    const httpOnly = { ...DEFAULT_POLICY, dateFormat: 'http-date' as const };
    expect(ids(diffTexts(api(), head('2027-06-30'), { policy: httpOnly }))).toContain('sunset-invalid');
  });

  it('reports a sunset moved earlier as breaking, and a lower stability level', () => {
    const sun = (s: string, level = 'stable') => api({ op: `      x-stability-level: ${level}\n      deprecated: true\n      x-sunset: '${s}'\n` });
    const earlier = diffTexts(sun('2027-12-31'), sun('2027-09-30').replace('version: 1.0.0', 'version: 2.0.0'));
    expect(earlier.find((f) => f.id === 'operation-sunset-earlier')!.level).toBe('breaking');
    expect(ids(diffTexts(sun('2027-12-31'), sun('2027-12-31', 'beta')))).toContain('stability-level-decreased');
    expect(ids(diffTexts(sun('2027-12-31', 'beta'), sun('2027-12-31', 'stable')))).not.toContain('stability-level-decreased');
  });
});

describe('severity overrides', () => {
  it('raises a warning to breaking, turns a rule off, and says why in the finding', () => {
    const base = api({ bodyDefault: ', default: fast' });
    const head = api({ version: '1.1.0', bodyDefault: ', default: safe' });
    expect(diffTexts(base, head).find((f) => f.id === 'request-default-changed')!.level).toBe('warning');
    const raised = diffTexts(base, head, { overrides: { 'request-default-changed': { level: 'breaking', reason: 'handlers read defaults' } } });
    const f = raised.find((x) => x.id === 'request-default-changed')!;
    expect(f.level).toBe('breaking');
    expect(f.overridden).toEqual({ from: 'warning', reason: 'handlers read defaults' });
    // Raised to breaking, it needs a major bump like any breaking change.
    expect(ids(raised)).toContain('version-not-bumped');
    const off = diffTexts(base, head, { overrides: { 'request-default-changed': { level: 'off', reason: 'tracked elsewhere' } } });
    expect(ids(off)).not.toContain('request-default-changed');
  });

  it('is read by the CLI from charter.config.yaml (and --config), and a bad section exits 2 with its line', async () => {
    const dir = project('diff:\n  rules:\n    request-default-changed: { level: breaking, reason: handlers read defaults }\n', {
      'a.yaml': api({ bodyDefault: ', default: fast' }),
      'b.yaml': api({ version: '2.0.0', bodyDefault: ', default: safe' }),
    });
    const r = await cli({ base: 'a.yaml', head: 'b.yaml', cwd: dir, format: 'json' });
    expect(r.code).toBe(1);
    const f = JSON.parse(r.stdout).findings.find((x: { id: string }) => x.id === 'request-default-changed');
    expect(f.level).toBe('breaking');
    expect(f.overridden.reason).toBe('handlers read defaults');
    const other = project('diff:\n  rules:\n    request-default-changed: { level: off, reason: not ours }\n');
    const r2 = await cli({ base: path.join(dir, 'a.yaml'), head: path.join(dir, 'b.yaml'), cwd: dir, config: path.join(other, 'charter.config.yaml'), format: 'json' });
    expect(r2.code).toBe(0);
    expect(JSON.parse(r2.stdout).findings.map((x: { id: string }) => x.id)).not.toContain('request-default-changed');
    const bad = project('diff:\n  rules:\n    nope: { level: off, reason: x }\n', { 'a.yaml': api(), 'b.yaml': api() });
    const r3 = await cli({ base: 'a.yaml', head: 'b.yaml', cwd: bad });
    expect(r3.code).toBe(2);
    expect(r3.stderr).toContain('charter.config.yaml:3');
    expect(r3.stderr).toContain('unknown diff rule "nope"');
  });
});
