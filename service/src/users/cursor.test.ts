import { describe, expect, it } from 'vitest';
import { decodeCursor, encodeCursor } from './domain.ts';

describe('list cursors', () => {
  const position = { createdAt: new Date('2026-01-02T03:04:05.678Z'), id: '0b4a4f5e-8a4e-4c8e-9a43-1f6f0c1d2e3f' };

  it('round-trip the keyset position through an opaque base64url string', () => {
    const cursor = encodeCursor(position);
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeCursor(cursor)).toEqual(position);
  });

  it('reject strings that are not cursors this API issued', () => {
    const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
    expect(decodeCursor('not a cursor!')).toBeUndefined();
    expect(decodeCursor('abc')).toBeUndefined();
    expect(decodeCursor(encode({ createdAt: 1 }))).toBeUndefined();
    expect(decodeCursor(encode(['yesterday', position.id]))).toBeUndefined();
    expect(decodeCursor(encode([position.createdAt.toISOString(), 'not-a-uuid']))).toBeUndefined();
  });
});
