/**
 * The failures the conformance suite knows and explains, by contract and failure class. Each is
 * a defect outside the mock (the generated runtime, the SDK, or a contract the generator cannot
 * take) with a fixture under test/mock/fixtures that reproduces it; docs/mock.md ("Conformance")
 * lists them with their reasons. A failure that matches none of them fails the suite.
 */
import type { ContractReport } from './harness.ts';

export interface KnownFailure {
  /** Which contracts (matched against the report's contract path). */
  contract: RegExp;
  /** Which failure class (matched against the class; `not served` for a contract generate refuses). */
  class: RegExp;
  /** Narrower: the failure's detail (for a class with several causes in one contract). */
  detail?: RegExp;
  reason: string;
  /** The fixture that reproduces it. */
  fixture?: string;
}

export const KNOWN_FAILURES: KnownFailure[] = [
  {
    contract: /openai\.yaml$/,
    class: /^not served$/,
    reason: '`charter generate` stops on the same Ajv error ("nullable" cannot be used without "type") while compiling the request validators, so there is nothing to serve.',
    fixture: 'test/mock/fixtures/nullable-without-type.yaml',
  },
  {
    contract: /stripe-spec3\.yaml$/,
    // Stripe declares no catalogue, so the refusal has the shape of its own error response (not a problem).
    class: /^(request refused|unexpected status) \(?400\)?$/,
    detail: /Unknown query parameter '(created|effective_at)'/,
    reason: 'A deepObject query parameter whose schema also admits a primitive (`created: anyOf [range object, integer]`) is sent by the SDK as `created=591`; the generated server only reads `created[...]` for deepObject and refuses `created` as an unknown query parameter.',
    fixture: 'test/mock/fixtures/deepobject-primitive.yaml',
  },
  {
    contract: /stripe-spec3\.yaml$/,
    class: /^transport: network$/,
    detail: /Deeply-nested arrays\/objects aren.t supported/,
    reason: 'hey-api\'s query serializer refuses an array of objects in a deepObject parameter ("Deeply-nested arrays/objects aren\'t supported"), so the SDK never sends the request.',
    fixture: 'test/mock/fixtures/deepobject-array-of-objects.yaml',
  },
  {
    contract: /./,
    class: /^SDK: invalid response$/,
    detail: /the body could not be read/,
    reason: 'A declared 3xx response with a body: hey-api treats every non-2xx answer as an error and hands its body over as `error`, so the SDK runtime reports "the body could not be read" instead of a typed success.',
    fixture: 'test/mock/fixtures/redirect-body.yaml',
  },
  {
    contract: /github-api\.github\.com\.json$/,
    class: /^transport: network$/,
    detail: /ENOTFOUND/,
    reason: 'A declared 302 whose Location (from the contract\'s example) points at another host: fetch follows redirects, so the SDK goes to that host and fails offline; the 302 itself is never seen.',
    fixture: 'test/mock/fixtures/redirect-elsewhere.yaml',
  },
  {
    contract: /heyapi-3\.1-external\/external\.yaml$/,
    class: /^request refused \(400\)$/,
    detail: /must have required property 'id'/,
    reason: 'The contract declares a required path parameter `id` on paths whose template has no `{id}` (`/external-model`, `/external-mixed`): no request can carry it, so the generated server refuses every call ("path must have required property \'id\'"). `charter generate` accepts such a contract.',
    fixture: 'test/mock/fixtures/path-param-not-in-template.yaml',
  },
  {
    contract: /openai\.yaml$/,
    class: /^(route not found \(404\)|method not allowed \(405\))$/,
    reason: 'Path keys that carry a query string (`/responses/{response_id}?beta=true`): the SDK sends `?beta=true` as the query, and the generated router matches the path against a template ending in a literal `?beta=true`, so no operation matches (404, or 405 when another method has the bare path).',
    fixture: 'test/mock/fixtures/path-with-query.yaml',
  },
  {
    contract: /openai\.yaml$/,
    class: /^request refused \(400\)$/,
    detail: /noise_reduction","message":"must be object"/,
    reason: 'The generated request validator fills in defaults before validating (Ajv useDefaults), so an absent member whose `default` breaks its own schema (`type: object, default: null`) makes a valid request invalid ("must be object").',
    fixture: 'test/mock/fixtures/default-null.yaml',
  },
  {
    contract: /openai\.yaml$/,
    class: /^request refused \(400\)$/,
    detail: /Unknown query parameter 'beta'/,
    reason: 'A path key with a query string (`/responses?beta=true`) beside the same path without it: the SDK sends `?beta=true`, the generated router matches the bare path\'s operation, and refuses `beta` as an unknown query parameter.',
    fixture: 'test/mock/fixtures/path-with-query.yaml',
  },
  {
    contract: /openai\.yaml$/,
    class: /^request refused \(400\)$/,
    detail: /Unknown query parameter 'metadata\[key1\]'/,
    reason: 'An object query parameter of the default style (form, exploded) wrapped in `anyOf [object, null]`: the SDK serializes it as deepObject (`metadata[key1]=…`) instead of `key1=…`, and the generated server refuses `metadata[key1]` as unknown (it refuses the form-exploded `key1` as unknown too).',
    fixture: 'test/mock/fixtures/form-object-query.yaml',
  },
  {
    contract: /(^|\/)test\/runtime\/fixtures\/security\.yaml$/,
    class: /^credentials not sent \(401\)$/,
    detail: /mtls is not supported/,
    reason: 'A `mutualTLS` requirement: the generated router cannot see the TLS client certificate (TLS ends before Express), so it reports the scheme as unsupported at start-up and refuses the operation with 401, by design. The fixture declares one on purpose.',
  },
  {
    contract: /(^|\/)test\/mock\/fixtures\//,
    class: /./,
    reason: 'The failure-class fixtures reproduce the defects above on purpose (test/mock/failure-classes.test.ts).',
  },
  {
    contract: /(^|\/)test\/.*fixtures\//,
    class: /^not served$/,
    reason: 'Test fixtures that are invalid on purpose (lint and diff cases) are refused by `charter generate` with a located error; there is nothing to serve.',
  },
];

/** The failures (and unserved contracts) of these reports that no known failure explains. */
export function unexplained(reports: ContractReport[]): string[] {
  const out: string[] = [];
  const explained = (contract: string, cls: string, detail: string) => KNOWN_FAILURES.some((k) => k.contract.test(contract) && k.class.test(cls) && (!k.detail || k.detail.test(detail)));
  for (const r of reports) {
    if (r.error && !explained(r.contract, 'not served', r.error)) out.push(`${r.contract}: not served: ${r.error.split('\n')[0]}`);
    for (const f of r.failures) if (!explained(r.contract, f.class, f.detail)) out.push(`${r.contract}: ${f.operationId}: ${f.class}: ${f.detail.slice(0, 200)}`);
  }
  return out;
}
