/**
 * JSON Schema 2020-12 keywords compared as sets of accepted instances: a request that
 * accepts fewer is breaking, a response that may produce more is breaking; sub-schemas of
 * the applicators are compared like any other schema. Also the smaller OpenAPI cases:
 * an empty pattern, extensible enums, a parameter default, a body that gains a schema.
 */
import { describe, expect, it } from 'vitest';
import { diffTexts, ids } from './helpers.ts';

/** `req` is the request body schema, `res` the 200 response schema. */
const api = (req: string, res: string, version = '1.0.0') => `openapi: 3.1.0
info: { title: t, version: ${version} }
paths:
  /things:
    post:
      operationId: makeThing
      requestBody:
        content:
          application/json:
            schema: ${req}
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: ${res}
`;
const OBJ = '{ type: object }';
const breaking = (found: ReturnType<typeof diffTexts>) => found.filter((f) => f.level === 'breaking' && f.id !== 'version-not-bumped').map((f) => f.id).sort();

describe('JSON Schema 2020-12 keywords', () => {
  it('a response array of strings gaining prefixItems [integer]: position 0 may now be an integer', () => {
    const found = diffTexts(api(OBJ, '{ type: array, items: { type: string } }'), api(OBJ, '{ type: array, prefixItems: [{ type: integer }], items: { type: string } }', '2.0.0'));
    expect(breaking(found)).toEqual(['response-type-changed']);
    const f = found.find((x) => x.id === 'response-type-changed')!;
    expect(f.context?.schemaPath).toEqual(['prefixItems', '0']);
    expect(f.location.pointer).toMatch(/\/prefixItems\/0/);
  });

  it('a request array gaining prefixItems narrows it; the same in a response narrows what clients read (info)', () => {
    expect(breaking(diffTexts(api('{ type: array }', OBJ), api('{ type: array, prefixItems: [{ type: string }] }', OBJ, '2.0.0')))).toEqual(['request-prefix-items-added']);
    const res = diffTexts(api(OBJ, '{ type: array }'), api(OBJ, '{ type: array, prefixItems: [{ type: string }] }', '2.0.0'));
    expect(breaking(res)).toEqual([]);
    expect(ids(res)).toContain('response-prefix-items-added');
  });

  it('a dependentRequired list growing from [email] to [email, phone]', () => {
    const s = (list: string) => `{ type: object, properties: { contact: { type: string }, email: { type: string }, phone: { type: string } }, dependentRequired: { contact: ${list} } }`;
    const req = diffTexts(api(s('[email]'), OBJ), api(s('[email, phone]'), OBJ, '2.0.0'));
    expect(breaking(req)).toEqual(['request-dependent-required-added']);
    expect(req.find((f) => f.id === 'request-dependent-required-added')!.message).toContain('when `contact` is present, "phone" now required too');
    // The response side is the mirror: fewer dependencies is a wider response.
    expect(breaking(diffTexts(api(OBJ, s('[email, phone]')), api(OBJ, s('[email]'), '2.0.0')))).toEqual(['response-dependent-required-removed']);
    expect(breaking(diffTexts(api(OBJ, s('[email]')), api(OBJ, s('[email, phone]'), '2.0.0')))).toEqual([]);
  });

  it('descends into contains, then/else, patternProperties, propertyNames, dependentSchemas, contentSchema', () => {
    const pairs: Array<[string, string, string]> = [
      ['{ type: array, contains: { type: string, maxLength: 10 } }', '{ type: array, contains: { type: string, maxLength: 5 } }', 'request-max-length-decreased'],
      ['{ type: object, if: { required: [a] }, then: { required: [b] }, else: { properties: { c: { type: string } } } }', '{ type: object, if: { required: [a] }, then: { required: [b] }, else: { properties: { c: { type: integer } } } }', 'request-type-changed'],
      ['{ type: object, patternProperties: { "^x-": { type: string } } }', '{ type: object, patternProperties: { "^x-": { type: string, enum: [a] } } }', 'request-enum-added'],
      ['{ type: object, propertyNames: { maxLength: 20 } }', '{ type: object, propertyNames: { maxLength: 10 } }', 'request-max-length-decreased'],
      ['{ type: object, dependentSchemas: { a: { properties: { b: { type: string } } } } }', '{ type: object, dependentSchemas: { a: { properties: { b: { type: boolean } } } } }', 'request-type-changed'],
      ['{ type: string, contentMediaType: application/json, contentSchema: { type: object, properties: { id: { type: string } } } }', '{ type: string, contentMediaType: application/json, contentSchema: { type: object, required: [id], properties: { id: { type: string } } } }', 'request-property-became-required'],
    ];
    for (const [b, h, id] of pairs) expect(breaking(diffTexts(api(b, OBJ), api(h, OBJ, '2.0.0'))), `${b} → ${h}`).toEqual([id]);
  });

  it('compares a changed `if` as breaking both ways, and the same `if` by its branches only', () => {
    const c = (cond: string) => `{ type: object, if: ${cond}, then: { required: [b] } }`;
    expect(breaking(diffTexts(api(c('{ required: [a] }'), OBJ), api(c('{ required: [z] }'), OBJ, '2.0.0')))).toEqual(['request-conditional-added']);
    expect(breaking(diffTexts(api(OBJ, c('{ required: [a] }')), api(OBJ, c('{ required: [z] }'), '2.0.0')))).toEqual(['response-conditional-removed']);
    expect(diffTexts(api(c('{ required: [a] }'), OBJ), api(c('{ required: [a] }'), OBJ))).toEqual([]);
  });

  it('compares `not` the other way round: a wider exclusion narrows the schema', () => {
    const n = (e: string) => `{ type: object, not: { properties: { kind: { enum: ${e} } }, required: [kind] } }`;
    // Excluding more kinds: requests accept fewer (breaking); responses produce fewer (not breaking).
    expect(breaking(diffTexts(api(n('[a]'), OBJ), api(n('[a, b]'), OBJ, '2.0.0')))).toEqual(['request-not-added']);
    expect(breaking(diffTexts(api(OBJ, n('[a]')), api(OBJ, n('[a, b]'), '2.0.0')))).toEqual([]);
    // Excluding fewer: responses may now contain what was excluded.
    expect(breaking(diffTexts(api(OBJ, n('[a, b]')), api(OBJ, n('[a]'), '2.0.0')))).toEqual(['response-not-removed']);
    expect(breaking(diffTexts(api(n('[a, b]'), OBJ), api(n('[a]'), OBJ, '2.0.0')))).toEqual([]);
  });

  it('min/maxContains as bounds, unevaluatedItems: false as a narrowing', () => {
    const c = (extra: string) => `{ type: array, contains: { type: string }${extra} }`;
    expect(breaking(diffTexts(api(c(''), OBJ), api(c(', minContains: 2'), OBJ, '2.0.0')))).toEqual(['request-min-contains-increased']);
    expect(breaking(diffTexts(api(OBJ, c(', maxContains: 2')), api(OBJ, c(''), '2.0.0')))).toEqual(['response-max-contains-increased']);
    expect(breaking(diffTexts(api('{ type: array, prefixItems: [{ type: string }] }', OBJ), api('{ type: array, prefixItems: [{ type: string }], unevaluatedItems: false }', OBJ, '2.0.0')))).toEqual(['request-unevaluated-items-added']);
  });

  it('does not report keywords that did not change, or a schema moved behind a $ref', () => {
    const s = '{ type: array, prefixItems: [{ type: string }], contains: { type: string }, minContains: 1 }';
    expect(diffTexts(api(s, s), api(s, s))).toEqual([]);
  });
});

describe('smaller OpenAPI cases', () => {
  it("reads `pattern: ''` as no pattern", () => {
    const p = (pat: string) => `{ type: object, properties: { n: { type: string${pat} } } }`;
    expect(ids(diffTexts(api(p(", pattern: ''"), OBJ), api(p(", pattern: '^[a-z]+$'"), OBJ, '2.0.0')))).toEqual(['request-pattern-added']);
    expect(diffTexts(api(p(", pattern: ''"), OBJ), api(p(''), OBJ))).toEqual([]);
  });

  it('reports a request x-extensible-enum losing a value, and accepts a response one gaining one', () => {
    const e = (vals: string) => `{ type: object, properties: { n: { type: string, x-extensible-enum: ${vals} } } }`;
    expect(breaking(diffTexts(api(e('[a, b]'), OBJ), api(e('[a]'), OBJ, '2.0.0')))).toEqual(['request-extensible-enum-value-removed']);
    const res = diffTexts(api(OBJ, e('[a]')), api(OBJ, e('[a, b]'), '1.1.0'));
    expect(breaking(res)).toEqual([]);
    expect(ids(res)).toEqual(['response-extensible-enum-value-added']);
  });

  it("reports a parameter's default changed as breaking (once), a body default as a warning", () => {
    const withParam = (d: number) =>
      api(OBJ, OBJ).replace("      operationId: makeThing\n", `      operationId: makeThing\n      parameters:\n        - { name: limit, in: query, schema: { type: integer, default: ${d} } }\n`);
    const found = diffTexts(withParam(10), withParam(50).replace('version: 1.0.0', 'version: 2.0.0'));
    expect(found.map((f) => `${f.level} ${f.id}`)).toEqual(['breaking request-parameter-default-changed']);
    expect(found[0]!.message).toBe('query parameter `limit`: default changed from 10 to 50');
    const body = (d: string) => `{ type: object, properties: { mode: { type: string, default: ${d} } } }`;
    expect(diffTexts(api(body('fast'), OBJ), api(body('safe'), OBJ)).map((f) => `${f.level} ${f.id}`)).toEqual(['warning request-default-changed']);
  });

  it('reports a request media type without a schema that gains one', () => {
    const none = api(OBJ, OBJ).replace("          application/json:\n            schema: { type: object }\n      responses", '          application/json: {}\n      responses');
    const withSchema = api('{ type: object, required: [name] }', OBJ, '2.0.0');
    expect(breaking(diffTexts(none, withSchema))).toEqual(['request-media-type-schema-added']);
    expect(breaking(diffTexts(none, api('{}', OBJ, '2.0.0')))).toEqual([]);
  });
});
