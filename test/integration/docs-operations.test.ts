import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../support/cli.ts';

describe('docs/operations.md', () => {
  it('documents every environment variable config.ts reads, each in a table row with its default', () => {
    const source = fs.readFileSync(path.join(REPO_ROOT, 'service/src/config.ts'), 'utf8');
    const variables = [...new Set([...source.matchAll(/read\.\w+\('([A-Z][A-Z0-9_]*)'/g)].map((m) => m[1]!))].sort();
    expect(variables.length).toBeGreaterThan(20);
    const doc = fs.readFileSync(path.join(REPO_ROOT, 'docs/operations.md'), 'utf8');
    const rows = new Map([...doc.matchAll(/^\| `([A-Z][A-Z0-9_]*)` \| ([^|]+) \|/gm)].map((m) => [m[1]!, m[2]!.trim()]));
    const undocumented = variables.filter((v) => !rows.has(v));
    expect(undocumented, 'add a row for each to docs/operations.md').toEqual([]);
    for (const v of variables) expect(rows.get(v), `${v} needs a default`).not.toBe('');
  });
});
