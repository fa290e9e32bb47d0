import { match } from 'path-to-regexp';
import { describe, expect, it } from 'vitest';
import { expressPath } from '../../scripts/charter/emit/server.ts';
import { OperationTable, type OperationSpec } from '../../scripts/charter/emit/runtime/server-runtime.ts';

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
