/**
 * The machine-readable result of `charter verify`: `--output-json FILE` writes a VerifyReport,
 * `--output-junit FILE` the same as JUnit XML (one testsuite per consumer, one testcase per
 * interaction, a <failure> per failed interaction with Pact's mismatches), for CI test reports.
 */
import fs from 'node:fs';
import path from 'node:path';

export interface VerifiedInteraction {
  description: string;
  kind: 'http' | 'message';
  ok: boolean;
  /** What Pact found wrong, one line each (empty when ok). */
  mismatches: string[];
}

export interface VerifiedConsumer {
  consumer: string;
  /** The pact file, relative to the project root. */
  pact: string;
  specification: string;
  ok: boolean;
  interactions: VerifiedInteraction[];
}

export interface VerifyReport {
  provider: string;
  providerUrl?: string;
  ok: boolean;
  /** Interactions verified in all (a run that verified none fails). */
  verified: number;
  failed: number;
  consumers: VerifiedConsumer[];
  /** Set when verification could not run to the end (e.g. the provider did not start). */
  error?: string;
}

export function writeJsonReport(file: string, report: VerifyReport): void {
  write(file, `${JSON.stringify(report, null, 2)}\n`);
}

export function writeJunitReport(file: string, report: VerifyReport): void {
  write(file, junit(report));
}

export function junit(report: VerifyReport): string {
  const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
  const out = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="charter verify ${esc(report.provider)}" tests="${report.verified}" failures="${report.failed}"${report.error ? ' errors="1"' : ''}>`,
  ];
  for (const c of report.consumers) {
    const failures = c.interactions.filter((i) => !i.ok).length;
    out.push(`  <testsuite name="${esc(c.consumer)}" tests="${c.interactions.length}" failures="${failures}" file="${esc(c.pact)}">`);
    for (const i of c.interactions) {
      const name = `    <testcase classname="${esc(`${report.provider}.${c.consumer}`)}" name="${esc(i.description)}"`;
      if (i.ok) out.push(`${name}/>`);
      else {
        out.push(`${name}>`);
        out.push(`      <failure message="${esc(i.mismatches[0] ?? 'verification failed')}">${esc(i.mismatches.join('\n'))}</failure>`);
        out.push('    </testcase>');
      }
    }
    out.push('  </testsuite>');
  }
  if (report.error) {
    out.push(`  <testsuite name="verification" tests="1" errors="1">`);
    out.push(`    <testcase classname="${esc(report.provider)}" name="verification"><error message="${esc(report.error.split('\n')[0]!)}">${esc(report.error)}</error></testcase>`);
    out.push('  </testsuite>');
  }
  out.push('</testsuites>', '');
  return out.join('\n');
}

function write(file: string, text: string): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text);
}
