/**
 * A fast slice of the reliability suite (scripts/reliability/, `npm run test:reliability`) so
 * `npm test` keeps its invariants honest: a few hundred contract-driven fuzz requests against the
 * real service, and the hostile contracts through `charter generate` and `lint`.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Check } from '../../scripts/reliability/checks.ts';
import { fuzzContract } from '../../scripts/reliability/fuzz.ts';
import { hostileCases, runCliCases } from '../../scripts/reliability/hostile-cli.ts';

describe('reliability smoke', () => {
  it('answers 400 contract-driven fuzz requests without a 5xx, an undeclared code or a 2xx off the contract', async () => {
    const check = new Check('fuzz', 'smoke');
    await fuzzContract(check, { runs: 400 });
    expect(check.tried).toBeGreaterThanOrEqual(390);
    expect(check.violations).toEqual([]);
  }, 60_000);

  it('survives the hostile contracts in generate and lint: exit 0/1/2, located message, no stack trace, bounded memory', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'charter-smoke-hostile-'));
    try {
      const check = new Check('cli', 'smoke');
      // The 50 MB string takes ~20 s per command; the full suite covers it.
      await runCliCases(check, hostileCases(dir, { commands: ['generate', 'lint'], skip: ['string-50mb.yaml'] }), { timeoutMs: 30_000, maxRssMb: 600, concurrency: 3 });
      expect(check.tried).toBe(12);
      expect(check.violations).toEqual([]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }, 90_000);
});
