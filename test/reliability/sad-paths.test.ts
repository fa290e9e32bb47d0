/**
 * A fast slice of the sad-path generators (scripts/reliability/sad-paths.ts; the full runs are in
 * `npm run test:reliability`): cursors, entity tags and raw-HTTP malformations over a few hundred
 * cases each, and a short poison-message sequence on real NATS and in-process.
 */
import { describe, expect, it } from 'vitest';
import { Check } from '../../scripts/reliability/checks.ts';
import { cursorSpace, etagSpace, poisonMessages, rawHttpMalformations } from '../../scripts/reliability/sad-paths.ts';

describe('sad-path generators (smoke)', () => {
  it.each([
    ['cursors', (c: Check) => cursorSpace(c, 200)],
    ['entity tags', (c: Check) => etagSpace(c, 200)],
    ['raw HTTP malformations', (c: Check) => rawHttpMalformations(c, 150)],
    ['poison messages', (c: Check) => poisonMessages(c, 2)],
  ])('%s: no 5xx, a problem body on every error, the class invariants hold', async (name, run) => {
    const check = new Check('sad paths', name);
    await run(check);
    expect(check.tried).toBeGreaterThan(0);
    expect(check.violations).toEqual([]);
  }, 120_000);
});
