/**
 * Table-driven rule tests: for each rule, test/lint/fixtures/<rule>.bad.yaml must get findings
 * of that rule on exactly the lines marked `# expect` (in the fixture and its helper files),
 * and <rule>.good.yaml must get none.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { RULES } from '../../scripts/charter/lint/rules/index.ts';
import { lintFile } from '../../scripts/charter/lint/engine.ts';
import { DEFAULT_CONFIG } from '../../scripts/charter/lint/config.ts';

const FIXTURES = path.join(import.meta.dirname, 'fixtures');

/** `file:line` of every `# expect` marker in the files of one fixture. */
function expectedLines(ruleId: string): string[] {
  const out: string[] = [];
  for (const name of fs.readdirSync(FIXTURES)) {
    if (!name.startsWith(`${ruleId}.bad.`)) continue;
    fs.readFileSync(path.join(FIXTURES, name), 'utf8')
      .split('\n')
      .forEach((line, i) => {
        if (/#\s*expect\s*$/.test(line)) out.push(`${name}:${i + 1}`);
      });
  }
  return out.sort();
}

function findingsOf(ruleId: string, kind: 'bad' | 'good') {
  const r = lintFile(path.join(FIXTURES, `${ruleId}.${kind}.yaml`), { ...DEFAULT_CONFIG, rules: {} });
  expect(r.fatal, r.fatal?.format()).toBeUndefined();
  expect(r.crashed).toEqual([]);
  return r.findings.filter((f) => f.rule === ruleId);
}

describe('lint rules', () => {
  it('every rule has a bad and a good fixture', () => {
    const missing = RULES.flatMap((r) => ['bad', 'good'].filter((k) => !fs.existsSync(path.join(FIXTURES, `${r.id}.${k}.yaml`))).map((k) => `${r.id}.${k}.yaml`));
    expect(missing).toEqual([]);
  });

  it('every rule has an id, a summary, docs and a hint', () => {
    const ids = new Set<string>();
    for (const r of RULES) {
      expect(r.id).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
      expect(ids.has(r.id), `duplicate rule id ${r.id}`).toBe(false);
      ids.add(r.id);
      expect(r.summary.length, r.id).toBeGreaterThan(10);
      expect(r.docs.length, r.id).toBeGreaterThan(80);
      expect(r.hint.length, r.id).toBeGreaterThan(10);
    }
  });

  for (const rule of RULES) {
    describe(rule.id, () => {
      it('reports exactly the lines marked `# expect` in the bad fixture', () => {
        const got = findingsOf(rule.id, 'bad')
          .map((f) => `${path.basename(f.location.file)}:${f.location.line}`)
          .sort();
        expect(got.length, 'the bad fixture must trigger the rule').toBeGreaterThan(0);
        expect([...new Set(got)]).toEqual(expectedLines(rule.id));
      });

      it('reports nothing on the good fixture', () => {
        const got = findingsOf(rule.id, 'good').map((f) => `${f.location.line}: ${f.message}`);
        expect(got).toEqual([]);
      });

      it('gives every finding a message, a hint and a pointer', () => {
        for (const f of findingsOf(rule.id, 'bad')) {
          expect(f.message).not.toBe('');
          expect(f.hint ?? '').not.toBe('');
          expect(typeof f.location.pointer).toBe('string');
          expect(f.location.column).toBeGreaterThan(0);
        }
      });
    });
  }
});
