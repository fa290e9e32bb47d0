/**
 * `charter diff` as a command: exit codes, formats, the ignore file, and git revisions
 * (in a throwaway repository, as CI runs it).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { FIXTURES, ROOT, cli } from './helpers.ts';

const fx = (name: string) => [path.join(FIXTURES, `${name}.base.yaml`), path.join(FIXTURES, `${name}.head.yaml`)] as const;

describe('exit codes and formats', () => {
  it('exits 1 on a breaking change and 0 when only warnings and info remain', async () => {
    const [b, h] = fx('request-parameter-added-required');
    expect((await cli({ base: b, head: h })).code).toBe(1);
    const [b2, h2] = fx('request-parameter-removed');
    expect((await cli({ base: b2, head: h2 })).code).toBe(0);
  });

  it('honours --fail-on warning and info', async () => {
    const [b, h] = fx('request-parameter-removed'); // a warning
    expect((await cli({ base: b, head: h, failOn: 'warning' })).code).toBe(1);
    const [b2, h2] = fx('request-parameter-added'); // info only
    expect((await cli({ base: b2, head: h2, failOn: 'warning' })).code).toBe(0);
    expect((await cli({ base: b2, head: h2, failOn: 'info' })).code).toBe(1);
  });

  it('exits 2 on usage and input errors', async () => {
    const [b] = fx('request-parameter-added');
    expect((await cli({ base: b })).code).toBe(2);
    expect((await cli({ base: b, head: path.join(FIXTURES, 'nope.yaml') })).code).toBe(2);
    expect((await cli({ base: b, head: b, format: 'xml' })).code).toBe(2);
    expect((await cli({ base: b, head: b, failOn: 'fatal' })).code).toBe(2);
    const r = await cli({ base: b, head: path.join(ROOT, 'contracts/asyncapi.yaml') });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('cannot compare an openapi document with an asyncapi document');
  });

  it('prints the documented JSON shape', async () => {
    const [b, h] = fx('response-success-status-removed');
    const r = await cli({ base: b, head: h, format: 'json' });
    const out = JSON.parse(r.stdout);
    expect(out.summary).toEqual({ breaking: 1, warning: 1, info: 0, ignored: 0 });
    expect(out.findings[0]).toEqual({
      id: 'response-success-status-removed',
      level: 'breaking',
      message: 'success response 200 removed',
      operation: 'POST /items/{itemId}',
      direction: 'response',
      location: { file: path.relative(process.cwd(), b), line: expect.any(Number), pointer: '/paths/~1items~1{itemId}/post/responses/200' },
      fingerprint: expect.stringMatching(/^[0-9a-f]{16}$/),
      context: { method: 'POST', path: '/items/{itemId}', operationId: 'updateItem', status: '200' },
    });
  });

  it('prints GitHub workflow annotations', async () => {
    const [b, h] = fx('response-success-status-removed');
    const r = await cli({ base: b, head: h, format: 'github' });
    expect(r.stdout).toMatch(/^::error file=[^,]+base\.yaml,line=\d+,title=response-success-status-removed \(POST \/items\/\{itemId\}\)::success response 200 removed$/m);
    expect(r.stdout).toMatch(/^::warning file=.*head\.yaml,line=\d+,/m);
  });

  it('prints markdown for a PR comment, and text grouped by operation', async () => {
    const [b, h] = fx('response-success-status-removed');
    const md = await cli({ base: b, head: h, format: 'markdown' });
    expect(md.stdout).toContain('### ❌ Charter diff: 1 breaking, 1 warning, 0 info');
    expect(md.stdout).toContain('| ✖ breaking | `response-success-status-removed` | POST /items/{itemId} |');
    const text = await cli({ base: b, head: h });
    expect(text.stdout).toMatch(/^POST \/items\/\{itemId\}\n {2}✖ breaking +success response 200 removed \[response-success-status-removed\]/m);
    expect(text.stdout).not.toContain('\x1b[');
    const coloured = await cli({ base: b, head: h, color: true });
    expect(coloured.stdout).toContain('\x1b[31m');
  });

  it('lists the rules as text, markdown and json', async () => {
    const text = await cli({ rules: true });
    expect(text.stdout).toMatch(/^response-success-status-removed\s+breaking\s+response\s+/m);
    const json = JSON.parse((await cli({ rules: true, format: 'json' })).stdout);
    expect(json.length).toBeGreaterThanOrEqual(150);
    expect(json[0]).toEqual({ id: expect.any(String), level: expect.any(String), direction: expect.any(String), on: expect.any(String), summary: expect.any(String), doc: expect.any(String) });
    expect((await cli({ rules: true, format: 'markdown' })).stdout).toContain('# `charter diff` rules');
  });
});

describe('ignore file', () => {
  const [b, h] = fx('response-success-status-removed');
  const write = (text: string) => {
    const f = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'charter-ignore-')), 'charter-ignore.yaml');
    fs.writeFileSync(f, text);
    return f;
  };
  let fingerprint = '';
  beforeAll(async () => {
    fingerprint = JSON.parse((await cli({ base: b, head: h, format: 'json' })).stdout).findings[0].fingerprint;
  });

  it('hides a finding matched by fingerprint until it expires', async () => {
    const f = write(`ignore:\n  - id: response-success-status-removed\n    fingerprint: ${fingerprint}\n    reason: clients moved to 201\n    expires: 2999-12-31\n`);
    const r = await cli({ base: b, head: h, ignoreFile: f, format: 'json' });
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).summary).toEqual({ breaking: 0, warning: 1, info: 0, ignored: 1 });
    expect(JSON.parse(r.stdout).ignored[0].ignored).toEqual({ reason: 'clients moved to 201', expires: '2999-12-31' });
  });

  it('matches by operation and pointer too', async () => {
    const f = write(`ignore:\n  - id: response-success-status-removed\n    operation: POST /items/{itemId}\n    pointer: /paths/~1items~1{itemId}/post/responses/200\n    reason: clients moved to 201\n    expires: 2999-12-31\n`);
    expect((await cli({ base: b, head: h, ignoreFile: f })).code).toBe(0);
  });

  it('fails on an expired entry, which hides nothing', async () => {
    const f = write(`ignore:\n  - id: response-success-status-removed\n    fingerprint: ${fingerprint}\n    reason: clients moved to 201\n    expires: 2020-01-01\n`);
    const r = await cli({ base: b, head: h, ignoreFile: f, format: 'json' });
    expect(r.code).toBe(1);
    const ids = JSON.parse(r.stdout).findings.map((x: { id: string }) => x.id);
    expect(ids).toContain('ignore-expired');
    expect(ids).toContain('response-success-status-removed');
  });

  it('reports an entry that matches nothing as info', async () => {
    const f = write(`ignore:\n  - id: response-success-status-removed\n    fingerprint: 0000000000000000\n    reason: old\n    expires: 2999-12-31\n`);
    const r = await cli({ base: b, head: h, ignoreFile: f, format: 'json' });
    expect(JSON.parse(r.stdout).findings.map((x: { id: string }) => x.id)).toContain('ignore-unmatched');
  });

  it.each([
    ['no reason', `ignore:\n  - id: response-success-status-removed\n    fingerprint: abc\n    expires: 2999-12-31\n`, /has no `reason`/, 2],
    ['no expiry', `ignore:\n  - id: response-success-status-removed\n    fingerprint: abc\n    reason: r\n`, /has no `expires` date/, 2],
    ['a bad date', `ignore:\n  - id: response-success-status-removed\n    fingerprint: abc\n    reason: r\n    expires: 2999-13-45\n`, /YYYY-MM-DD/, 5],
    ['an unknown rule', `ignore:\n  - id: no-such-rule\n    fingerprint: abc\n    reason: r\n    expires: 2999-12-31\n`, /unknown rule id/, 2],
  ])('rejects an entry with %s (exit 2, with its location)', async (_what, text, message, line) => {
    const f = write(text);
    const r = await cli({ base: b, head: h, ignoreFile: f });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).toContain(`${f}:${line}:`);
  });
});

describe('git revisions', () => {
  const git = (cwd: string, ...args: string[]) => execFileSync('git', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  let repo = '';
  beforeAll(() => {
    repo = fs.mkdtempSync(path.join(os.tmpdir(), 'charter-diff-repo-'));
    git(repo, 'init', '-q', '-b', 'main');
    git(repo, 'config', 'user.email', 'test@example.com');
    git(repo, 'config', 'user.name', 'test');
    fs.mkdirSync(path.join(repo, 'contracts'));
    for (const f of ['openapi.yaml', 'errors.yaml', 'asyncapi.yaml']) fs.copyFileSync(path.join(ROOT, 'contracts', f), path.join(repo, 'contracts', f));
  });

  it('says there is nothing to compare on the first commit, and exits 0', async () => {
    git(repo, 'add', '.');
    git(repo, 'commit', '-qm', 'contracts');
    const r = await cli({ cwd: repo });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('nothing to compare');
  });

  it('fails on a breaking edit, passes once it is ignored with a reason and a future expiry, and fails again once expired', async () => {
    const file = path.join(repo, 'contracts/openapi.yaml');
    const text = fs.readFileSync(file, 'utf8');
    // Removing displayName from UserPatch (additionalProperties: false) rejects clients that send it.
    const edited = text.replace(
      '        email: { type: string, format: email, maxLength: 254 }\n        displayName: { type: string, minLength: 1, maxLength: 100 }\n        locale: { $ref: \'#/components/schemas/Locale\' }\n    UserPage:',
      "        email: { type: string, format: email, maxLength: 254 }\n        locale: { $ref: '#/components/schemas/Locale' }\n    UserPage:",
    );
    expect(edited).not.toBe(text);
    fs.writeFileSync(file, edited);
    git(repo, 'commit', '-qam', 'drop displayName from UserPatch');

    const r = await cli({ cwd: repo, format: 'json' });
    expect(r.code).toBe(1);
    const out = JSON.parse(r.stdout);
    const f = out.findings.find((x: { id: string }) => x.id === 'request-property-removed-closed');
    // A removal is located in the base: the file at the revision it was compared with.
    expect(f).toMatchObject({ operation: 'PATCH /users/{userId}', location: { file: 'HEAD~1:contracts/openapi.yaml', pointer: '/components/schemas/UserPatch/properties/displayName' } });
    expect(out.findings.map((x: { id: string }) => x.id)).toContain('version-not-bumped');
    // Same result with an explicit --base-ref, and with REF:path arguments.
    expect((await cli({ cwd: repo, baseRef: 'HEAD~1' })).code).toBe(1);
    const byRef = await cli({ cwd: repo, base: 'HEAD~1:contracts/openapi.yaml', head: 'contracts/openapi.yaml', format: 'json' });
    expect(byRef.code).toBe(1);
    expect(JSON.parse(byRef.stdout).findings.find((x: { id: string }) => x.id === 'request-property-removed-closed').fingerprint).toBe(f.fingerprint);

    const ignore = (expires: string) =>
      fs.writeFileSync(
        path.join(repo, 'contracts/charter-ignore.yaml'),
        `ignore:\n  - id: request-property-removed-closed\n    fingerprint: ${f.fingerprint}\n    reason: No client sends displayName on PATCH (checked the pacts).\n    expires: ${expires}\n`,
      );
    ignore('2999-12-31');
    const ok = await cli({ cwd: repo, format: 'json' });
    expect(JSON.parse(ok.stdout).findings).toEqual([]);
    expect(JSON.parse(ok.stdout).summary.ignored).toBe(1);
    expect(ok.code).toBe(0);

    ignore('2001-01-01');
    const expired = await cli({ cwd: repo, format: 'json' });
    expect(expired.code).toBe(1);
    expect(JSON.parse(expired.stdout).findings.map((x: { id: string }) => x.id)).toContain('ignore-expired');
  });

  it('reads the error catalogue at the base revision too', async () => {
    const errors = path.join(repo, 'contracts/errors.yaml');
    fs.writeFileSync(errors, fs.readFileSync(errors, 'utf8').replace('  USER_NOT_FOUND:\n    status: 404', '  USER_NOT_FOUND:\n    status: 410'));
    git(repo, 'commit', '-qam', 'USER_NOT_FOUND is 410 now');
    fs.rmSync(path.join(repo, 'contracts/charter-ignore.yaml'), { force: true });
    const r = await cli({ cwd: repo, format: 'json' });
    const ids = JSON.parse(r.stdout).findings.map((x: { id: string }) => x.id);
    expect(ids).toContain('error-status-changed');
    expect(r.code).toBe(1);
  });

  it('finds the project contracts from a subdirectory', async () => {
    fs.mkdirSync(path.join(repo, 'docs'), { recursive: true });
    const r = await cli({ cwd: path.join(repo, 'docs'), format: 'json' });
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout).findings.map((x: { id: string }) => x.id)).toContain('error-status-changed');
  });

  it('exits 2 for an unknown revision', async () => {
    expect((await cli({ cwd: repo, baseRef: 'no-such-branch' })).code).toBe(2);
    expect((await cli({ cwd: repo, base: 'no-such-branch:contracts/openapi.yaml', head: 'contracts/openapi.yaml' })).code).toBe(2);
  });

  it('runs through the real CLI entry point (node scripts/charter/bin.mjs diff)', () => {
    const r = spawnSync(process.execPath, [path.join(ROOT, 'scripts/charter/bin.mjs'), 'diff', '--base-ref', 'HEAD~1', '--format', 'github'], { cwd: repo, encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/^::error file=contracts\/errors\.yaml,line=\d+,title=error-status-changed/m);
  });
});
