/**
 * The shapes shared by the diff engine, its rules and its formatters.
 *
 * A rule is data plus one small check function. The engine walks both contracts in
 * step and calls each rule at the point it subscribes to (`on`): an operation pair, a
 * parameter pair, a schema pair seen in the request or the response direction, and so on.
 */

export type Level = 'breaking' | 'warning' | 'info';
export const LEVELS: Level[] = ['breaking', 'warning', 'info'];
export const LEVEL_RANK: Record<Level, number> = { breaking: 3, warning: 2, info: 1 };

/** `request`: data a client sends (narrowing it breaks clients); `response`: data a client receives (widening it breaks clients). */
export type Direction = 'request' | 'response';
export type RuleDirection = Direction | 'both' | 'none';

/** What a finding is about, kept for tools that map findings to consumers (e.g. Pact interactions). */
export interface FindingContext {
  method?: string;
  path?: string;
  operationId?: string;
  status?: string;
  mediaType?: string;
  parameter?: { in: string; name: string };
  header?: string;
  /** Where in the schema, from the root of the body/parameter/header/payload schema: ['properties','displayName']. */
  schemaPath?: string[];
  /** `body`, `parameter`, `header`, `payload`, `message-headers`. */
  part?: string;
  channel?: string;
  address?: string;
  action?: string;
  message?: string;
  errorCode?: string;
}

export interface FindingLocation {
  /** The file as the user named it (`REF:path` for a git revision). */
  file: string;
  line?: number;
  pointer: string;
}

export interface Finding {
  id: string;
  level: Level;
  message: string;
  /** `POST /users` for OpenAPI operations, the operation id for AsyncAPI ones. */
  operation?: string;
  channel?: string;
  direction?: Direction;
  location: FindingLocation;
  /** Stable hash of rule id + operation/channel + pointer; never of the message text. */
  fingerprint: string;
  context?: FindingContext;
  /** Set when the project's policy changed the rule's level: a `diff.rules` override, or the operation's stability level. */
  overridden?: { from: Level; reason: string };
  /** Set by the ignore file: the reason the finding is accepted. */
  ignored?: { reason: string; expires: string };
}

/** A node of one of the two documents, with where it lives (for locations and `$ref` resolution). */
export interface Node<T = any> {
  value: T;
  /** Absolute path of the file that holds the node. */
  file: string;
  /** JSON pointer of the node inside that file. */
  pointer: string;
}

export type Side = 'base' | 'head';

export interface ReportOptions {
  /** Which document the location points into (default: head; removals point into base). */
  side?: Side;
  /** Pointer of the location (default: the pointer of the node the rule was called on, on that side). */
  pointer?: string;
  /** Absolute file of the location when it is not the entry file of that side. */
  file?: string;
  /** Appended to the schema path in the finding's context (e.g. a property name). */
  schemaPath?: string[];
  /** Override or complete the context. */
  context?: Partial<FindingContext>;
}

export interface RuleMeta {
  id: string;
  level: Level;
  direction: RuleDirection;
  /** One line: what the rule detects. */
  summary: string;
  /** A paragraph: why it matters, what to do. */
  doc: string;
}
