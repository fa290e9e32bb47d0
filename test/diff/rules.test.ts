/**
 * Every rule has a fixture pair in fixtures/ (`<rule>.base.yaml` → `<rule>.head.yaml`);
 * the head file's `# expect:` line lists every rule id the pair must produce, no more. A
 * `# policy: {json}` line sets lifecycle policy settings for the pair (over the defaults).
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadContract } from '../../scripts/charter/loader/load.ts';
import { ALL_RULES, diffContracts } from '../../scripts/charter/diff/index.ts';
import { renderRules } from '../../scripts/charter/diff/format.ts';
import { DEFAULT_POLICY } from '../../scripts/charter/diff/policy.ts';
import { FIXTURES, ROOT, TODAY, ids } from './helpers.ts';

const pairs = fs
  .readdirSync(FIXTURES)
  .filter((f) => f.endsWith('.base.yaml'))
  .map((f) => f.slice(0, -'.base.yaml'.length))
  .sort();

describe('rule fixtures', () => {
  it.each(pairs)('%s: the fixture pair produces exactly the expected rules', (name) => {
    const headFile = path.join(FIXTURES, `${name}.head.yaml`);
    const expectLine = /^# expect:(.*)$/m.exec(fs.readFileSync(headFile, 'utf8'));
    expect(expectLine, `${name}.head.yaml needs a "# expect: rule-id ..." line`).toBeTruthy();
    const expected = expectLine![1]!.trim().split(/\s+/).filter(Boolean).sort();
    const policyLine = /^# policy:(.*)$/m.exec(fs.readFileSync(headFile, 'utf8'));
    const policy = { ...DEFAULT_POLICY, ...(policyLine ? JSON.parse(policyLine[1]!) : {}) };
    const findings = diffContracts(loadContract(path.join(FIXTURES, `${name}.base.yaml`)), loadContract(headFile), { today: TODAY, policy });
    expect(ids(findings)).toEqual(expected);
    for (const f of findings) {
      expect(f.location.line, `${f.id} has a line number`).toBeGreaterThan(0);
      expect(f.fingerprint).toMatch(/^[0-9a-f]{16}$/);
    }
  });

  it('has a fixture pair for every rule the engine checks', () => {
    const reportedByCli = new Set(['ignore-expired', 'ignore-unmatched']); // covered in cli.test.ts
    const missing = ALL_RULES.map((r) => r.id).filter((id) => !pairs.includes(id) && !reportedByCli.has(id));
    expect(missing).toEqual([]);
  });
});

describe('rule modules', () => {
  it('registers every module of scripts/charter/diff/rules/ exactly once', () => {
    const dir = path.join(ROOT, 'scripts/charter/diff/rules');
    const modules = fs
      .readdirSync(dir)
      .filter((f) => f.endsWith('.ts') && !['index.ts', 'kit.ts', 'security.ts'].includes(f))
      .map((f) => f.slice(0, -3))
      .sort();
    const registered = ALL_RULES.map((r) => r.id).sort();
    expect(registered).toEqual(modules);
  });

  it('gives each rule a kebab-case id, a level, a direction, a summary and a doc paragraph', () => {
    for (const r of ALL_RULES) {
      expect(r.id).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
      expect(['breaking', 'warning', 'info']).toContain(r.level);
      expect(['request', 'response', 'both', 'none']).toContain(r.direction);
      expect(r.summary.length, r.id).toBeGreaterThan(10);
      expect(r.doc.length, r.id).toBeGreaterThan(10);
      if (r.on !== 'meta') expect(typeof r.check, r.id).toBe('function');
    }
    expect(ALL_RULES.length).toBeGreaterThanOrEqual(150);
  });

  it('has a response twin for every request schema rule that narrows, and the other way round', () => {
    const schemaRules = ALL_RULES.filter((r) => r.on === 'schema');
    const req = schemaRules.filter((r) => r.direction === 'request').length;
    const res = schemaRules.filter((r) => r.direction === 'response').length;
    expect(Math.abs(req - res)).toBeLessThanOrEqual(6);
  });
});

describe('docs/diff-rules.md', () => {
  it('is up to date with the rules (regenerate: node scripts/charter/bin.mjs diff --rules --format markdown > docs/diff-rules.md)', () => {
    const committed = fs.readFileSync(path.join(ROOT, 'docs/diff-rules.md'), 'utf8');
    expect(committed).toBe(renderRules('markdown', ALL_RULES));
  });
});
