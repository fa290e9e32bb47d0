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
    // Stripe declares no catalogue, so the refusal has the shape of its own error response (not a problem).
    class: /^(request refused|unexpected status) \(?400\)?$/,
    detail: /Unknown query parameter '\w+(\[\w+\])*\[\d+\]\[/,
    reason: 'An array of objects in a deepObject query parameter: the SDK sends it in bracket notation (`lines[0][amount]=3`, Stripe\'s convention); the generated server reads a deepObject array only as repeated `lines=` values and refuses `lines[0][amount]` as an unknown query parameter.',
    fixture: 'test/mock/fixtures/deepobject-array-of-objects.yaml',
  },
  {
    contract: /stripe-spec3\.yaml$/,
    class: /^(request refused|unexpected status) \(?400\)?$/,
    detail: /Empty value found for query parameter/,
    reason: 'A query parameter whose schema admits the empty string (Stripe\'s "unset" convention, `anyOf [array, enum [\'\']]`) is sent as `discounts=`; without `allowEmptyValue` the generated server refuses the empty value before the schema, which admits it, is consulted.',
    fixture: 'test/mock/fixtures/query-empty-string.yaml',
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
    detail: /Unknown query parameter 'key\d+'/,
    reason: 'An object query parameter of the default style (form, exploded) that is a map (`additionalProperties`, wrapped in `anyOf [object, null]`): the SDK sends its members as `key1=…`, as declared, and the generated server, which reads form-exploded members only for declared `properties`, refuses `key1` as an unknown query parameter.',
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
