/**
 * The compiled request validation against its reference, express-openapi-validator: requests
 * generated with fast-check from each operation's parameters and body schemas (valid ones, and
 * mutated ones) go to the same runtime in both modes (`requestValidation`), and the two must
 * agree on accept/reject and on the values the handler receives. Each kind of disagreement that
 * remains is one docs/request-validation.md lists with its reason; any other fails the test.
 *
 * Every operation of our contract and of the small and medium corpus contracts is probed. Of the
 * large ones a fixed, evenly spread sample of operations is (express-openapi-validator compiles
 * an operation's validators on its first request, ~185 ms each on GitHub's contract, so all 706
 * would take two minutes); `CHARTER_DIFFERENTIAL=full` probes every operation of those too.
 */
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CORPUS, REPO_ROOT, requireCorpus } from '../support/cli.ts';
import { compileContract, probesFor, send, serveMode, type Answer, type Disagreement, type Probe, type Served } from './differential.ts';

requireCorpus();
const FULL = process.env['CHARTER_DIFFERENTIAL'] === 'full';

/** [name, file, probes per operation, every how many operations (1: all)] */
const CONTRACTS: Array<[string, string, number, number]> = [
  ['ours', path.join(REPO_ROOT, 'generated/openapi.json'), 16, 1],
  ['museum', path.join(CORPUS, 'openapi/redocly-museum.yaml'), 8, 1],
  ['petstore3', path.join(CORPUS, 'openapi/swagger-petstore-v3.yaml'), 8, 1],
  ['petstore', path.join(CORPUS, 'openapi/oai-petstore.yaml'), 8, 1],
  ['petstore-expanded', path.join(CORPUS, 'openapi/oai-petstore-expanded.yaml'), 8, 1],
  ['link', path.join(CORPUS, 'openapi/oai-link-example.yaml'), 8, 1],
  ['callback', path.join(CORPUS, 'openapi/oai-callback-example.yaml'), 8, 1],
  ['adyen', path.join(CORPUS, 'openapi/adyen-balance-platform-v2.json'), 4, 1],
  ['github', path.join(CORPUS, 'openapi/github-api.github.com.json'), 4, FULL ? 1 : 12],
  ['twilio', path.join(CORPUS, 'openapi/twilio-api-v2010.json'), 4, FULL ? 1 : 8],
  ['stripe', path.join(CORPUS, 'openapi/stripe-spec3.yaml'), 2, FULL ? 1 : 60],
  ['openai', path.join(CORPUS, 'openapi/openai.yaml'), 2, FULL ? 1 : 60],
];

const accepted = (a: Answer) => a.status >= 200 && a.status < 300;
const firstError = (a: Answer): { location?: string; message?: string } => a.body?.errors?.[0] ?? {};

/**
 * The documented differences (docs/request-validation.md, "Where the two differ"). Each names a
 * case where express-openapi-validator is looser or wrong, or cannot validate at all.
 */
function knownDifference(p: Probe, compiled: Answer, reference: Answer): string | undefined {
  if (reference.status === 500) return 'the reference fails on this contract (500)';
  if (p.mutation?.startsWith('numeral') && !accepted(compiled) && firstError(compiled).message === 'must be integer' || p.mutation?.startsWith('numeral') && !accepted(compiled) && firstError(compiled).message === 'must be number') {
    if (accepted(reference)) return 'non-canonical numerals';
  }
  if (p.body === undefined && accepted(compiled) && reference.status === 415) return 'no body for an optional body';
  if (p.mutation === 'unknown query parameter' && accepted(reference) && /^Unknown query parameter/.test(firstError(compiled).message ?? '')) {
    // The reference lets any query parameter through when the operation has an object-valued one (it cannot tell them apart).
    return 'unknown query parameter beside an object parameter';
  }
  if (accepted(compiled) && reference.status === 400) {
    const e = firstError(reference);
    if (e.message === 'is read-only' && e.location?.startsWith('params/')) return 'readOnly on a parameter schema';
    if (/^Empty value found for query parameter/.test(e.message ?? '')) return "an empty value the schema names (enum [''])";
    if (/must match exactly one schema in oneOf/.test(e.message ?? '') && /^(params|query|header)\//.test(e.location ?? '')) return 'coercion inside oneOf';
  }
  return undefined;
}

const servers: Served[] = [];
afterAll(async () => {
  await Promise.all(servers.map((s) => s.close()));
});

describe('compiled request validation agrees with express-openapi-validator', () => {
  const all: Disagreement[] = [];
  afterAll(() => {
    // The documented differences, counted per contract (the figures docs/request-validation.md quotes).
    const counts = new Map<string, number>();
    for (const d of all) counts.set(`${d.contract}: ${d.known ?? 'UNEXPLAINED'}`, (counts.get(`${d.contract}: ${d.known ?? 'UNEXPLAINED'}`) ?? 0) + 1);
    console.info([...counts].map(([k, v]) => `${v}\t${k}`).join('\n') || 'no disagreements');
  });

  for (const [name, file, perOperation, stride] of CONTRACTS) {
    it(`on ${name}`, async () => {
      const contract = await compileContract(name, file);
      const compiled = await serveMode(contract, 'compiled');
      const reference = await serveMode(contract, 'express-openapi-validator');
      servers.push(compiled, reference);
      const ids = Object.keys(contract.plans).filter((_, i) => i % stride === 0);
      expect(ids.length).toBeGreaterThan(0);
      let n = 0;
      let bothAccepted = 0;
      let bothRefused = 0;
      const unexplained: Disagreement[] = [];
      for (const [i, id] of ids.entries()) {
        for (const probe of probesFor(contract, id, perOperation, 7919 * (i + 1))) {
          const key = `${name}-${n++}`;
          const [a, b] = await Promise.all([send(compiled.url, probe, key, compiled), send(reference.url, probe, key, reference)]);
          // The compiled path never fails on a request, whatever the reference does.
          expect(a.status, JSON.stringify({ probe, a })).not.toBe(500);
          const agree = accepted(a) === accepted(b) && (!accepted(a) || JSON.stringify(a.input) === JSON.stringify(b.input));
          if (agree) {
            if (accepted(a)) bothAccepted++;
            else bothRefused++;
            continue;
          }
          const d: Disagreement = { contract: name, probe, compiled: a, reference: b, known: knownDifference(probe, a, b) };
          all.push(d);
          if (!d.known) unexplained.push(d);
        }
      }
      expect(unexplained.map((d) => JSON.stringify({ probe: d.probe, compiled: [d.compiled.status, d.compiled.input ?? d.compiled.body], reference: [d.reference.status, d.reference.input ?? d.reference.body] }).slice(0, 1500))).toEqual([]);
      // Both sides did real work: some requests were accepted and some refused by both (the large
      // contracts, where the reference fails outright, are held only to the compiled side not failing).
      if (name !== 'stripe' && name !== 'openai') {
        expect(bothAccepted, `${name}: requests both accepted`).toBeGreaterThan(0);
        expect(bothRefused, `${name}: requests both refused`).toBeGreaterThan(0);
      }
    }, FULL ? 900_000 : 120_000);
  }

  it('switches to the reference with requestValidation: express-openapi-validator (a hexadecimal limit shows which one answered)', async () => {
    const contract = await compileContract('ours-switch', path.join(REPO_ROOT, 'generated/openapi.json'));
    const compiled = await serveMode(contract, 'compiled');
    const reference = await serveMode(contract, 'express-openapi-validator');
    servers.push(compiled, reference);
    const probe: Probe = { operationId: 'listUsers', method: 'get', path: '/users?limit=0x10', headers: {} };
    const [a, b] = await Promise.all([send(compiled.url, probe, 's1', compiled), send(reference.url, probe, 's2', reference)]);
    expect(a.status).toBe(400);
    expect(a.body.errors).toEqual([{ location: 'query/limit', message: 'must be integer' }]);
    expect(b.status).toBe(204);
    expect(b.input.query).toEqual({ limit: 16 });
  });
  it('on non-JSON bodies: the compiled code validates forms, multipart members, text and byte limits; the reference reads none of them (docs/request-validation.md)', async () => {
    const contract = await compileContract('bodies', path.join(REPO_ROOT, 'test/runtime/fixtures/body-validation.yaml'));
    const compiled = await serveMode(contract, 'compiled');
    const reference = await serveMode(contract, 'express-openapi-validator');
    servers.push(compiled, reference);
    const form = { 'content-type': 'application/x-www-form-urlencoded' };
    const part = (name: string, value: string, file?: string) => `--XX\r\nContent-Disposition: form-data; name="${name}"${file ? `; filename="${file}"\r\nContent-Type: ${file.endsWith('.gif') ? 'image/gif' : 'image/png'}` : ''}\r\n\r\n${value}\r\n`;
    const multipart = (...parts: string[]): Probe => ({ operationId: 'addAlbum', method: 'post', path: '/albums', headers: { 'content-type': 'multipart/form-data; boundary=XX' }, body: `${parts.join('')}--XX--\r\n` });
    const cases: Array<[string, Probe, number, number]> = [
      // The reference parses no urlencoded body here (the router reads only JSON for it): every form is "must have required property 'body'".
      ['valid form', { operationId: 'addPerson', method: 'post', path: '/people', headers: form, body: 'name=a&age=36' }, 204, 400],
      // multer leaves every multipart field a string, and coercion is off: an integer member is refused even when canonical.
      ['valid multipart', multipart(part('title', 'ok'), part('year', '2024'), part('cover', 'PNG', 'c.png')), 204, 400],
      ['multipart integer member not a numeral', multipart(part('title', 'ok'), part('year', 'abc'), part('cover', 'PNG', 'c.png')), 400, 400],
      ['multipart file of an undeclared media type', multipart(part('title', 'ok'), part('cover', 'GIF', 'c.gif')), 415, 204],
      ['text over maxLength', { operationId: 'addMemo', method: 'post', path: '/memos', headers: { 'content-type': 'text/plain' }, body: 'far too long' }, 400, 204],
      ['bytes over maxLength', { operationId: 'putChunk', method: 'put', path: '/chunks', headers: { 'content-type': 'application/octet-stream' }, body: '12345' }, 413, 204],
    ];
    const seen: Array<[string, number, number]> = [];
    for (const [i, [name, probe]] of cases.entries()) {
      const [a, b] = await Promise.all([send(compiled.url, probe, `nj${i}`, compiled), send(reference.url, probe, `nj${i}r`, reference)]);
      seen.push([name, a.status, b.status]);
    }
    expect(seen).toEqual(cases.map(([name, , a, b]) => [name, a, b]));
  });
});
