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
    contract: /(^|\/)test\/runtime\/fixtures\/security\.yaml$/,
    class: /^credentials not sent \(401\)$/,
    detail: /mtls is not supported/,
    reason: 'A `mutualTLS` requirement: the generated router cannot see the TLS client certificate (TLS ends before Express), so it reports the scheme as unsupported at start-up and refuses the operation with 401, by design. The fixture declares one on purpose.',
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
