/**
 * Pact files in specification v2, v3 and v4 read into one shape, and the matchers and generators
 * the static check honours.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ContractError } from '../../scripts/charter/loader/errors.ts';
import { loadContract } from '../../scripts/charter/loader/load.ts';
import { matchedByType, parseRulePath, withRequestGenerators } from '../../scripts/charter/pact/matchers.ts';
import { parsePact, resolveProvider } from '../../scripts/charter/pact/pact-files.ts';
import { checkPacts } from '../../scripts/charter/pact/static-check.ts';
import { CONTRACT } from './second-provider.ts';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'charter-pact-spec-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

const v2 = {
  consumer: { name: 'legacy' },
  provider: { name: 'orders-service' },
  interactions: [
    {
      description: 'get order o1',
      providerState: 'order o1 exists',
      request: { method: 'get', path: '/api/orders/o1', query: 'expand=items&expand=notes' },
      response: {
        status: 200,
        headers: { 'Content-Type': 'application/json' },
        body: { id: 'o1', status: 'pending' },
        matchingRules: { '$.body.status': { match: 'type' }, "$.headers['Content-Type']": { regex: 'application/json.*' } },
      },
    },
  ],
  metadata: { 'pact-specification': { version: '2.0.0' } },
};

const v3Messages = {
  consumer: { name: 'mailer' },
  provider: { name: 'orders-service' },
  messages: [{ description: 'an orderPlaced event', providerStates: [{ name: 'order o1 is placed', params: { id: 'o1' } }], contents: { id: 'o1' }, metadata: { subject: 'orders.o1.placed' }, matchingRules: { body: { '$.id': { matchers: [{ match: 'type' }] } } } }],
  metadata: { pactSpecification: { version: '3.0.0' } },
};

describe('reading pact files', () => {
  it('reads a v2 file into the v4 shape: states, query, body and JSONPath matching rules', () => {
    const pact = parsePact(JSON.stringify(v2), 'legacy.json');
    expect(pact.specification).toBe('2.0.0');
    const [i] = pact.interactions;
    expect(i).toMatchObject({
      type: 'Synchronous/HTTP',
      providerStates: [{ name: 'order o1 exists' }],
      request: { method: 'GET', query: { expand: ['items', 'notes'] } },
      response: { body: { content: { id: 'o1', status: 'pending' }, contentType: 'application/json' } },
    });
    expect(i!.response!.matchingRules).toEqual({
      body: { '$.status': { combine: 'AND', matchers: [{ match: 'type' }] } },
      header: { 'Content-Type': { combine: 'AND', matchers: [{ regex: 'application/json.*' }] } },
    });
  });

  it('reads a v3 message pact (messages, contents, metadata)', () => {
    const pact = parsePact(JSON.stringify(v3Messages), 'mailer.json');
    expect(pact.interactions).toMatchObject([{ type: 'Asynchronous/Messages', description: 'an orderPlaced event', contents: { content: { id: 'o1' } }, metadata: { subject: 'orders.o1.placed' } }]);
  });

  it('refuses a file in an unknown specification version, or with none, naming the file', () => {
    const bad = (version: unknown) => () => parsePact(JSON.stringify({ ...v2, metadata: version === undefined ? {} : { pactSpecification: { version } } }), 'x/legacy.json');
    expect(bad('1.1.0')).toThrow(/unsupported Pact specification version 1\.1\.0/);
    expect(bad('5.0')).toThrow(ContractError);
    expect(bad(undefined)).toThrow(/declares no specification version/);
    try {
      bad('5.0')();
    } catch (e) {
      expect((e as ContractError).format()).toMatch(/^x\/legacy\.json:1: error/);
    }
  });

  it('takes the provider from the pacts when none is configured, and refuses to guess between several', () => {
    const a = parsePact(JSON.stringify(v2), 'a.json');
    const b = parsePact(JSON.stringify({ ...v2, provider: { name: 'users-service' } }), 'b.json');
    expect(resolveProvider([a], undefined, 'pacts')).toBe('orders-service');
    expect(resolveProvider([a, b], 'users-service', 'pacts')).toBe('users-service');
    expect(() => resolveProvider([a, b], undefined, 'pacts')).toThrow(/several providers \(orders-service, users-service\)/);
  });
});

describe('matchers and generators', () => {
  it('parses rule paths and applies the most specific rule, type matchers cascading to children', () => {
    expect(parseRulePath("$.items[*]['unit-price'][0]")).toEqual(['items', '*', 'unit-price', '0']);
    const rules = { '$.order': { matchers: [{ match: 'type' }] }, '$.order.status': { matchers: [{ match: 'regex', regex: '^placed$' }] }, '$.lines[*].sku': { matchers: [{ match: 'type' }] } };
    expect(matchedByType(rules, ['order', 'item'])).toBe(true);
    expect(matchedByType(rules, ['order', 'status'])).toBe(false);
    expect(matchedByType(rules, ['lines', '3', 'sku'])).toBe(true);
    expect(matchedByType(rules, ['total'])).toBe(false);
  });

  it('judges a request by the values the verifier will generate', () => {
    const i = parsePact(
      JSON.stringify({
        ...v2,
        metadata: { pactSpecification: { version: '4.0' } },
        interactions: [{ type: 'Synchronous/HTTP', description: 'd', request: { method: 'POST', path: '/x', body: { content: { id: 'not-a-uuid', at: 'x', n: 0 }, contentType: 'application/json' }, generators: { body: { '$.id': { type: 'Uuid' }, '$.n': { type: 'RandomInt', min: 5, max: 9 } } } }, response: { status: 200 } }],
      }),
      'g.json',
    ).interactions[0]!;
    expect(withRequestGenerators(i).request!.body!.content).toEqual({ id: '3f2a1c9e-8d4b-4e21-9f3a-0c5d7e8f9a1b', at: 'x', n: 5 });
  });

  it('honours a v2 type matcher in the static check, and an exact value is judged as it is', async () => {
    const file = path.join(tmp, 'openapi.yaml');
    fs.writeFileSync(file, CONTRACT);
    const openapi = loadContract(file, { expectKind: 'openapi' });
    const typed = parsePact(JSON.stringify(v2), 'typed.json');
    expect(await checkPacts({ openapi, pacts: [typed] })).toEqual([]);
    const exact = structuredClone(v2);
    (exact.interactions[0]!.response as { matchingRules: Record<string, unknown> }).matchingRules = {};
    const findings = await checkPacts({ openapi, pacts: [parsePact(JSON.stringify(exact), 'exact.json')] });
    expect(findings.map((f) => `${f.consumer} › ${f.interaction}: ${f.message}`)).toEqual([expect.stringMatching(/^legacy › get order o1: .*allowed values/)]);
  });
});
