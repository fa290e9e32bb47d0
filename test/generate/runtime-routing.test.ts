import { match } from 'path-to-regexp';
import { describe, expect, it } from 'vitest';
import { expressPath } from '../../scripts/charter/emit/server.ts';
import { OperationTable, type OperationSpec } from '../../scripts/charter/emit/runtime/server-runtime.ts';
import { CompiledRouter } from '../../scripts/charter/emit/runtime/request-runtime.ts';

// The generated router finds a request's operation with its own compiled table instead of one
// Express route per operation. It must answer exactly as Express's router (path-to-regexp 8, with
// the router's caseSensitive + strict options) would for the paths `charter generate` writes.
const CONTRACT_PATHS = [
  '/users',
  '/users/{userId}',
  '/users/{userId}/profile',
  '/repos/{owner}/{repo}/contents/{path}',
  '/files/{name}.json',
  '/repos/{owner}.{repo}',
  '/v1/(special)/{id}',
  '/items/{item-id}/tags/{tag}:archive',
  '/search*',
];

const URLS = [
  '/users', '/users/', '/USERS', '/users/42', '/users/42/', '/users/a%20b', '/users/42/profile', '/users/42/profile/x',
  '/repos/o/r/contents/README.md', '/repos/o/r/contents/', '/files/report.json', '/files/report.json.json', '/files/.json',
  '/files/report.xml', '/repos/octo.cat', '/repos/octo.cat.dog', '/repos/octo', '/v1/(special)/7', '/v1/special/7',
  '/items/9/tags/red:archive', '/items/9/tags/red', '/search*', '/searchx', '/',
];

function expressMatcher(path: string) {
  const fn = match(path, { sensitive: true, trailing: false, end: true, decode: decodeURIComponent });
  return (url: string) => {
    const m = fn(url);
    return m ? { ...m.params } : undefined;
  };
}

describe('the generated router\'s operation table', () => {
  for (const contractPath of CONTRACT_PATHS) {
    it(`matches ${contractPath} as Express's router does`, () => {
      const path = expressPath(contractPath);
      const op = { operationId: 'op', method: 'get', path, headers: [], missing: [], responses: {} } satisfies OperationSpec;
      const table = new OperationTable([op]);
      const express = expressMatcher(path);
      for (const url of URLS) {
        const ours = table.match('GET', url);
        expect(ours ? { ...ours.params } : undefined, `${contractPath} vs ${url}`).toEqual(express(url));
      }
    });
  }

  it('serves HEAD with the GET operation unless HEAD is declared, and nothing for other methods', () => {
    const get = { operationId: 'getUser', method: 'get', path: '/users/:userId', headers: [], missing: [], responses: {} } satisfies OperationSpec;
    expect(new OperationTable([get]).match('HEAD', '/users/1')?.op.operationId).toBe('getUser');
    expect(new OperationTable([get]).match('DELETE', '/users/1')).toBeUndefined();
    const head = { ...get, operationId: 'headUser', method: 'head' } satisfies OperationSpec;
    expect(new OperationTable([get, head]).match('HEAD', '/users/1')?.op.operationId).toBe('headUser');
  });

  it('answers a malformed escape in a parameter with a 400 error, as Express does', () => {
    const get = { operationId: 'getUser', method: 'get', path: '/users/:userId', headers: [], missing: [], responses: {} } satisfies OperationSpec;
    expect(() => new OperationTable([get]).match('GET', '/users/%E0%A4%A')).toThrow(expect.objectContaining({ status: 400 }));
  });
});

describe('the compiled router (a segment tree over OpenAPI templates)', () => {
  const router = new CompiledRouter<string>();
  for (const [method, template] of [
    ['get', '/users/{id}'], ['get', '/users/me'], ['delete', '/users/{id}'], ['get', '/users/{id}/profile'], ['get', '/users/me/settings'],
    ['get', '/files/{name}.json'], ['get', '/files/{name}'], ['post', '/users'], ['get', '/users'],
  ] as const) router.add(method, template, `${method} ${template}`);

  const found = (method: string, path: string) => {
    const r = router.find(method, path);
    return r.kind === 'found' ? [r.match.value, r.match.params] : r;
  };

  it('prefers a literal segment to a templated one, and backtracks when the literal leads nowhere', () => {
    expect(found('GET', '/users/me')).toEqual(['get /users/me', {}]);
    expect(found('GET', '/users/you')).toEqual(['get /users/{id}', { id: 'you' }]);
    expect(found('GET', '/users/me/profile')).toEqual(['get /users/{id}/profile', { id: 'me' }]);
    expect(found('GET', '/users/me/settings')).toEqual(['get /users/me/settings', {}]);
    expect(found('GET', '/files/a.json')).toEqual(['get /files/{name}.json', { name: 'a' }]);
    expect(found('GET', '/files/a.xml')).toEqual(['get /files/{name}', { name: 'a.xml' }]);
  });

  it('matches exact case, no trailing slash, no empty parameter', () => {
    expect(found('GET', '/USERS')).toEqual({ kind: 'none' });
    expect(found('GET', '/users/')).toEqual({ kind: 'none' });
    expect(found('GET', '/users//profile')).toEqual({ kind: 'none' });
    expect(found('GET', 'users')).toEqual({ kind: 'none' });
  });

  it('serves HEAD by GET and lists the declared methods for any other', () => {
    expect(found('HEAD', '/users/7')).toEqual(['get /users/{id}', { id: '7' }]);
    expect(found('PUT', '/users/7')).toEqual({ kind: 'method', allowed: ['DELETE', 'GET'] });
    expect(found('PUT', '/users')).toEqual({ kind: 'method', allowed: ['GET', 'POST'] });
  });

  it('routes a path key that carries query pairs by its path, the pairs telling apart the operations on it', () => {
    const r = new CompiledRouter<string>();
    r.add('get', '/items', 'plain');
    r.add('get', '/items?beta=true', 'beta');
    r.add('post', '/items?beta=true&v=2', 'beta-v2');
    r.add('get', '/responses/{id}?beta=true', 'only-beta');
    expect(r.find('GET', '/items')).toEqual({ kind: 'found', match: { value: 'plain', params: {} } });
    expect(r.find('GET', '/items', 'beta=true&limit=5')).toEqual({ kind: 'found', match: { value: 'beta', params: {}, fixed: [['beta', 'true']] } });
    expect(r.find('GET', '/items', 'beta=false')).toEqual({ kind: 'found', match: { value: 'plain', params: {} } });
    expect(r.find('POST', '/items', 'v=2&beta=true')).toEqual({ kind: 'found', match: { value: 'beta-v2', params: {}, fixed: [['beta', 'true'], ['v', '2']] } });
    // A path key with pairs and no plain twin needs them: without, no operation matches.
    expect(r.find('POST', '/items', 'beta=true')).toEqual({ kind: 'none' });
    expect(r.find('GET', '/responses/r1', 'beta=true')).toEqual({ kind: 'found', match: { value: 'only-beta', params: { id: 'r1' }, fixed: [['beta', 'true']] } });
    expect(r.find('GET', '/responses/r1')).toEqual({ kind: 'none' });
  });

  it('costs the same with 10 operations as with 5,000 (steps do not grow with the table)', () => {
    const small = new CompiledRouter<number>();
    const large = new CompiledRouter<number>();
    for (let i = 0; i < 10; i++) small.add('get', `/r${i}/{id}/items/{item}`, i);
    for (let i = 0; i < 5000; i++) large.add('get', `/r${i}/{id}/items/{item}`, i);
    const time = (r: CompiledRouter<number>) => {
      const start = process.hrtime.bigint();
      for (let k = 0; k < 20000; k++) r.find('GET', `/r${k % 10}/42/items/7`);
      return Number(process.hrtime.bigint() - start);
    };
    time(small); time(large);
    const ratios = [1, 2, 3].map(() => time(large) / time(small));
    // Timing on a shared machine: the median of three, with a generous bound (a linear scan is ~500×).
    expect(ratios.sort()[1]).toBeLessThan(4);
  });
});
