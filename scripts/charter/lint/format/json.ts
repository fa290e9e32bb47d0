/**
 * Machine output. The shape is stable (documented in docs/lint.md); fields are only ever added:
 *
 *   { "version": 1,
 *     "findings": [ { "rule", "severity": "error"|"warning", "message", "hint",
 *                     "location": { "file", "line", "column", "pointer" } } ],
 *     "summary": { "files", "errors", "warnings", "byRule": { "<rule>": n } } }
 *
 * `line`/`column` are 1-based and null when unknown; `hint` is null when there is none.
 */
import type { Finding } from '../types.ts';
import type { Summary } from './summary.ts';

export const JSON_FORMAT_VERSION = 1;

export function formatJson(findings: Finding[], summary: Summary): string {
  const out = {
    version: JSON_FORMAT_VERSION,
    findings: findings.map((f) => ({
      rule: f.rule,
      severity: f.severity,
      message: f.message,
      hint: f.hint ?? null,
      location: {
        file: f.location.file,
        line: f.location.line ?? null,
        column: f.location.column ?? null,
        pointer: f.location.pointer,
      },
    })),
    summary,
  };
  return `${JSON.stringify(out, null, 2)}\n`;
}
