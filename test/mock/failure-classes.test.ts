/**
 * Each failure class the conformance suite found, reduced to a small contract, and asserted to
 * round-trip now that it is fixed (in the mock, the generated runtime or the SDK). A failure class
 * not fixed yet is listed in scripts/conformance/known-failures.ts and docs/mock.md instead.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runConformance, type ContractReport } from '../../scripts/conformance/harness.ts';
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

describe('failure classes fixed in the generated runtime', () => {
  it('path-with-query.yaml: a path key with query pairs is routed by its path, the pairs telling apart the operations on it: round-trips', async () => {
    expectRoundTrip(await report('path-with-query.yaml'));
  });
  it('form-object-query.yaml: a form-exploded map query parameter takes the query keys no other parameter declares: round-trips', async () => {
    expectRoundTrip(await report('form-object-query.yaml'));
  });
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
  it('default-null.yaml: a default that breaks its own schema is not applied, so a request without the member is valid: round-trips', async () => {
    expectRoundTrip(await report('default-null.yaml'));
  });
  it('deepobject-primitive.yaml: a deepObject parameter whose schema also admits a primitive is read when sent bare: round-trips', async () => {
    expectRoundTrip(await report('deepobject-primitive.yaml'));
  });
  it('deepobject-array-of-objects.yaml: a deepObject array of objects in bracket notation is read: round-trips', async () => {
    expectRoundTrip(await report('deepobject-array-of-objects.yaml'));
  });
  it('deepobject-unset-leaf.yaml: a bracketed member that admits an array or the empty string is read as either: round-trips', async () => {
    expectRoundTrip(await report('deepobject-unset-leaf.yaml'));
  });
  it("query-empty-string.yaml: an empty query value the schema names (enum ['']) is not refused: round-trips", async () => {
    expectRoundTrip(await report('query-empty-string.yaml'));
  });
  it('path-param-not-in-template.yaml: a path parameter the template does not name is not required: round-trips', async () => {
    expectRoundTrip(await report('path-param-not-in-template.yaml'));
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
