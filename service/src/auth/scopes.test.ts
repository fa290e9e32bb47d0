import { describe, expect, it } from 'vitest';
import { allowsAnonymous, missingScopes } from './scopes.ts';

const caller = (...scopes: string[]) => ({ subject: 'u', scopes });

describe('missingScopes', () => {
  it('needs every scope of one alternative', () => {
    expect(missingScopes([{ bearer: ['a', 'b'] }], caller('a'))).toEqual(['b']);
    expect(missingScopes([{ bearer: ['a', 'b'] }], caller('a', 'b'))).toEqual([]);
  });

  it('is satisfied by any one alternative', () => {
    expect(missingScopes([{ bearer: ['a'] }, { bearer: ['b'] }], caller('b'))).toEqual([]);
  });

  it('treats admin as holding every scope', () => {
    expect(missingScopes([{ bearer: ['users:write'] }], caller('admin'))).toEqual([]);
  });

  it('lets anyone call when the contract declares no requirement or an empty one', () => {
    expect(allowsAnonymous(undefined)).toBe(true);
    expect(allowsAnonymous([])).toBe(true);
    expect(allowsAnonymous([{}, { bearer: ['a'] }])).toBe(true);
    expect(allowsAnonymous([{ bearer: [] }])).toBe(false);
  });
});
