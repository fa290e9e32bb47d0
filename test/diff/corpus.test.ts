/**
 * `charter diff` on every real version pair in shared/corpus/openapi-pairs/. Each test
 * says what it checks about that pair's classification.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadContract } from '../../scripts/charter/loader/load.ts';
import { diffContracts, type Finding } from '../../scripts/charter/diff/index.ts';
import { CORPUS, TODAY } from './helpers.ts';
import { requireCorpus } from '../support/cli.ts';

const DIR = path.join(requireCorpus(CORPUS), 'openapi-pairs');
const cache = new Map<string, Finding[]>();
function diffPair(name: string): Finding[] {
  if (!cache.has(name)) {
    const base = loadContract(path.join(DIR, `${name}.base.yaml`));
    const head = loadContract(path.join(DIR, `${name}.head.yaml`));
    cache.set(name, diffContracts(base, head, { today: TODAY }));
  }
  return cache.get(name)!;
}
const of = (fs_: Finding[], id: string) => fs_.filter((f) => f.id === id);
const breaking = (fs_: Finding[]) => fs_.filter((f) => f.level === 'breaking');

describe('corpus pairs', () => {
  it('covers every pair in the corpus', () => {
    const names = fs.readdirSync(DIR).filter((f) => f.endsWith('.base.yaml')).map((f) => f.slice(0, -'.base.yaml'.length)).sort();
    expect(names).toEqual(['adyen-checkout-v71-to-v72', 'openai-2026-08', 'openai-v1-to-v2', 'redocly-museum', 'swagger-petstore', 'twilio-messaging']);
    for (const n of names) {
      const found = diffPair(n);
      for (const f of found) {
        expect(f.location.pointer, `${n} ${f.id}`).toMatch(/^(\/|$)/);
        expect(f.location.line, `${n} ${f.id} ${f.location.pointer}`).toBeGreaterThan(0);
      }
    }
  });

  it('openai-v1-to-v2 (1.3.0 → 2.0.0) is breaking and names the five removed operations', () => {
    const found = diffPair('openai-v1-to-v2');
    expect(breaking(found).length).toBeGreaterThan(0);
    // They were deprecated, but without a sunset date: their removal still breaks callers.
    const removed = of(found, 'deprecated-operation-removed-without-sunset').map((f) => f.operation).sort();
    expect(removed).toEqual(['GET /engines', 'GET /engines/{engine_id}', 'POST /answers', 'POST /classifications', 'POST /engines/{engine_id}/search']);
    // 2.0.0 is a major bump: the version policy is satisfied.
    expect(of(found, 'version-not-bumped')).toEqual([]);
    // Real schema-level breaks are found too: `prompt` became required in createCompletion.
    expect(of(found, 'request-property-became-required').map((f) => f.operation)).toContain('POST /completions');
  });

  it('twilio-messaging reports info.version going backwards (1.56.1 → 1.0.0)', () => {
    const found = diffPair('twilio-messaging');
    const [v] = of(found, 'version-decreased');
    expect(v).toBeDefined();
    expect(v!.message).toContain('1.56.1');
    expect(v!.message).toContain('1.0.0');
    expect(v!.level).toBe('breaking');
    // The rest of that release adds CORS headers to responses and examples: informational only.
    expect(breaking(found).map((f) => f.id)).toEqual(['version-decreased']);
    expect(of(found, 'response-header-added').length).toBeGreaterThan(100);
  });

  it('redocly-museum: the 200 → 201 change on two operations is breaking; the schema renames are not reported as removals', () => {
    const found = diffPair('redocly-museum');
    expect(of(found, 'response-success-status-removed').map((f) => f.operation).sort()).toEqual(['POST /special-events', 'POST /tickets']);
    expect(of(found, 'response-success-status-added').map((f) => f.operation).sort()).toEqual(['POST /special-events', 'POST /tickets']);
    // BuyMuseumTicketsRequest → BuyMuseumTickets etc. are compared by shape through the $refs:
    // no operation, body or media type disappears.
    expect(found.filter((f) => /media-type-removed|operation-removed|request-body-removed/.test(f.id))).toEqual([]);
    // 1.1.0 → 1.2.1 with breaking changes: the version policy fires and names both versions.
    const [v] = of(found, 'version-not-bumped');
    expect(v!.message).toMatch(/1\.1\.0.*1\.2\.1/);
    // The new webhooks section is an addition.
    expect(of(found, 'operation-added').map((f) => f.operation)).toEqual(['WEBHOOK publishNewEvent POST']);
  });

  it('swagger-petstore (3.0.2 → 3.0.4): nothing breaking; success responses newly documented and the spec version change are info', () => {
    const found = diffPair('swagger-petstore');
    expect(breaking(found)).toEqual([]);
    expect(of(found, 'spec-version-changed')).toHaveLength(1);
    // Customer/Address were removed from components but no operation used them: not a change to the API.
    expect(found.filter((f) => f.message.includes('Customer'))).toEqual([]);
  });

  it('adyen-checkout-v71-to-v72: schema-level only; tighter request limits and removed request fields are breaking', () => {
    const found = diffPair('adyen-checkout-v71-to-v72');
    expect(found.filter((f) => /operation-(removed|added)/.test(f.id))).toEqual([]);
    expect(of(found, 'request-max-length-decreased').length).toBeGreaterThan(5);
    expect(of(found, 'request-property-removed-closed').length).toBeGreaterThan(0);
    // Dropped `deprecated` flags are not breaking.
    expect(found.filter((f) => f.id.includes('deprecat') && f.level === 'breaking')).toEqual([]);
    // 71 → 72 is a major bump.
    expect(of(found, 'version-not-bumped')).toEqual([]);
  });

  it('openai-2026-08: the same 288 operations; the removed string error type and the new 429s are classified', () => {
    const found = diffPair('openai-2026-08');
    expect(found.filter((f) => /^operation-(removed|added)$/.test(f.id))).toEqual([]);
    // "Remove deprecated string error type from tool call responses": MCP tool call `error` went string → object.
    expect(of(found, 'response-type-changed').some((f) => f.message.includes('.error') && f.message.includes('string'))).toBe(true);
    // "Remove deprecated 'source' field from audit log schema".
    expect(found.some((f) => /property-removed/.test(f.id) && f.message.includes('source'))).toBe(true);
    // "Add 429 Too Many Requests response to all endpoints": informational.
    expect(of(found, 'response-non-success-status-added').filter((f) => f.context?.status === '429').length).toBeGreaterThan(100);
    // "Mark video-related endpoints as deprecated".
    expect(of(found, 'operation-deprecated').every((f) => f.operation!.includes('/videos'))).toBe(true);
    expect(of(found, 'operation-deprecated').length).toBeGreaterThan(0);
  });
});

describe('non-changes on real documents', () => {
  /** Reverse every key order, reword every description, and inline the schemas operations $ref (one level). */
  function rewrite(doc: any): any {
    const schemas = doc.components?.schemas ?? {};
    const walk = (v: any, inPaths: boolean, depth: number): any => {
      if (Array.isArray(v)) return v.map((x) => walk(x, inPaths, depth));
      if (!v || typeof v !== 'object') return v;
      if (inPaths && depth < 12 && typeof v.$ref === 'string' && v.$ref.startsWith('#/components/schemas/')) {
        const target = schemas[v.$ref.slice('#/components/schemas/'.length)];
        if (target && typeof target === 'object' && !Array.isArray(target)) return walk(structuredClone(target), false, depth + 1);
      }
      const out: Record<string, unknown> = {};
      for (const k of Object.keys(v).reverse()) {
        out[k] = (k === 'description' || k === 'summary') && typeof v[k] === 'string' ? `${v[k]} (reworded)` : walk(v[k], inPaths || k === 'paths' || k === 'channels', depth + 1);
      }
      return out;
    };
    return walk(doc, false, 0);
  }

  const docs = [
    'openapi/oai-petstore-expanded.yaml',
    'openapi/redocly-museum.yaml',
    'openapi/swagger-petstore-v3.yaml',
    'openapi/adyen-balance-platform-v2.json',
    'openapi/twilio-api-v2010.json',
    'asyncapi/slack-rtm.3.0.yml',
    'asyncapi/streetlights-kafka.2.6.yml',
    'asyncapi/streetlights-mqtt.3.0.yml',
  ];
  it.each(docs)('finds nothing between %s and a reordered, reworded copy with inlined schemas', (rel) => {
    const file = path.join(CORPUS, rel);
    const original = loadContract(file);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'charter-rewrite-'));
    const copy = path.join(dir, `${path.basename(file)}.json`);
    fs.writeFileSync(copy, JSON.stringify(rewrite(original.doc)));
    expect(diffContracts(original, loadContract(copy), { today: TODAY }).map((f) => `${f.id} ${f.operation ?? ''} ${f.message}`)).toEqual([]);
  });
});
