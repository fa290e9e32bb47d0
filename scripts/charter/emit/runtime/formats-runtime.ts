/**
 * What the compiled request validators (validators.ts) call at run time: the string and numeric
 * formats (ajv-formats' full set plus OpenAPI's own, as express-openapi-validator defines them
 * for requests) and the two helpers Ajv's generated code uses. `charter generate` copies this
 * file verbatim to generated/server/formats.ts and compiles the validators against the same
 * module, so the formats checked at run time are the ones the code was generated for.
 */
import { fullFormats } from 'ajv-formats/dist/formats.js';

const INT32 = 2 ** 31 - 1;

/** OpenAPI's formats as express-openapi-validator checks them in requests. */
export const openApiFormats = {
  int32: { type: 'number' as const, validate: (n: number): boolean => Number.isInteger(n) && n <= INT32 && n >= -INT32 - 1 },
  int64: { type: 'number' as const, validate: (n: number): boolean => Number.isInteger(n) && Math.abs(n) <= 2 ** 63 },
  float: { type: 'number' as const, validate: (n: number): boolean => Number.isFinite(n) },
  double: { type: 'number' as const, validate: (n: number): boolean => typeof n === 'number' },
  byte: (b: string): boolean => b.length % 4 === 0 && /^[A-Za-z0-9+/]*(=|==)?$/.test(b),
  binary: true,
  password: true,
  'media-range': true,
};

/** Every format a compiled validator may name, by name. */
export const formats: Record<string, unknown> = { ...fullFormats, ...openApiFormats };

/** The length of a string in Unicode code points (JSON Schema's minLength/maxLength). */
export function ucs2length(str: string): number {
  const len = str.length;
  let length = 0;
  let pos = 0;
  while (pos < len) {
    length++;
    const value = str.charCodeAt(pos++);
    if (value >= 0xd800 && value <= 0xdbff && pos < len) {
      const next = str.charCodeAt(pos);
      if ((next & 0xfc00) === 0xdc00) pos++;
    }
  }
  return length;
}

/** Deep equality of JSON values (enum, const, uniqueItems). */
export function equal(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a && b && typeof a === 'object' && typeof b === 'object') {
    if (Array.isArray(a)) {
      if (!Array.isArray(b) || a.length !== b.length) return false;
      for (let i = 0; i < a.length; i++) if (!equal(a[i], b[i])) return false;
      return true;
    }
    if (Array.isArray(b)) return false;
    const ka = Object.keys(a);
    if (ka.length !== Object.keys(b).length) return false;
    for (const k of ka) {
      if (!Object.prototype.hasOwnProperty.call(b, k) || !equal((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k])) return false;
    }
    return true;
  }
  return a !== a && b !== b;
}
