import { describe, expect, it } from 'vitest';
import { canonicalUserId, sameUserId } from './ids.ts';

describe('user ids', () => {
  const id = '0b4a4f5e-8a4e-4c8e-9a43-1f6f0c1d2e3f';

  it('compare case-insensitively, as PostgreSQL compares uuid values', () => {
    expect(canonicalUserId(id.toUpperCase())).toBe(id);
    expect(sameUserId(id.toUpperCase(), id)).toBe(true);
    expect(sameUserId(id, '0b4a4f5e-8a4e-4c8e-9a43-1f6f0c1d2e30')).toBe(false);
  });

  it('are only the hyphenated form: no urn prefix, braces or bare hex, which the database would read differently or refuse', () => {
    for (const other of [`urn:uuid:${id}`, `{${id}}`, id.replace(/-/g, ''), ` ${id}`, 'ops', '']) {
      expect(canonicalUserId(other), other).toBeUndefined();
      expect(sameUserId(other, other), other).toBe(false);
    }
    expect(sameUserId(undefined, undefined)).toBe(false);
  });
});
