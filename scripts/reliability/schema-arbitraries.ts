/**
 * fast-check arbitraries derived from the contract's JSON Schemas, and the mutators that turn a
 * valid value into a hostile one. Written here rather than taken from openapi-sampler so the
 * generators know the exact keywords the contract uses (pattern, format, min/maxLength, enum,
 * additionalProperties, minProperties, type arrays) and where their boundaries are.
 */
import fc from 'fast-check';

export type Deref = (schema: any) => any;

/** Values the schema accepts (best effort for `format: email`, which ajv checks more strictly than fast-check generates). */
export function validValue(schema: any, deref: Deref, depth = 0): fc.Arbitrary<unknown> {
  const s = deref(schema ?? {});
  if (Array.isArray(s.enum)) return fc.constantFrom(...s.enum);
  if (Array.isArray(s.type)) return fc.oneof(...s.type.map((t: string) => validValue({ ...s, type: t }, deref, depth)));
  switch (s.type) {
    case 'null':
      return fc.constant(null);
    case 'boolean':
      return fc.boolean();
    case 'integer':
      return fc.integer({ min: s.minimum ?? -1_000_000, max: s.maximum ?? 1_000_000 });
    case 'number':
      return fc.double({ min: s.minimum ?? -1e6, max: s.maximum ?? 1e6, noNaN: true });
    case 'string':
      return validString(s);
    case 'array':
      return depth > 4 ? fc.constant([]) : fc.array(validValue(s.items, deref, depth + 1), { minLength: s.minItems ?? 0, maxLength: Math.min(s.maxItems ?? 4, 4) });
    case 'object': {
      const props = Object.fromEntries(Object.entries<any>(s.properties ?? {}).map(([k, v]) => [k, validValue(v, deref, depth + 1)]));
      const record = fc.record(props, { requiredKeys: s.required ?? [] });
      const min = s.minProperties ?? 0;
      return min > 0 ? record.filter((o) => Object.keys(o).length >= min) : record;
    }
    default:
      return fc.jsonValue({ maxDepth: 2 });
  }
}

function validString(s: any): fc.Arbitrary<string> {
  const min = s.minLength ?? 0;
  const max = s.maxLength ?? 64;
  const fits = (v: string) => [...v].length >= min && [...v].length <= max;
  if (s.format === 'uuid') return fc.uuid();
  if (s.format === 'email') return fc.emailAddress().filter((v) => v.length <= max);
  if (typeof s.pattern === 'string') return fc.stringMatching(new RegExp(s.pattern)).filter(fits);
  return fc.oneof(
    fc.string({ minLength: min, maxLength: Math.min(max, 40) }),
    fc.string({ minLength: min, maxLength: Math.min(max, 40), unit: 'grapheme' }),
    // Exactly at the boundary: the longest value the contract allows.
    fc.constant('x'.repeat(max)),
  );
}

/** Strings that have broken parsers, validators and databases before. */
export const NASTY_STRINGS: readonly string[] = [
  '',
  ' ',
  'NaN',
  'Infinity',
  '-Infinity',
  '-0',
  '0x10',
  '1e999',
  'null',
  'undefined',
  'true',
  '\u0000',
  'a\u0000b',
  '\ud800', // lone high surrogate
  '\udfff', // lone low surrogate
  '\u202egnp.exe', // right-to-left override
  '\u200b\u200c\u200d\ufeff', // zero-width characters and a BOM
  '𝕬𝖉𝖆 👩🏽‍💻🏳️‍🌈',
  'e\u0301\u0301\u0301\u0301', // stacked combining accents
  'İ'.repeat(60), // lower-cases to two code units each: length checks after case folding
  'ß'.repeat(60),
  "'; drop table users; --",
  "' or '1'='1",
  '"},"admin":true,"x":{"',
  '{{7*7}}${7*7}<%= 7*7 %>',
  '<script>alert(1)</script>',
  '../../../../etc/passwd',
  '%00%2e%2e%2f',
  '\\u0000\\ud800',
  '\r\n\r\nX-Injected: 1',
];

/** A value of a different JSON type than the schema wants. */
export function wrongType(schema: any, deref: Deref): fc.Arbitrary<unknown> {
  const s = deref(schema ?? {});
  const t = Array.isArray(s.type) ? s.type : [s.type];
  const all: Array<[string, fc.Arbitrary<unknown>]> = [
    ['string', fc.constantFrom('1', 'true', 'null', '[]')],
    ['integer', fc.constantFrom(0, -1, 1, 2 ** 31, 2 ** 53 + 1, Number.MAX_SAFE_INTEGER)],
    ['number', fc.constantFrom(0.5, -1e308, 1e308, 5e-324)],
    ['boolean', fc.boolean()],
    ['null', fc.constant(null)],
    ['array', fc.constantFrom([], [1], [null], [[[]]])],
    ['object', fc.constantFrom({}, { a: 1 }, { __proto__: { admin: true } })],
  ];
  const others = all.filter(([name]) => !t.includes(name) && !(name === 'integer' && t.includes('number')));
  return fc.oneof(...others.map(([, arb]) => arb));
}

/** Strings at and beyond the schema's length boundaries, plus the nasty list. */
export function boundaryString(schema: any, deref: Deref): fc.Arbitrary<string> {
  const s = deref(schema ?? {});
  const max = s.maxLength ?? 256;
  const min = s.minLength ?? 0;
  const lengths = [max, max + 1, Math.max(0, min - 1), max * 4];
  return fc.oneof(
    fc.constantFrom(...lengths).chain((n) => fc.constantFrom('a', 'é', '😀', '\u0000').map((c) => c.repeat(n))),
    fc.constantFrom(...NASTY_STRINGS),
    fc.string({ unit: 'binary', maxLength: 80 }),
  );
}

/** Huge and NaN-like numbers as raw JSON text (JSON.stringify cannot write 1e999). */
export const HUGE_NUMBER_TEXT = ['1e999', '-1e999', '1e308', '123456789012345678901234567890', '-0', '0.0000000000000000000000001', '9007199254740993', '1E+2'];

/** JSON text nested `depth` levels deep, objects or arrays. */
export function deepNesting(depth: number, kind: 'array' | 'object'): string {
  return kind === 'array' ? '['.repeat(depth) + ']'.repeat(depth) : '{"a":'.repeat(depth) + '1' + '}'.repeat(depth);
}
