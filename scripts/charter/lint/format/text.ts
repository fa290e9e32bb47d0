/**
 * Human output: one block per finding, like a compiler's:
 *
 *   contracts/openapi.yaml:25:7  error  operationId "create_user" is not camelCase  (operation-id)
 *     23 |   /users:
 *     24 |     post:
 *   > 25 |       operationId: create_user
 *        |       ^
 *     26 |       summary: Create a user
 *     hint: Rename it to createUser.
 *
 * Colour only on a TTY (NO_COLOR / FORCE_COLOR respected), through node:util styleText.
 */
import { styleText } from 'node:util';
import type { Finding } from '../types.ts';
import type { Summary } from './summary.ts';

type Style = Parameters<typeof styleText>[0];

export interface TextOptions {
  color: boolean;
  /** Source text of a file (as shown in findings), for code frames; undefined to skip frames. */
  source(file: string): string | undefined;
  /** Lines shown before and after the finding's line. */
  context?: number;
}

export function formatText(findings: Finding[], summary: Summary, opts: TextOptions): string {
  // Whether to colour is decided by the caller (TTY, NO_COLOR, FORCE_COLOR, --no-color), not by styleText.
  const paint = (style: Style, s: string): string => (opts.color ? styleText(style, s, { validateStream: false }) : s);
  const lines = new Map<string, string[] | undefined>();
  const linesOf = (file: string): string[] | undefined => {
    if (!lines.has(file)) lines.set(file, opts.source(file)?.split(/\r?\n/));
    return lines.get(file);
  };
  const ctx = opts.context ?? 2;
  const out: string[] = [];
  for (const f of findings) {
    const { file, line, column } = f.location;
    const where = [file, line, line !== undefined ? column : undefined].filter((x) => x !== undefined).join(':');
    const sev = f.severity === 'error' ? paint(['bold', 'red'], 'error') : paint(['bold', 'yellow'], 'warning');
    out.push(`${paint('bold', where)}  ${sev}  ${f.message}  ${paint('dim', `(${f.rule})`)}`);
    const src = line !== undefined ? linesOf(file) : undefined;
    if (src && line !== undefined && line >= 1 && line <= src.length) {
      const first = Math.max(1, line - ctx);
      const last = Math.min(src.length, line + ctx);
      const width = String(last).length;
      for (let n = first; n <= last; n++) {
        const text = clip(src[n - 1]!);
        const gutter = `${String(n).padStart(width)} |`;
        if (n === line) {
          out.push(`${paint(['bold', 'red'], '>')} ${paint('bold', gutter)} ${text}`);
          const col = Math.max(1, column ?? 1);
          out.push(`  ${' '.repeat(width)} ${paint('dim', '|')} ${' '.repeat(Math.min(col - 1, 160))}${paint(['bold', 'red'], '^')}`);
        } else out.push(`  ${paint('dim', gutter)} ${paint('dim', text)}`);
      }
    }
    if (f.hint) out.push(`  ${paint('cyan', 'hint:')} ${f.hint}`);
    if (f.location.pointer) out.push(`  ${paint('dim', `at ${f.location.pointer}`)}`);
    out.push('');
  }
  out.push(summaryLine(summary, paint));
  return `${out.join('\n')}\n`;
}

function clip(s: string): string {
  return s.length > 200 ? `${s.slice(0, 199)}…` : s;
}

function summaryLine(s: Summary, paint: (style: Style, s: string) => string): string {
  const files = `${s.files} file${s.files === 1 ? '' : 's'}`;
  if (s.errors === 0 && s.warnings === 0) return paint('green', `✔ no problems in ${files}`);
  const e = `${s.errors} error${s.errors === 1 ? '' : 's'}`;
  const w = `${s.warnings} warning${s.warnings === 1 ? '' : 's'}`;
  const mark = s.errors ? paint(['bold', 'red'], '✖') : paint(['bold', 'yellow'], '⚠');
  return `${mark} ${e}, ${w} in ${files}`;
}
