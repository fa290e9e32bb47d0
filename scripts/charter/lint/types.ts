/**
 * The shapes shared by the lint engine, its rules and its formatters.
 *
 * A rule is data plus one small function: an id, a default level, a one-line summary,
 * a docs paragraph, a fix hint and a `check`. docs/lint-rules.md is generated from these.
 */
import type { LintDocument } from './document.ts';

/** How a project configures a rule in charter.config.yaml. */
export type RuleLevel = 'off' | 'warn' | 'error';
/** How a finding is reported. */
export type Severity = 'error' | 'warning';

export interface FindingLocation {
  /** The file as given on the command line (or as named by a `$ref`/`x-error-catalogue`). */
  file: string;
  /** 1-based; absent only when the file could not be parsed far enough to know. */
  line?: number;
  column?: number;
  /** JSON pointer of the offending node in `file` ('' is the document root). */
  pointer: string;
}

export interface Finding {
  rule: string;
  severity: Severity;
  message: string;
  /** What to change. Always present for rule findings. */
  hint?: string;
  location: FindingLocation;
}

export type ContractKindName = 'openapi' | 'asyncapi';

export interface Rule {
  /** kebab-case, stable: projects name it in charter.config.yaml. */
  id: string;
  /** Level when the project config does not name the rule. */
  level: Exclude<RuleLevel, 'off'>;
  /** The document kinds the rule checks. */
  kinds: ContractKindName[];
  /** One line for the rules table. */
  summary: string;
  /** One paragraph (Markdown) for docs/lint-rules.md: what it checks and why. */
  docs: string;
  /** Default fix hint attached to findings that do not carry their own. */
  hint: string;
  check(ctx: RuleContext): void;
}

/** What a rule reports: where (a pointer in the linted document) and what. */
export interface Report {
  /** JSON pointer into the linted (expanded) document, or into `file` when given. */
  pointer: string;
  /** Absolute path of the file the pointer is in; the entry document by default. */
  file?: string;
  /** Already located (the loader's errors carry their location): used as is. */
  location?: FindingLocation;
  message: string;
  hint?: string;
  /** Report as a warning even when the rule is at `error` (e.g. "could not check this"). */
  atMostWarning?: boolean;
}

export interface RuleContext {
  doc: LintDocument;
  /** The rule's options from the project config (`allowRemoteRefs`, …). */
  options: LintOptions;
  report(r: Report): void;
}

export interface LintOptions {
  /** Allow `$ref`s to http(s)/file URLs (they are still never fetched). */
  allowRemoteRefs: boolean;
}
