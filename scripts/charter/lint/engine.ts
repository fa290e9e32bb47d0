/**
 * The lint engine: load a contract through the one loader (collecting `$ref` problems instead
 * of stopping at the first), expand its error catalogue, run every enabled rule once over the
 * result, and turn the rules' reports into located, sorted findings.
 */
import path from 'node:path';
import { loadContract } from '../loader/load.ts';
import { ContractError } from '../loader/errors.ts';
import { buildModel } from '../model/contract.ts';
import { LintDocument } from './document.ts';
import { RULES } from './rules/index.ts';
import type { Finding, Report, Rule, RuleLevel, Severity } from './types.ts';
import type { LintConfig } from './config.ts';

export interface FileResult {
  file: string;
  findings: Finding[];
  /** Set when the file could not be read or parsed at all: the CLI exits 2. */
  fatal?: ContractError;
  /** Rules that threw (a bug in Charter, not in the contract): id → message. */
  crashed: Array<{ rule: string; message: string }>;
}

export function levelOf(rule: Rule, config: LintConfig): RuleLevel {
  return config.rules[rule.id] ?? rule.level;
}

/** Prepare a document for the rules: load (collecting `$ref` problems), then build the model (catalogue expanded). */
export function prepare(file: string): LintDocument {
  return new LintDocument(buildModel(loadContract(file, { collectRefProblems: true })));
}

export function lintFile(file: string, config: LintConfig, rules: readonly Rule[] = RULES): FileResult {
  let doc: LintDocument;
  try {
    doc = prepare(file);
  } catch (e) {
    if (e instanceof ContractError) return { file, findings: [], fatal: e, crashed: [] };
    throw e;
  }
  return lintDocument(doc, config, rules);
}

export function lintDocument(doc: LintDocument, config: LintConfig, rules: readonly Rule[] = RULES): FileResult {
  const findings: Finding[] = [];
  const crashed: FileResult['crashed'] = [];
  const seen = new Set<string>();
  for (const rule of rules) {
    const level = levelOf(rule, config);
    if (level === 'off' || !rule.kinds.includes(doc.kind)) continue;
    const severity: Severity = level === 'error' ? 'error' : 'warning';
    const report = (r: Report): void => {
      const location = r.location ?? doc.locate(r.pointer, r.file ?? doc.file);
      const f: Finding = {
        rule: rule.id,
        severity: r.atMostWarning ? 'warning' : severity,
        message: r.message,
        hint: r.hint ?? rule.hint,
        location,
      };
      const key = `${f.rule}\u0000${location.file}\u0000${location.line}\u0000${location.pointer}\u0000${f.message}`;
      if (seen.has(key)) return;
      seen.add(key);
      findings.push(f);
    };
    try {
      rule.check({ doc, options: config, report });
    } catch (e) {
      if (process.env.CHARTER_DEBUG) throw e;
      crashed.push({ rule: rule.id, message: (e as Error)?.message ?? String(e) });
    }
  }
  findings.sort(compareFindings);
  return { file: doc.contract.file, findings, crashed };
}

export function compareFindings(a: Finding, b: Finding): number {
  const fa = a.location.file;
  const fb = b.location.file;
  if (fa !== fb) return fa < fb ? -1 : 1;
  const la = a.location.line ?? 0;
  const lb = b.location.line ?? 0;
  if (la !== lb) return la - lb;
  const ca = a.location.column ?? 0;
  const cb = b.location.column ?? 0;
  if (ca !== cb) return ca - cb;
  if (a.rule !== b.rule) return a.rule < b.rule ? -1 : 1;
  return a.message < b.message ? -1 : a.message > b.message ? 1 : 0;
}

/** The path to show for a file: relative to the working directory when inside it. */
export function displayPath(file: string, cwd: string = process.cwd()): string {
  const abs = path.resolve(cwd, file);
  const rel = path.relative(cwd, abs);
  return (rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel : abs).split(path.sep).join('/');
}
