import type { Finding } from '../types.ts';

export interface Summary {
  /** Files linted (including those that could not be read). */
  files: number;
  errors: number;
  warnings: number;
  /** Findings per rule id, sorted by id. */
  byRule: Record<string, number>;
}

export function summarize(findings: Finding[], files: number): Summary {
  const byRule: Record<string, number> = {};
  let errors = 0;
  let warnings = 0;
  for (const f of findings) {
    if (f.severity === 'error') errors++;
    else warnings++;
    byRule[f.rule] = (byRule[f.rule] ?? 0) + 1;
  }
  const sorted = Object.fromEntries(Object.entries(byRule).sort(([a], [b]) => (a < b ? -1 : 1)));
  return { files, errors, warnings, byRule: sorted };
}
