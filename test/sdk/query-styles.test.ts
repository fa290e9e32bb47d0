/**
 * Query parameters through the generated SDK, over real HTTP to the contract's mock (its
 * generated server): each parameter is sent in its declared style and explode (OpenAPI 3.1
 * §4.8.12.4), the exact query string is asserted, and the generated server's own decoding
 * (server/request.ts with the operation's plan) gives back the value that was sent. Nested values,
 * which OpenAPI leaves undefined, are sent in bracket notation; the generated server does not
 * decode those (see the pins in test/mock/failure-classes.test.ts), so only the SDK side is
 * asserted for them.
 */
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMock, type MockServer } from '../../scripts/charter/mock/server.ts';
import { REPO_ROOT } from '../support/cli.ts';
import { contractSdk, type ContractSdk } from './support/contract-sdk.ts';

const CONTRACT = `
openapi: 3.1.0
info: { title: Query styles, version: 1.0.0 }
paths:
  /search:
    get:
      operationId: search
      parameters:
        - { name: colors, in: query, schema: { type: array, items: { type: string } } }
        - { name: tags, in: query, explode: false, schema: { type: array, items: { type: string } } }
        - { name: ids, in: query, style: pipeDelimited, schema: { type: array, items: { type: integer } } }
        - { name: words, in: query, style: spaceDelimited, schema: { type: array, items: { type: string } } }
        - name: filter
          in: query
          style: deepObject
          schema: { type: object, additionalProperties: false, properties: { color: { type: string }, size: { type: integer } } }
        - name: point
          in: query
          schema: { type: object, additionalProperties: false, properties: { x: { type: integer }, y: { type: integer } } }
        - name: range
          in: query
          explode: false
          schema: { type: object, additionalProperties: false, properties: { lo: { type: integer }, hi: { type: integer } } }
        - name: where
          in: query
          content:
            application/json:
              schema: { type: object, properties: { name: { type: string } } }
        - { name: path, in: query, allowReserved: true, schema: { type: string } }
        - { name: expand, in: query, style: deepObject, explode: true, schema: { type: array, items: { type: string } } }
        - { name: q, in: query, schema: { type: string } }
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: { type: object, required: [count], properties: { count: { type: integer } } }
  /nested:
    get:
      operationId: nested
      parameters:
        - name: lines
          in: query
          style: deepObject
          explode: true
          schema:
            type: array
            items:
              type: object
              properties:
                amount: { type: integer }
                tags: { type: array, items: { type: string } }
                meta: { type: object, additionalProperties: { type: string } }
        - name: metadata
          in: query
          schema:
            anyOf:
              - { type: object, additionalProperties: { type: string } }
              - { type: 'null' }
        - name: created
          in: query
          style: deepObject
          explode: true
          schema:
            anyOf:
              - { type: integer }
              - { type: object, properties: { gt: { type: integer }, lt: { type: integer } } }
        - name: filter
          in: query
          style: deepObject
          schema: { type: object, properties: { 'a b': { type: string }, range: { type: object, properties: { gt: { type: integer } } } } }
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: { type: object, required: [count], properties: { count: { type: integer } } }
`;

interface Decoded {
  query: Record<string, unknown>;
}
type Decode = (plans: unknown[], rawPath: Record<string, string>, search: string, headers: Record<string, string>) => Decoded;

let sdk: ContractSdk;
let mock: MockServer;
let decode: (operationId: string, search: string) => Record<string, unknown>;

beforeAll(async () => {
  sdk = await contractSdk('query-styles', CONTRACT);
  mock = await startMock({ contract: sdk.file, projectRoot: REPO_ROOT, port: 0, host: '127.0.0.1', quiet: true });
  const request = (await import(pathToFileURL(path.join(sdk.dir, 'server/request.js')).href)) as { decodeParameters: Decode };
  const { requestPlans } = (await import(pathToFileURL(path.join(sdk.dir, 'server/validators.js')).href)) as { requestPlans: Record<string, { params: unknown[] }> };
  decode = (operationId, search) => request.decodeParameters(requestPlans[operationId]!.params, {}, search, {}).query;
}, 120_000);
afterAll(async () => {
  await mock?.close();
  sdk?.cleanup();
});

/** Call through the SDK against the mock; the query string as sent, and the result. */
async function send(operation: string, query: Record<string, unknown>, options: Record<string, unknown> = { retry: false }): Promise<{ search: string; result: Record<string, any> }> {
  let url = '';
  const api = sdk.createApiClient({ baseUrl: mock.url, ...options, hooks: { onRequest: (e: { url: string }) => (url = e.url) } });
  const result = await api[operation]!({ query });
  return { search: url ? new URL(url).search.slice(1) : '(not sent)', result };
}

describe('each parameter in its declared style, decoded back by the generated server', () => {
  const cases: Array<[string, Record<string, unknown>, string]> = [
    ['an array, form exploded (the default)', { colors: ['red', 'dark blue'] }, 'colors=red&colors=dark%20blue'],
    ['an array, form not exploded', { tags: ['a', 'b'] }, 'tags=a,b'],
    ['an array, pipeDelimited', { ids: [1, 2, 3] }, 'ids=1|2|3'],
    ['an array, spaceDelimited', { words: ['to', 'be'] }, 'words=to%20be'],
    ['an object, deepObject', { filter: { color: 'red', size: 3 } }, 'filter[color]=red&filter[size]=3'],
    ['an object, form exploded (the default): its members are parameters of their own', { point: { x: 1, y: 2 } }, 'x=1&y=2'],
    ['an object, form not exploded', { range: { lo: 1, hi: 5 } }, 'range=lo,1,hi,5'],
    ['a content-encoded (JSON) parameter', { where: { name: 'Ada & co' } }, `where=${encodeURIComponent(JSON.stringify({ name: 'Ada & co' }))}`],
    ['allowReserved keeps reserved characters, but for & # +', { path: '/a/b:c@d&e#f+g' }, 'path=/a/b:c@d%26e%23f%2Bg'],
    ['an array of strings in a deepObject parameter (Stripe\'s expand), as repeated values', { expand: ['customer', 'invoice'] }, 'expand=customer&expand=invoice'],
    ['a primitive, with characters to escape', { q: 'a=b&c' }, 'q=a%3Db%26c'],
  ];
  for (const [what, query, search] of cases) {
    it(what, async () => {
      const sent = await send('search', query);
      expect(sent.search).toBe(search);
      expect(decode('search', sent.search)).toEqual(query);
      expect(sent.result).toMatchObject({ ok: true, status: 200 });
    });
  }

  it('all of them in one request', async () => {
    const query = { colors: ['red'], tags: ['a', 'b'], ids: [7], filter: { size: 1 }, point: { x: 3, y: 4 }, where: { name: 'x' }, expand: ['a'], q: 'z' };
    const sent = await send('search', query);
    expect(decode('search', sent.search)).toEqual(query);
    expect(sent.result).toMatchObject({ ok: true, status: 200 });
  });

  it('a non-exploded form object with a nested member cannot be written: the call fails before anything is sent, and is not retried', async () => {
    const sent = await send('search', { range: { lo: { deeper: 1 } } }, { retry: { maxAttempts: 3, baseDelayMs: 1 } });
    expect(sent.search).toBe('(not sent)');
    expect(sent.result.attempts).toBe(1);
    expect(sent.result.error).toMatchObject({ kind: 'network', message: 'query parameter "range" (style form, not exploded) cannot carry nested values' });
  });

  it('undefined and null values, empty arrays and empty objects send nothing', async () => {
    const sent = await send('search', { colors: [], tags: [], filter: {}, point: { x: undefined }, q: null, path: undefined });
    expect(sent.search).toBe('');
    expect(sent.result).toMatchObject({ ok: true, status: 200 });
  });
});

describe('nested values, in bracket notation (what Stripe, qs and PHP read)', () => {
  it('an array of objects in a deepObject parameter is indexed; an array of strings inside repeats its key; objects nest', async () => {
    const { search } = await send('nested', { lines: [{ amount: 3, tags: ['x', 'y'] }, { amount: 4, meta: { k: 'v w' } }] });
    expect(search).toBe('lines[0][amount]=3&lines[0][tags]=x&lines[0][tags]=y&lines[1][amount]=4&lines[1][meta][k]=v%20w');
  });

  it('an object inside a deepObject parameter nests its brackets; member names are escaped inside them', async () => {
    const { search } = await send('nested', { filter: { 'a b': 'c', range: { gt: 5 } } });
    expect(search).toBe('filter[a%20b]=c&filter[range][gt]=5');
  });

  it('a map in a form-exploded parameter wrapped in anyOf [object, null] sends its members, and null sends nothing', async () => {
    expect((await send('nested', { metadata: { key1: 'value 1', key2: 'v2' } })).search).toBe('key1=value%201&key2=v2');
    expect((await send('nested', { metadata: null })).search).toBe('');
  });

  it('a deepObject parameter given a primitive sends the primitive (Stripe\'s created=…); given an object, its members', async () => {
    expect((await send('nested', { created: 591 })).search).toBe('created=591');
    expect((await send('nested', { created: { gt: 1, lt: 9 } })).search).toBe('created[gt]=1&created[lt]=9');
  });

  it('the generated server decodes one level of brackets in a deepObject parameter back to the object', () => {
    expect(decode('nested', 'created[gt]=1&created[lt]=9')).toEqual({ created: { gt: 1, lt: 9 } });
  });
});
