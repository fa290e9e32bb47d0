/**
 * The mock's value generator: every value it generates for a schema is valid against that schema
 * as the generated server's Ajv checks it, the same seed gives the same value, and what it cannot
 * generate (an unsupported pattern) is said, not silently wrong.
 */
import { describe, expect, it } from 'vitest';
import { generateValue, type GenerateContext } from '../../scripts/charter/mock/values.ts';
import { patternString } from '../../scripts/charter/mock/pattern.ts';
import { seeded } from '../../scripts/charter/mock/random.ts';
import { schemaChecker } from '../../scripts/charter/mock/server.ts';
import { parsePrefer, chooseResponse, defaultStatus } from '../../scripts/charter/mock/responses.ts';
import { checkSecurity } from '../../scripts/charter/mock/security.ts';

const schemas: Record<string, unknown> = {
  str: { type: 'string', minLength: 12, maxLength: 14 },
  short: { type: 'string', maxLength: 2 },
  int: { type: 'integer', minimum: 10, maximum: 12 },
  exclusive31: { type: 'number', exclusiveMinimum: 0, exclusiveMaximum: 1 },
  multiple: { type: 'number', multipleOf: 0.01, minimum: 1, maximum: 2 },
  multipleInt: { type: 'integer', multipleOf: 5, minimum: 11, maximum: 30 },
  int32: { type: 'integer', format: 'int32' },
  bool: { type: 'boolean' },
  enum: { type: 'string', enum: ['a', 'b', 'c'] },
  const: { const: 42 },
  dateTime: { type: 'string', format: 'date-time' },
  date: { type: 'string', format: 'date' },
  email: { type: 'string', format: 'email' },
  uuid: { type: 'string', format: 'uuid' },
  uri: { type: 'string', format: 'uri' },
  ipv4: { type: 'string', format: 'ipv4' },
  ipv6: { type: 'string', format: 'ipv6' },
  byte: { type: 'string', format: 'byte' },
  pattern: { type: 'string', pattern: '^[A-Z]{2}-\\d{3,5}(\\.[a-f0-9]+)?$' },
  patternAlt: { type: 'string', pattern: '^(red|green|blue)_[^\\s]{2}$' },
  patternExample: { type: 'string', pattern: '^(?=x)x+$', example: 'xxx' },
  array: { type: 'array', items: { type: 'integer', minimum: 0, maximum: 3 }, minItems: 3, maxItems: 4, uniqueItems: true },
  tuple: { type: 'array', prefixItems: [{ type: 'string' }, { type: 'integer' }], items: false, minItems: 2 },
  object: {
    type: 'object',
    additionalProperties: false,
    required: ['id', 'tags'],
    properties: { id: { type: 'string', format: 'uuid' }, tags: { type: 'array', items: { type: 'string' } }, note: { type: 'string' } },
  },
  map: { type: 'object', additionalProperties: { type: 'integer' }, minProperties: 2 },
  ref: { $ref: '#/components/schemas/Pet' },
  allOf: { allOf: [{ $ref: '#/components/schemas/Pet' }, { type: 'object', required: ['owner'], properties: { owner: { type: 'string', minLength: 3 } } }] },
  oneOf: { oneOf: [{ type: 'object', required: ['a'], properties: { a: { type: 'string' } } }, { type: 'object', required: ['b'], properties: { b: { type: 'string' } } }] },
  oneOfOverlap: { oneOf: [{ type: 'number' }, { type: 'integer' }] },
  discriminated: {
    oneOf: [{ $ref: '#/components/schemas/Cat' }, { $ref: '#/components/schemas/Dog' }],
    discriminator: { propertyName: 'kind', mapping: { cat: '#/components/schemas/Cat', dog: '#/components/schemas/Dog' } },
  },
  anyOf: { anyOf: [{ type: 'string', format: 'date' }, { type: 'null' }] },
  typeArray: { type: ['string', 'null'], minLength: 4 },
  nullable30: { type: 'string', nullable: true, maxLength: 3 },
  recursive: { $ref: '#/components/schemas/Node' },
  oneOfRequired: { type: 'object', properties: { foo: { type: 'string' }, bar: { type: 'string' } }, oneOf: [{ required: ['foo'] }, { required: ['bar'] }] },
  dependentRequired: { type: 'object', required: ['contact'], properties: { contact: { type: 'string' }, email: { type: 'string' }, phone: { type: 'string' } }, dependentRequired: { contact: ['email', 'phone'] } },
  dependentSchemas: { type: 'object', required: ['a'], properties: { a: { type: 'string' } }, dependentSchemas: { a: { required: ['b'], properties: { b: { type: 'integer', minimum: 3 } } } } },
  contains: { type: 'array', items: { type: 'integer', minimum: 0, maximum: 10 }, contains: { type: 'integer', minimum: 8 }, minContains: 2 },
  propertyNames: { type: 'object', propertyNames: { maxLength: 3 }, properties: { count: { type: 'integer' }, id: { type: 'string' } }, additionalProperties: { type: 'string' }, minProperties: 1 },
};

const doc = {
  openapi: '3.1.0',
  info: { title: 't', version: '1' },
  paths: {},
  components: {
    schemas: {
      ...schemas,
      Pet: { type: 'object', required: ['name'], properties: { name: { type: 'string', minLength: 1 }, age: { type: 'integer', minimum: 0 } } },
      Cat: { type: 'object', required: ['kind', 'lives'], properties: { kind: { type: 'string' }, lives: { type: 'integer', minimum: 1, maximum: 9 } } },
      Dog: { type: 'object', required: ['kind', 'bark'], properties: { kind: { type: 'string' }, bark: { type: 'boolean' } } },
      Node: { type: 'object', required: ['children'], properties: { value: { type: 'integer' }, children: { type: 'array', items: { $ref: '#/components/schemas/Node' } } } },
    },
  },
};

function ctx(seed: string, notes = new Set<string>()): GenerateContext {
  return { doc, random: seeded(seed), direction: 'response', check: schemaChecker(doc), notes };
}

describe('generated values', () => {
  const check = schemaChecker(doc);
  for (const name of Object.keys(schemas)) {
    it(`${name}: valid against its schema for 20 seeds`, () => {
      for (let s = 0; s < 20; s++) {
        const value = generateValue(schemas[name], ctx(`seed-${s}`));
        expect(check(`#/components/schemas/${name}`, value), `${name} seed ${s}: ${JSON.stringify(value)}`).toBe(true);
      }
    });
  }

  it('reads the OpenAPI 3.0 boolean exclusiveMinimum/exclusiveMaximum', () => {
    for (let s = 0; s < 20; s++) {
      expect(generateValue({ type: 'integer', minimum: 5, exclusiveMinimum: true, maximum: 7, exclusiveMaximum: true }, ctx(`e${s}`))).toBe(6);
    }
  });

  it('is deterministic by seed, and a different seed gives different values', () => {
    const a = generateValue(schemas['object'], ctx('one'));
    expect(generateValue(schemas['object'], ctx('one'))).toEqual(a);
    const others = Array.from({ length: 5 }, (_, i) => JSON.stringify(generateValue(schemas['object'], ctx(`other-${i}`))));
    expect(others.some((o) => o !== JSON.stringify(a))).toBe(true);
  });

  it('sets the discriminator to the branch it generated', () => {
    for (let s = 0; s < 10; s++) {
      const v = generateValue(schemas['discriminated'], ctx(`d${s}`)) as { kind: string; lives?: number; bark?: boolean };
      expect(v.kind === 'cat' ? v.lives : v.bark, JSON.stringify(v)).toBeDefined();
    }
  });

  it('uses a schema example for a pattern it cannot generate, and says so when there is none', () => {
    expect(generateValue(schemas['patternExample'], ctx('p'))).toBe('xxx');
    const notes = new Set<string>();
    generateValue({ type: 'string', pattern: '^(?=a)a$' }, ctx('p', notes));
    expect([...notes].join()).toMatch(/cannot generate a string for the pattern/);
  });

  it('leaves readOnly properties out of requests and writeOnly ones out of responses', () => {
    const s = { type: 'object', properties: { id: { type: 'string', readOnly: true }, secret: { type: 'string', writeOnly: true } }, required: ['id', 'secret'] };
    const request = generateValue(s, { ...ctx('r'), direction: 'request' }) as object;
    expect(Object.keys(request)).toEqual(['secret']);
    const response = generateValue({ ...s, required: [] }, { ...ctx('r'), direction: 'response', random: seeded('all') }) as object;
    expect(Object.keys(response)).not.toContain('secret');
  });
});

describe('patternString', () => {
  it('matches common patterns and refuses lookarounds and backreferences', () => {
    const r = seeded('x');
    for (const p of ['^[a-z0-9-]{3,10}$', '^\\+?[1-9]\\d{1,14}$', '^AC[0-9a-fA-F]{32}$', '^(\\d{4})-(\\d{2})$', '^[^@]+@[^@]+$', 'abc']) {
      const s = patternString(p, r);
      expect(s, p).toBeDefined();
      expect(new RegExp(p, 'u').test(s!), `${p}: ${s}`).toBe(true);
    }
    expect(patternString('^(?!x).$', r)).toBeUndefined();
    expect(patternString('^(a)\\1$', r)).toBeUndefined();
  });
});

describe('Prefer and the default status', () => {
  it('reads code, example and dynamic', () => {
    expect(parsePrefer('code=404')).toEqual({ code: 404 });
    expect(parsePrefer('example="not found", dynamic=true')).toEqual({ example: 'not found', dynamic: true });
    expect(parsePrefer('respond-async, code=abc')).toEqual({});
  });

  it('answers the lowest success, then a range, then default', () => {
    expect(defaultStatus({ '404': {}, '201': {}, '200': {} })).toEqual({ status: 200, key: '200' });
    expect(defaultStatus({ '2XX': {}, '400': {} })).toEqual({ status: 200, key: '2XX' });
    expect(defaultStatus({ default: {} })).toEqual({ status: 200, key: 'default' });
    expect(chooseResponse({}, { responses: { '200': {}, '4XX': { description: 'x' } } }, { code: 418 })).toMatchObject({ status: 418, key: '4XX' });
    expect(chooseResponse({}, { responses: { '200': {} } }, { code: 404 })).toMatchObject({ refused: expect.stringMatching(/not a status this operation declares/) });
  });
});

describe('security for presence', () => {
  const schemes = {
    bearer: { type: 'http', scheme: 'bearer' },
    basic: { type: 'http', scheme: 'basic' },
    header: { type: 'apiKey', in: 'header', name: 'X-Api-Key' },
    query: { type: 'apiKey', in: 'query', name: 'key' },
    cookie: { type: 'apiKey', in: 'cookie', name: 'sid' },
    oauth: { type: 'oauth2', flows: {} },
  };
  const ok = (req: Array<Record<string, string[]>>, headers: Record<string, string>, query = '') => checkSecurity(req, schemes, { headers, query }).ok;

  it('accepts any value of the declared credential and refuses its absence', () => {
    expect(ok([{ bearer: [] }], { authorization: 'Bearer anything' })).toBe(true);
    expect(ok([{ bearer: [] }], { authorization: 'Basic eDp5' })).toBe(false);
    expect(ok([{ basic: [] }], { authorization: 'Basic eDp5' })).toBe(true);
    expect(ok([{ header: [] }], { 'x-api-key': 'k' })).toBe(true);
    expect(ok([{ query: [] }], {}, 'a=1&key=2')).toBe(true);
    expect(ok([{ query: [] }], {}, 'a=1')).toBe(false);
    expect(ok([{ cookie: [] }], { cookie: 'x=1; sid=2' })).toBe(true);
    expect(ok([{ oauth: ['read'] }], { authorization: 'Bearer t' })).toBe(true);
    expect(ok([{ bearer: [], header: [] }], { authorization: 'Bearer t' })).toBe(false);
    expect(ok([{ bearer: [] }, { header: [] }], { 'x-api-key': 'k' })).toBe(true);
  });

  it('takes an empty requirement as optional security', () => {
    expect(ok([{ bearer: [] }, {}], {})).toBe(true);
    expect(ok([], {})).toBe(true);
    const v = checkSecurity([{ bearer: [] }, { header: [] }], schemes, { headers: {}, query: '' });
    expect(v.wanted).toEqual(['Authorization: Bearer … (bearer)', 'header X-Api-Key (header)']);
    expect(v.challenges).toEqual(['Bearer']);
  });
});
