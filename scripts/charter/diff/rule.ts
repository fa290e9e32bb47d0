/**
 * How a rule is written: `defineRule({ id, level, direction, on, summary, doc, check })`.
 * `on` names the point of the walk where the engine calls `check` with a pair (base, head)
 * of the things found there; `check` calls `ctx.report(message, options)` for each finding.
 */
import type { ErrorCatalogue, ErrorDef } from '../loader/catalogue.ts';
import type { DocSide } from './docside.ts';
import type { SchemaView } from './schema-view.ts';
import type { BranchMatch } from './schema-compare.ts';
import type { LifecyclePolicy } from './policy.ts';
import type { Direction, FindingContext, Node, ReportOptions, RuleMeta } from './types.ts';

/** An OpenAPI operation and parameter of the contract model (`model/openapi.ts`). */
export type { Operation, Parameter } from '../model/openapi.ts';
import type { Operation, Parameter } from '../model/openapi.ts';

export interface Channel {
  id: string;
  address?: string;
  node: Node;
  /** Parameter names used in the address. */
  parameters: Record<string, Node>;
  /** The server names the channel is pinned to (undefined: every server). */
  servers?: string[];
  /** What the application does on the channel, from its operations. */
  actions: Set<'send' | 'receive'>;
}

export interface AsyncOperation {
  /** Shown in findings: the operation id (2.x: operationId, else `channel#publish`). */
  id: string;
  /** What the two sides are matched on (3.0: the operation key; 2.x: channel and verb, so an operationId added or renamed keeps the identity). */
  key: string;
  /** 2.x `operationId`, when set. */
  operationId?: string;
  action: 'send' | 'receive';
  channelId?: string;
  node: Node;
  messages: AsyncMessage[];
  /** 3.0 `reply` messages (sent back by the side that receives). */
  replyMessages: AsyncMessage[];
  deprecated: boolean;
  /** Effective security: requirement alternatives, each scheme name → scopes. */
  security?: Array<Record<string, string[]>>;
  securityNode?: Node;
}

export interface AsyncMessage {
  /** messageId, name, or the component/key name. */
  key: string;
  node: Node;
  payload?: Node;
  headers?: Node;
  contentType?: string;
  /** 2.x `schemaFormat` (message or trait), 3.0 the payload's multi-format `schemaFormat`. */
  schemaFormat?: string;
}

export interface Pair<T> {
  base?: T;
  head?: T;
}

export interface HookPayloads {
  document: { base: DocSide; head: DocSide };
  operation: Pair<Operation>;
  parameter: Pair<Parameter> & { op: { base: Operation; head: Operation } };
  requestBody: Pair<Node> & { op: { base: Operation; head: Operation }; dir: Direction };
  response: Pair<Node> & { status: string; op: { base: Operation; head: Operation }; dir: Direction; baseAll: string[]; headAll: string[] };
  mediaType: Pair<Node> & { mediaType: string; part: 'request body' | 'response'; dir: Direction };
  header: Pair<Node> & { name: string; dir: Direction };
  schema: { base: SchemaView; head: SchemaView; dir: Direction; branches?: BranchMatch };
  securityScheme: Pair<Node> & { name: string };
  channel: Pair<Channel>;
  asyncOperation: Pair<AsyncOperation>;
  message: Pair<AsyncMessage> & { op: Pair<AsyncOperation>; dir: Direction; reply?: boolean };
  catalogue: { base: ErrorCatalogue; head: ErrorCatalogue };
  catalogueEntry: Pair<ErrorDef> & { base: ErrorDef | undefined; head: ErrorDef | undefined; renamedFrom?: ErrorDef; baseCat: ErrorCatalogue; headCat: ErrorCatalogue };
  /** Rules reported by the engine itself (version policy, ignore file): no check. */
  meta: never;
}

export type Hook = keyof HookPayloads;

export interface RuleCtx {
  base: DocSide;
  head: DocSide;
  /** YYYY-MM-DD, for sunset dates. */
  today: string;
  /** The lifecycle policy (stability levels, deprecation windows, sunset dates). */
  policy: LifecyclePolicy;
  report(message: string, opts?: ReportOptions & { keyword?: string }): void;
  /** The context the finding will carry (read-only view). */
  context: FindingContext;
}

export interface Rule<H extends Hook = Hook> extends RuleMeta {
  on: H;
  check?: (p: HookPayloads[H], ctx: RuleCtx) => void;
  /** Schema rules: also run when one side is a oneOf/anyOf and the other a plain schema. */
  alsoWhenMixed?: boolean;
}

export function defineRule<H extends Hook>(rule: Rule<H>): Rule<H> {
  return rule;
}
