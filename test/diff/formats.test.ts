/**
 * The SARIF 2.1.0 and JUnit outputs of `charter diff`, and `charter changelog`. No SARIF
 * schema package is installed: the properties SARIF 2.1.0 requires (and code scanning
 * reads) are checked one by one.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runChangelog } from '../../scripts/charter/diff/changelog.ts';
import { ALL_RULES } from '../../scripts/charter/diff/index.ts';
import { FIXTURES, ROOT, TODAY, cli } from './helpers.ts';

const fx = (name: string) => [path.join(FIXTURES, `${name}.base.yaml`), path.join(FIXTURES, `${name}.head.yaml`)] as const;

describe('--format sarif', () => {
  it('is a SARIF 2.1.0 log: the rule table as driver rules, each result with its rule, level and file:line', async () => {
    const [b, h] = fx('response-success-status-removed');
    const r = await cli({ base: b, head: h, format: 'sarif' });
    expect(r.code).toBe(1);
    const log = JSON.parse(r.stdout);
    expect(log.version).toBe('2.1.0');
    expect(log.$schema).toMatch(/sarif-2\.1\.0/);
    expect(log.runs).toHaveLength(1);
    const run = log.runs[0];
    expect(run.tool.driver.name).toBe('charter diff');
    const rules = run.tool.driver.rules as Array<{ id: string; shortDescription: { text: string }; defaultConfiguration: { level: string } }>;
    expect(rules.map((x) => x.id)).toEqual(ALL_RULES.map((x) => x.id).sort());
    for (const rule of rules) {
      expect(rule.shortDescription.text.length).toBeGreaterThan(0);
      expect(['error', 'warning', 'note']).toContain(rule.defaultConfiguration.level);
    }
    expect(run.results.length).toBe(2);
    for (const res of run.results) {
      expect(typeof res.ruleId).toBe('string');
      expect(rules[res.ruleIndex]!.id).toBe(res.ruleId);
      expect(['error', 'warning', 'note']).toContain(res.level);
      expect(typeof res.message.text).toBe('string');
      const loc = res.locations[0].physicalLocation;
      expect(typeof loc.artifactLocation.uri).toBe('string');
      expect(Number.isInteger(loc.region.startLine) && loc.region.startLine > 0).toBe(true);
    }
    const removed = run.results.find((x: { ruleId: string }) => x.ruleId === 'response-success-status-removed');
    expect(removed.level).toBe('error');
    // A removal is located in the base file, at the removed response.
    expect(removed.locations[0].physicalLocation.artifactLocation.uri).toBe(path.relative(process.cwd(), b));
    expect(removed.locations[0].physicalLocation.region.startLine).toBe(21);
    expect(removed.locations[0].logicalLocations[0].fullyQualifiedName).toBe('POST /items/{itemId}');
    expect(run.results.find((x: { ruleId: string }) => x.ruleId === 'response-success-status-added').level).toBe('warning');
  });

  it('names the revision of a location read from git, with the path in the revision', async () => {
    const r = await cli({ base: 'HEAD:test/diff/fixtures/response-success-status-removed.base.yaml', head: 'test/diff/fixtures/response-success-status-removed.head.yaml', format: 'sarif', cwd: ROOT });
    const res = JSON.parse(r.stdout).runs[0].results.find((x: { ruleId: string }) => x.ruleId === 'response-success-status-removed');
    expect(res.locations[0].physicalLocation.artifactLocation.uri).toBe('test/diff/fixtures/response-success-status-removed.base.yaml');
    expect(res.locations[0].physicalLocation.region.startLine).toBe(21);
    expect(res.properties.revision).toBe('HEAD');
  });
});

describe('--format junit', () => {
  it('has one testsuite, a testcase per operation, a failure for breaking findings', async () => {
    const [b, h] = fx('response-success-status-removed');
    const r = await cli({ base: b, head: h, format: 'junit' });
    expect(r.code).toBe(1);
    expect(r.stdout.startsWith('<?xml version="1.0" encoding="UTF-8"?>')).toBe(true);
    expect(r.stdout.match(/<testsuite /g)).toHaveLength(1);
    expect(r.stdout).toContain('<testcase classname="charter.diff" name="POST /items/{itemId}">');
    expect(r.stdout).toMatch(/<failure message="1 finding at or above breaking" type="response-success-status-removed">breaking response-success-status-removed: success response 200 removed/);
    expect(r.stdout).toContain('<system-out>warning response-success-status-added');
    expect(r.stdout).toMatch(/<testsuite name="charter diff" tests="1" failures="1"/);
  });

  it('passes when nothing reaches --fail-on, and still has a testcase saying what was compared', async () => {
    const [b] = fx('response-success-status-removed');
    const r = await cli({ base: b, head: b, format: 'junit' });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/<testsuite name="charter diff" tests="1" failures="0"/);
    expect(r.stdout).toMatch(/<testcase classname="charter.diff" name="compared [^"]+response-success-status-removed.base.yaml/);
  });
});

describe('charter changelog', () => {
  const run = async (base: string, head: string) => {
    let out = '';
    let err = '';
    const code = await runChangelog({ base, revision: head, today: TODAY }, { stdout: (s) => (out += s), stderr: (s) => (err += s) });
    return { code, out, err };
  };

  it('groups the changes by operation and by kind, breaking ones also listed first', async () => {
    const corpus = path.resolve(ROOT, '../shared/corpus/openapi-pairs');
    const r = await run(path.join(corpus, 'redocly-museum.base.yaml'), path.join(corpus, 'redocly-museum.head.yaml'));
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^# Redocly Museum API 1\.1\.0 → 1\.2\.1\n/);
    const top = r.out.slice(r.out.indexOf('## ⚠️ Breaking changes'), r.out.indexOf('\n## `'));
    expect(top).toContain('- `POST /tickets`: success response 200 removed');
    expect(top.split('\n').filter((l) => l.startsWith('- '))).toHaveLength(5);
    const tickets = r.out.slice(r.out.indexOf('## `POST /tickets`'));
    expect(tickets).toMatch(/^## `POST \/tickets`\n\n### Breaking\n\n- success response 200 removed\n/);
    for (const kind of ['Breaking', 'Added']) expect(r.out).toContain(`### ${kind}`);
  });

  it('puts deprecations, removals and additions under their own headings', async () => {
    const [b, h] = fx('operation-deprecated');
    const dep = await run(b, h);
    expect(dep.out).toMatch(/### Deprecated\n\n- /);
    const [b2, h2] = fx('operation-added');
    expect((await run(b2, h2)).out).toMatch(/### Added\n\n- /);
    const [b3, h3] = fx('sent-message-removed');
    expect((await run(b3, h3)).out).toMatch(/### Removed\n\n- /);
  });

  it('says there are no changes when there are none, and exits 2 on an unreadable contract', async () => {
    const [b] = fx('operation-added');
    expect((await run(b, b)).out).toContain('No changes.');
    const bad = await run(b, path.join(FIXTURES, 'does-not-exist.yaml'));
    expect(bad.code).toBe(2);
    expect(bad.err).toContain('does-not-exist.yaml');
  });
});
