/**
 * Each failure class the conformance suite found, reduced to a small contract. The ones in the
 * mock's own code are fixed and asserted to round-trip. The ones in the generated runtime or the
 * SDK (files the mock runs on but does not own) are pinned with `it.fails`: the test asserts the
 * fixed behaviour and is expected to fail until that defect is fixed, when it turns red and must
 * become a plain `it` (and its entry leave scripts/conformance/known-failures.ts and docs/mock.md).
 * A second test for each says what the defect looks like today, so a different breakage is noticed.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runConformance, type ContractReport } from '../../scripts/conformance/harness.ts';
import { KNOWN_FAILURES } from '../../scripts/conformance/known-failures.ts';
import { REPO_ROOT } from '../support/cli.ts';

const fixture = (name: string) => path.join(REPO_ROOT, 'test/mock/fixtures', name);
const reports = new Map<string, Promise<ContractReport>>();
function report(name: string): Promise<ContractReport> {
  let r = reports.get(name);
  if (!r) reports.set(name, (r = runConformance(fixture(name), { projectRoot: REPO_ROOT, seed: 'charter' })));
  return r;
}

function expectRoundTrip(r: ContractReport): void {
  expect(r.error).toBeUndefined();
  expect(r.failures).toEqual([]);
  expect(r.passed).toBe(r.operations);
  expect(r.operations).toBeGreaterThan(0);
}

describe('failure classes fixed in the mock', () => {
  it('overlapping oneOf branches, an example that breaks its schema, a pattern, 3.1 exclusive bounds with multipleOf: round-trip', async () => {
    const r = await report('overlapping-oneof.yaml');
    expectRoundTrip(r);
    expect(r.notes).toEqual(['getMeasure 200 application/json: the example does not match the response schema; a generated value is served instead']);
  });

  it('a required request body whose media type has no schema: a body is still sent, and round-trips', async () => {
    expectRoundTrip(await report('body-without-schema.yaml'));
  });

  it('a required readOnly property is left out of the request, and the generated server no longer requires it', async () => {
    expectRoundTrip(await report('readonly-required.yaml'));
  });

  it('declared Transfer-Encoding and Content-Length response headers are left to the server, and round-trip', async () => {
    expectRoundTrip(await report('framing-headers.yaml'));
  });

  it('named examples, optional security and an absolute server URL: round-trip', async () => {
    expectRoundTrip(await report('examples.yaml'));
  });
});

interface Defect {
  fixture: string;
  today: { class: string; detail: RegExp; request: RegExp; response: RegExp };
}

// The exact request and response of each defect, as the conformance run records them.
const DEFECTS: Defect[] = [
  {
    fixture: 'deepobject-primitive.yaml',
    today: { class: 'request refused (400)', detail: /Unknown query parameter 'created'/, request: /^GET http:\/\/127\.0\.0\.1:\d+\/charges\?created=\d+$/, response: /^400 / },
  },
  {
    // The SDK sends the array's items in bracket notation; the generated server reads a deepObject
    // array as repeated `lines=` values and refuses `lines[0][amount]` as unknown.
    fixture: 'deepobject-array-of-objects.yaml',
    today: { class: 'request refused (400)', detail: /Unknown query parameter 'lines\[0\]\[amount\]'/, request: /^GET http:\/\/127\.0\.0\.1:\d+\/preview\?lines\[0\]\[amount\]=\d$/, response: /^400 / },
  },
  {
    fixture: 'path-with-query.yaml',
    today: { class: 'route not found (404)', detail: /No operation matches GET \/responses\/resp_[a-z0-9]{6}\./, request: /^GET http:\/\/127\.0\.0\.1:\d+\/responses\/resp_[a-z0-9]{6}\?beta=true$/, response: /^404 .*ROUTE_NOT_FOUND/ },
  },
  {
    fixture: 'default-null.yaml',
    today: { class: 'request refused (400)', detail: /must NOT have more than 1 properties/, request: /^POST http:\/\/127\.0\.0\.1:\d+\/sessions body \{"format":"(pcm16|g711)"\}$/, response: /^400 / },
  },
  {
    // The SDK sends the members form-exploded, as declared; the generated server reads only an
    // object's declared `properties` that way, and this one is a map, so `key1` is unknown to it.
    fixture: 'form-object-query.yaml',
    today: { class: 'request refused (400)', detail: /Unknown query parameter 'key1'/, request: /^GET http:\/\/127\.0\.0\.1:\d+\/completions\?key1=[^&]+$/, response: /^400 / },
  },
  {
    fixture: 'query-empty-string.yaml',
    today: { class: 'request refused (400)', detail: /Empty value found for query parameter 'discounts'/, request: /^GET http:\/\/127\.0\.0\.1:\d+\/invoices\/upcoming\?discounts=$/, response: /^400 / },
  },
  {
    fixture: 'path-param-not-in-template.yaml',
    today: { class: 'request refused (400)', detail: /must have required property 'id'/, request: /^GET http:\/\/127\.0\.0\.1:\d+\/model$/, response: /^400 / },
  },
];

describe('failure classes fixed in the generated runtime', () => {
  it('apikey-query.yaml: an apiKey sent in the query is a credential, not an unknown query parameter: round-trips', async () => {
    expectRoundTrip(await report('apikey-query.yaml'));
  });
  it('nullable-without-type.yaml: a 3.0 nullable beside allOf without type is read by the response validators: round-trips', async () => {
    expectRoundTrip(await report('nullable-without-type.yaml'));
  });
  it('exclusive-boolean.yaml: a 3.0 boolean exclusiveMinimum is read by the response validators: round-trips', async () => {
    expectRoundTrip(await report('exclusive-boolean.yaml'));
  });
  it('media-without-schema.yaml: a response media type without a schema takes any body: round-trips', async () => {
    expectRoundTrip(await report('media-without-schema.yaml'));
  });
  it('octet-stream-body.yaml: a raw request body of any media type is read (text as a string, bytes as a Buffer): round-trips', async () => {
    expectRoundTrip(await report('octet-stream-body.yaml'));
  });
});

describe('failure classes fixed in the SDK', () => {
  it('redirect-body.yaml: a declared 307 with a JSON body is a typed result, its body parsed: round-trips', async () => {
    expectRoundTrip(await report('redirect-body.yaml'));
  });
  it('redirect-elsewhere.yaml: a declared 302 to another host is returned, not followed: round-trips', async () => {
    expectRoundTrip(await report('redirect-elsewhere.yaml'));
  });
});

describe('failure classes outside the mock (generated runtime, SDK, contract)', () => {
  for (const d of DEFECTS) {
    it(`${d.fixture}: fails today as recorded`, async () => {
      const r = await report(d.fixture);
      expect(r.failures).toHaveLength(1);
      const f = r.failures[0]!;
      expect(f.class).toBe(d.today.class);
      expect(f.detail).toMatch(d.today.detail);
      expect(f.request).toMatch(d.today.request);
      expect(f.response).toMatch(d.today.response);
      expect(KNOWN_FAILURES.some((k) => k.fixture === `test/mock/fixtures/${d.fixture}` && k.class.test(f.class)), 'explained in known-failures.ts').toBe(true);
    });
    it.fails(`${d.fixture}: round-trips once the defect is fixed`, async () => {
      expectRoundTrip(await report(d.fixture));
    });
  }
});
