/**
 * Parameter decoding as OpenAPI 3.1 §4.8.12.4 (style values) defines it, for every location and
 * style, and strict coercion: only canonical numerals, safe integers and `true`/`false` become
 * numbers and booleans; anything else stays a string for the validator to refuse.
 */
import { describe, expect, it } from 'vitest';
import { coerce, decodeParameters, RequestDecodeError, type ParamPlan, type ValueShape } from '../../scripts/charter/emit/runtime/request-runtime.ts';
import { shapeOf } from '../../scripts/charter/emit/validation.ts';

const int: ValueShape = { types: ['integer'] };
const str: ValueShape = { types: ['string'] };
const arrayOf = (items: ValueShape): ValueShape => ({ types: ['array'], items });
const obj: ValueShape = { types: ['object'], properties: { role: str, n: int } };

function plan(p: Partial<ParamPlan> & Pick<ParamPlan, 'name' | 'in'>): ParamPlan {
  const style = p.style ?? (p.in === 'query' || p.in === 'cookie' ? 'form' : 'simple');
  return { key: p.in === 'header' ? p.name.toLowerCase() : p.name, required: false, style, explode: style === 'form', shape: str, ...p };
}

const path = (p: ParamPlan, raw: string) => decodeParameters([p], { [p.name]: raw }, '', {}).path[p.name];
const query = (p: ParamPlan, search: string) => decodeParameters([p], {}, search, {}).query[p.key];
const header = (p: ParamPlan, value: string) => decodeParameters([p], {}, '', { [p.key]: value }).headers[p.key];
const cookie = (p: ParamPlan, value: string) => decodeParameters([p], {}, '', { cookie: value }).cookies[p.key];

describe('strict coercion', () => {
  it.each([
    ['5', int, 5], ['-0', int, -0], ['0', int, 0], ['9007199254740991', int, 9007199254740991],
    ['9007199254740992', int, '9007199254740992'], ['05', int, '05'], ['+5', int, '+5'], [' 5', int, ' 5'], ['5 ', int, '5 '],
    ['0x10', int, '0x10'], ['1e3', int, '1e3'], ['1.0', int, '1.0'], ['Infinity', int, 'Infinity'], ['-Infinity', int, '-Infinity'],
    ['NaN', int, 'NaN'], ['', int, ''],
    ['1.5', { types: ['number'] }, 1.5], ['1e3', { types: ['number'] }, 1000], ['1e309', { types: ['number'] }, '1e309'],
    ['-1e309', { types: ['number'] }, '-1e309'], ['.5', { types: ['number'] }, '.5'], ['5.', { types: ['number'] }, '5.'],
    ['9007199254740993', { types: ['integer', 'number'] }, 9007199254740992],
    ['true', { types: ['boolean'] }, true], ['false', { types: ['boolean'] }, false], ['1', { types: ['boolean'] }, '1'],
    ['TRUE', { types: ['boolean'] }, 'TRUE'], ['null', { types: ['integer', 'null'] }, null],
    ['5', { types: ['integer', 'string'] }, '5'], ['5', { types: [] }, '5'],
    ['921', { types: ['integer', 'string'], strings: ['now', 'unchanged'] }, 921], ['now', { types: ['integer', 'string'], strings: ['now', 'unchanged'] }, 'now'],
    ['later', { types: ['integer', 'string'], strings: ['now', 'unchanged'] }, 'later'], ['true', { types: ['boolean', 'string'], strings: [''] }, true],
  ] as Array<[string, ValueShape, unknown]>)('%j as %j is %j', (raw, shape, expected) => {
    expect(coerce(raw, shape)).toStrictEqual(expected);
  });
});

describe('path parameters', () => {
  it('simple', () => {
    expect(path(plan({ name: 'id', in: 'path', shape: int }), '5')).toBe(5);
    expect(path(plan({ name: 'id', in: 'path', shape: arrayOf(int) }), '3,4,5')).toEqual([3, 4, 5]);
    expect(path(plan({ name: 'id', in: 'path', shape: obj }), 'role,admin,n,5')).toEqual({ role: 'admin', n: 5 });
    expect(path(plan({ name: 'id', in: 'path', shape: obj, explode: true }), 'role=admin,n=5')).toEqual({ role: 'admin', n: 5 });
    // An escaped comma is data, not a separator.
    expect(path(plan({ name: 'id', in: 'path', shape: arrayOf(str) }), 'a%2Cb,c')).toEqual(['a,b', 'c']);
    expect(path(plan({ name: 'id', in: 'path' }), 'a%20b')).toBe('a b');
  });

  it('label', () => {
    const p = (shape: ValueShape, explode = false) => plan({ name: 'id', in: 'path', style: 'label', explode, shape });
    expect(path(p(int), '.5')).toBe(5);
    expect(path(p(arrayOf(int)), '.3,4,5')).toEqual([3, 4, 5]);
    expect(path(p(arrayOf(int), true), '.3.4.5')).toEqual([3, 4, 5]);
    expect(path(p(obj), '.role,admin,n,5')).toEqual({ role: 'admin', n: 5 });
    expect(path(p(obj, true), '.role=admin.n=5')).toEqual({ role: 'admin', n: 5 });
    expect(path(p(int), '5')).toBe('5');
  });

  it('matrix', () => {
    const p = (shape: ValueShape, explode = false) => plan({ name: 'id', in: 'path', style: 'matrix', explode, shape });
    expect(path(p(int), ';id=5')).toBe(5);
    expect(path(p(arrayOf(int)), ';id=3,4,5')).toEqual([3, 4, 5]);
    expect(path(p(arrayOf(int), true), ';id=3;id=4;id=5')).toEqual([3, 4, 5]);
    expect(path(p(obj), ';id=role,admin,n,5')).toEqual({ role: 'admin', n: 5 });
    expect(path(p(obj, true), ';role=admin;n=5')).toEqual({ role: 'admin', n: 5 });
    expect(path(p(int), ';other=5')).toBe(';other=5');
  });

  it('content-encoded', () => {
    expect(path(plan({ name: 'f', in: 'path', shape: obj, media: 'application/json' }), '%7B%22n%22%3A1%7D')).toEqual({ n: 1 });
    expect(() => path(plan({ name: 'f', in: 'path', shape: obj, media: 'application/json' }), '%7B')).toThrow(RequestDecodeError);
  });
});

describe('query parameters', () => {
  it('form, exploded and not', () => {
    expect(query(plan({ name: 'limit', in: 'query', shape: int }), 'limit=5')).toBe(5);
    expect(query(plan({ name: 'q', in: 'query' }), 'q=a+b%2Bc')).toBe('a b+c');
    expect(query(plan({ name: 'id', in: 'query', shape: arrayOf(int) }), 'id=3&id=4')).toEqual([3, 4]);
    expect(query(plan({ name: 'id', in: 'query', shape: arrayOf(int), explode: false }), 'id=3,4,5')).toEqual([3, 4, 5]);
    expect(query(plan({ name: 'id', in: 'query', shape: obj, explode: false }), 'id=role,admin,n,5')).toEqual({ role: 'admin', n: 5 });
    expect(query(plan({ name: 'id', in: 'query', shape: obj }), 'role=admin&n=5')).toEqual({ role: 'admin', n: 5 });
    // A primitive given twice is a list, which its schema then refuses.
    expect(query(plan({ name: 'limit', in: 'query', shape: int }), 'limit=1&limit=2')).toEqual(['1', '2']);
  });

  it('form, exploded, a map: the query keys no other parameter declares, wherever the map is declared', () => {
    const map = plan({ name: 'metadata', in: 'query', shape: { types: ['null', 'object'], properties: { n: int }, additional: int } });
    const limit = plan({ name: 'limit', in: 'query', shape: int });
    const decoded = decodeParameters([map, limit], {}, 'a=1&limit=5&n=2&b=x', {}).query;
    expect(decoded).toEqual({ metadata: { n: 2, a: 1, b: 'x' }, limit: 5 });
    // Without additionalProperties an object takes only its declared properties.
    expect(() => decodeParameters([plan({ name: 'id', in: 'query', shape: obj })], {}, 'role=a&other=1', {})).toThrow(RequestDecodeError);
  });

  it('spaceDelimited, pipeDelimited, deepObject', () => {
    expect(query(plan({ name: 'id', in: 'query', style: 'spaceDelimited', explode: false, shape: arrayOf(int) }), 'id=3%204%205')).toEqual([3, 4, 5]);
    expect(query(plan({ name: 'id', in: 'query', style: 'pipeDelimited', explode: false, shape: arrayOf(int) }), 'id=3|4%7C5')).toEqual([3, 4, 5]);
    expect(query(plan({ name: 'id', in: 'query', style: 'pipeDelimited', explode: true, shape: arrayOf(int) }), 'id=3&id=4')).toEqual([3, 4]);
    expect(query(plan({ name: 'id', in: 'query', style: 'deepObject', explode: true, shape: obj }), 'id%5Brole%5D=admin&id[n]=5')).toEqual({ role: 'admin', n: 5 });
  });

  it('content-encoded', () => {
    expect(query(plan({ name: 'f', in: 'query', shape: obj, media: 'application/json' }), 'f=%7B%22n%22%3A1%7D')).toEqual({ n: 1 });
  });

  it('refuses what the operation does not declare, naming it', () => {
    try {
      decodeParameters([plan({ name: 'limit', in: 'query', shape: int })], {}, 'limit=1&lmit=2', {});
      expect.unreachable();
    } catch (err) {
      expect((err as RequestDecodeError).issues).toEqual([{ location: 'query/lmit', message: "Unknown query parameter 'lmit'" }]);
    }
  });

  it('refuses a malformed escape at its location', () => {
    expect(() => query(plan({ name: 'q', in: 'query' }), 'q=%E0%A4%A')).toThrow(expect.objectContaining({ issues: [{ location: 'query/q', message: "Failed to decode param '%E0%A4%A'" }] }));
  });
});

describe('header and cookie parameters', () => {
  it('simple headers', () => {
    expect(header(plan({ name: 'X-Count', in: 'header', shape: int }), '5')).toBe(5);
    expect(header(plan({ name: 'X-Ids', in: 'header', shape: arrayOf(int) }), '3, 4,5')).toEqual([3, 4, 5]);
    expect(header(plan({ name: 'X-Obj', in: 'header', shape: obj }), 'role,admin,n,5')).toEqual({ role: 'admin', n: 5 });
    expect(header(plan({ name: 'X-Obj', in: 'header', shape: obj, explode: true }), 'role=admin,n=5')).toEqual({ role: 'admin', n: 5 });
    expect(header(plan({ name: 'X-Raw', in: 'header' }), 'a%20b')).toBe('a%20b');
  });

  it('form cookies', () => {
    expect(cookie(plan({ name: 'n', in: 'cookie', shape: int }), 'a=1; n=5')).toBe(5);
    expect(cookie(plan({ name: 'ids', in: 'cookie', shape: arrayOf(int), explode: false }), 'ids=3,4,5')).toEqual([3, 4, 5]);
    expect(cookie(plan({ name: 'o', in: 'cookie', shape: obj, explode: false }), 'o=role,admin,n,5')).toEqual({ role: 'admin', n: 5 });
  });
});

describe('empty query values', () => {
  it('refuses an empty single value unless allowEmptyValue, and keeps an empty array item', () => {
    expect(() => query(plan({ name: 'q', in: 'query' }), 'q=')).toThrow(expect.objectContaining({ issues: [{ location: 'query/q', message: "Empty value found for query parameter 'q'" }] }));
    expect(query(plan({ name: 'q', in: 'query', allowEmpty: true }), 'q=')).toBe('');
    expect(query(plan({ name: 'ids', in: 'query', shape: arrayOf(str) }), 'ids=&ids=a')).toEqual(['', 'a']);
  });

  it('refuses unencoded reserved characters unless allowReserved', () => {
    expect(() => query(plan({ name: 'q', in: 'query' }), 'q=a/b')).toThrow(RequestDecodeError);
    expect(query(plan({ name: 'q', in: 'query', allowReserved: true }), 'q=a/b')).toBe('a/b');
    expect(query(plan({ name: 'q', in: 'query' }), 'q=a%2Fb')).toBe('a/b');
  });
});

describe('deepObject in bracket notation', () => {
  const lines = plan({ name: 'lines', in: 'query', style: 'deepObject', explode: true, shape: arrayOf({ types: ['object'], properties: { amount: int, tags: arrayOf(str) } }) });
  const created = plan({ name: 'created', in: 'query', style: 'deepObject', explode: true, shape: { types: ['integer', 'object'], properties: { gt: int } } });
  const nested = plan({ name: 'f', in: 'query', style: 'deepObject', explode: true, shape: { types: ['object'], properties: { a: { types: ['object'], properties: { b: int } } } } });

  it('reads an array of objects by index, in index order, each leaf coerced', () => {
    expect(query(lines, 'lines[1][amount]=4&lines[0][amount]=3&lines[0][tags]=x&lines[0][tags]=y')).toEqual([{ amount: 3, tags: ['x', 'y'] }, { amount: 4 }]);
  });
  it('reads nested objects to any depth', () => {
    expect(query(nested, 'f[a][b]=7')).toEqual({ a: { b: 7 } });
  });
  it('reads a bare value when the schema also admits a primitive, and the bracketed members otherwise', () => {
    expect(query(created, 'created=591')).toBe(591);
    expect(query(created, 'created[gt]=5')).toEqual({ gt: 5 });
  });
  it("reads a member that admits an array or a string (Stripe's list-or-unset) as an array under an index, as the string bare", () => {
    const listOrUnset = { types: ['array', 'string'], items: { types: ['object'], properties: { coupon: str } } };
    const items = plan({ name: 'items', in: 'query', style: 'deepObject', explode: true, shape: arrayOf({ types: ['object'], properties: { discounts: listOrUnset } }) });
    expect(query(items, 'items[0][discounts][0][coupon]=SAVE')).toEqual([{ discounts: [{ coupon: 'SAVE' }] }]);
    expect(query(items, 'items[0][discounts]=')).toEqual([{ discounts: '' }]);
  });
  it('reads a list-or-unset leaf sent once as a list of one, and the empty string as the string', () => {
    const listOrUnset = { types: ['array', 'string'], items: str, strings: [''] };
    const lines = plan({ name: 'lines', in: 'query', style: 'deepObject', explode: true, shape: arrayOf({ types: ['object'], properties: { tax_rates: listOrUnset } }) });
    expect(query(lines, 'lines[0][tax_rates]=txr_1')).toEqual([{ tax_rates: ['txr_1'] }]);
    expect(query(lines, 'lines[0][tax_rates]=a&lines[0][tax_rates]=b')).toEqual([{ tax_rates: ['a', 'b'] }]);
    expect(query(lines, 'lines[0][tax_rates]=')).toEqual([{ tax_rates: '' }]);
    const listOrAnyString = plan({ name: 'lines', in: 'query', style: 'deepObject', explode: true, shape: arrayOf({ types: ['object'], properties: { tax_rates: { types: ['array', 'string'], items: str } } }) });
    expect(query(listOrAnyString, 'lines[0][tax_rates]=txr_1')).toEqual([{ tax_rates: 'txr_1' }]);
  });
  it('reads a parameter that is itself a list or the empty string in brackets, and bare', () => {
    const discounts = plan({ name: 'discounts', in: 'query', style: 'deepObject', explode: true, shape: { types: ['array', 'string'], items: { types: ['object'], properties: { coupon: str } } } });
    expect(query(discounts, 'discounts[1][coupon]=SAVE')).toEqual([{ coupon: 'SAVE' }]);
    expect(query(discounts, 'discounts=')).toBe('');
  });
  it('refuses an index above the limit and indexes mixed with names', () => {
    expect(() => query(lines, 'lines[10000][amount]=1')).toThrow(RequestDecodeError);
    expect(() => query(lines, 'lines[0][amount]=1&lines[x][amount]=2')).toThrow(RequestDecodeError);
  });
  it('leaves a bare value of an object-only deepObject unknown', () => {
    expect(() => query(nested, 'f=1')).toThrow(expect.objectContaining({ issues: [{ location: 'query/f', message: "Unknown query parameter 'f'" }] }));
  });
});

describe('the shape a schema gives its values', () => {
  const shape = (schema: unknown) => shapeOf({}, schema, false, 0);
  it('lists the strings when every string the schema admits is listed', () => {
    expect(shape({ anyOf: [{ type: 'string', enum: ['now', 'unchanged'] }, { type: 'integer' }] })).toEqual({ types: ['integer', 'string'], strings: ['now', 'unchanged'] });
    expect(shape({ anyOf: [{ type: 'array', items: { type: 'string' } }, { type: 'string', enum: [''] }] })).toEqual({ types: ['array', 'string'], items: { types: ['string'] }, strings: [''] });
    expect(shape({ enum: ['a', 1] })).toEqual({ types: ['integer', 'string'], strings: ['a'] });
  });
  it('lists none when some part admits any string', () => {
    expect(shape({ anyOf: [{ type: 'string', enum: ['now'] }, { type: 'string' }, { type: 'integer' }] })).toEqual({ types: ['integer', 'string'] });
    expect(shape({ type: ['string', 'integer'] })).toEqual({ types: ['integer', 'string'] });
    expect(shape({ type: 'integer', enum: [1, 2] })).toEqual({ types: ['integer'] });
  });
});
