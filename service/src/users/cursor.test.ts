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

  it('reject timestamps PostgreSQL cannot store or toISOString would not write', () => {
    const encode = (time: string) => Buffer.from(JSON.stringify([time, position.id])).toString('base64url');
    for (const time of ['-004714-01-01T00:00:00.000Z', '-000001-01-01T00:00:00.000Z', '0000-01-01T00:00:00.000Z', '+275760-09-13T00:00:00.000Z', '2026-02-30T00:00:00.000Z', '2026-01-02T03:04:05Z']) {
      expect(decodeCursor(encode(time)), time).toBeUndefined();
    }
    expect(decodeCursor(encode('0001-01-01T00:00:00.000Z'))?.createdAt.toISOString()).toBe('0001-01-01T00:00:00.000Z');
    expect(decodeCursor(encode('9999-12-31T23:59:59.999Z'))?.createdAt.toISOString()).toBe('9999-12-31T23:59:59.999Z');
  });

  it('accept only the one spelling the API issues: no padding, no spare bits, no other JSON layout, no upper-case id', () => {
    const cursor = encodeCursor(position);
    expect(decodeCursor(`${cursor}=`)).toBeUndefined();
    const last = cursor.at(-1)!;
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    const sameBytes = [...alphabet].filter((c) => c !== last && Buffer.from(cursor.slice(0, -1) + c, 'base64url').equals(Buffer.from(cursor, 'base64url')));
    expect(sameBytes.length).toBeGreaterThan(0);
    for (const c of sameBytes) expect(decodeCursor(cursor.slice(0, -1) + c)).toBeUndefined();
    const spaced = Buffer.from(JSON.stringify([position.createdAt.toISOString(), position.id], null, 1)).toString('base64url');
    expect(decodeCursor(spaced)).toBeUndefined();
    expect(decodeCursor(encodeCursor({ ...position, id: position.id.toUpperCase() }))).toBeUndefined();
  });
});
