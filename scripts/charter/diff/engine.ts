/**
 * The diff engine: walks the two documents in step and calls each rule where it
 * subscribed. Schema comparisons go through one memoised SchemaComparer, so a schema
 * shared by many operations is compared once and its findings attached to each.
 */
import path from 'node:path';
import { ContractError } from '../loader/errors.ts';
import type { LoadedContract } from '../loader/load.ts';
import { asyncModel } from './asyncapi-model.ts';
import { DocSide, isObject } from './docside.ts';
import { fingerprint } from './hash.ts';
import { HTTP_METHODS as METHODS, type Parameter } from '../model/openapi.ts';
import type { AsyncMessage, AsyncOperation, Hook, HookPayloads, Operation, Rule, RuleCtx } from './rule.ts';
import { SchemaComparer, type SchemaFinding } from './schema-compare.ts';
import type { Direction, Finding, FindingContext, Level, Node, ReportOptions, Side } from './types.ts';
import { LEVEL_RANK } from './types.ts';
import { escapePointer } from '../loader/source.ts';
import { DEFAULT_POLICY, stabilityOf, type LifecyclePolicy, type RuleOverride } from './policy.ts';

export interface DiffOptions {
  /** The rules to run (default: all of them). */
  rules?: Rule[];
  /** YYYY-MM-DD (default: today, UTC). */
  today?: string;
  /** Name shown for a file of the base/head side (default: path relative to the cwd). */
  baseDisplay?: (abs: string) => string;
  headDisplay?: (abs: string) => string;
  /** Findings for which this returns true do not count for the version policy. */
  isIgnored?: (f: Finding) => boolean;
  /** Skip line numbers (faster when only ids matter). */
  noLines?: boolean;
  /** The lifecycle policy (default: DEFAULT_POLICY). */
  policy?: LifecyclePolicy;
  /** Per-rule severity overrides from the config: a new level, or off, with a reason. */
  overrides?: Record<string, RuleOverride>;
}

interface Raw {
  rule: Rule;
  message: string;
  side: Side;
  file: string;
  pointer: string;
  operation?: string;
  channel?: string;
  direction?: Direction;
  context: FindingContext;
}

interface Scope {
  operation?: string;
  channel?: string;
  direction?: Direction;
  context: FindingContext;
  /** Default location on each side. */
  at: { base?: Node; head?: Node };
  /** Prefix of schema finding messages, e.g. `request body application/json`. */
  where?: string;
}

export class Engine {
  readonly base: DocSide;
  readonly head: DocSide;
  readonly today: string;
  readonly policy: LifecyclePolicy;
  /** Operation label → its stability level in the base (what the old contract promised). */
  readonly stability = new Map<string, string>();
  readonly raw: Raw[] = [];
  readonly #byHook = new Map<Hook, Rule[]>();
  readonly schemas: SchemaComparer;
  readonly #opts: DiffOptions;
  readonly #ruleIds: Map<string, Rule>;

  constructor(base: DocSide, head: DocSide, rules: Rule[], opts: DiffOptions) {
    this.base = base;
    this.head = head;
    this.#opts = opts;
    this.today = opts.today ?? new Date().toISOString().slice(0, 10);
    this.policy = opts.policy ?? DEFAULT_POLICY;
    for (const r of rules) {
      if (!this.#byHook.has(r.on)) this.#byHook.set(r.on, []);
      this.#byHook.get(r.on)!.push(r);
    }
    this.#ruleIds = new Map(rules.map((r) => [r.id, r]));
    this.schemas = new SchemaComparer(base, head, (this.#byHook.get('schema') ?? []) as Rule<'schema'>[], this.today, this.policy);
  }

  run<H extends Hook>(hook: H, payload: HookPayloads[H], scope: Scope, dir?: Direction): void {
    const current: { rule?: Rule } = {};
    const ctx = this.ctx(current, scope);
    for (const rule of this.#byHook.get(hook) ?? []) {
      if (dir && rule.direction !== 'both' && rule.direction !== 'none' && rule.direction !== dir) continue;
      if (!rule.check) continue;
      current.rule = rule;
      rule.check(payload as never, ctx);
    }
  }

  ctx(current: { rule?: Rule }, scope: Scope): RuleCtx {
    return {
      base: this.base,
      head: this.head,
      today: this.today,
      policy: this.policy,
      context: scope.context,
      report: (message: string, opts: ReportOptions & { keyword?: string } = {}) => {
        const side: Side = opts.side ?? (scope.at.head ? 'head' : 'base');
        const at = scope.at[side];
        const doc = side === 'base' ? this.base : this.head;
        let pointer = opts.pointer ?? at?.pointer ?? '';
        if (opts.keyword && opts.pointer === undefined) pointer += `/${escapePointer(opts.keyword)}`;
        this.raw.push({
          rule: current.rule!,
          message,
          side,
          file: opts.file ?? (opts.pointer !== undefined ? doc.entry : at?.file ?? doc.entry),
          pointer,
          operation: scope.operation,
          channel: scope.channel,
          direction: scope.direction,
          context: { ...scope.context, ...(opts.schemaPath ? { schemaPath: opts.schemaPath } : {}), ...opts.context },
        });
      },
    };
  }

  /** Report a finding of a rule that has no check of its own (version policy and the like). */
  emit(id: string, message: string, side: Side, pointer: string, scope: Partial<Scope> = {}): void {
    const rule = this.#ruleIds.get(id);
    if (!rule) return;
    const doc = side === 'base' ? this.base : this.head;
    this.raw.push({ rule, message, side, file: doc.entry, pointer, operation: scope.operation, channel: scope.channel, context: scope.context ?? {} });
  }

  /** Compare two schemas and attach what differs to the scope. */
  schema(b: Node | undefined, h: Node | undefined, dir: Direction, scope: Scope): void {
    if (!b || !h || b.value === undefined || h.value === undefined) return;
    const found = this.schemas.compare(b, h, dir);
    for (const f of found) this.#attach(f, scope, dir);
  }

  #attach(f: SchemaFinding, scope: Scope, dir: Direction): void {
    // A parameter's own default is request-parameter-default-changed (breaking), checked on the parameter.
    if (f.rule.id === 'request-default-changed' && scope.context.part === 'parameter' && f.schemaPath.length === 0) return;
    const schemaPath = [...(scope.context.schemaPath ?? []), ...f.schemaPath];
    const where = scope.where ?? '';
    // "`user`: property `email` removed", not "`user.email`: property `email` removed".
    const n = f.schemaPath.length;
    const named = n >= 2 && f.schemaPath[n - 2] === 'properties' && f.message.includes(`\`${f.schemaPath[n - 1]}\``);
    const at = pathLabel(named ? f.schemaPath.slice(0, -2) : f.schemaPath);
    const message = `${where}${at ? `${where ? ' ' : ''}\`${at}\`` : ''}${where || at ? ': ' : ''}${f.message}`;
    this.raw.push({
      rule: f.rule,
      message,
      side: f.side,
      file: f.file,
      pointer: f.pointer,
      operation: scope.operation,
      channel: scope.channel,
      direction: dir,
      context: { ...scope.context, schemaPath },
    });
  }

  // ------------------------------------------------------------------ OpenAPI

  openapi(): void {
    this.run('document', { base: this.base, head: this.head }, { context: {}, at: { base: this.base.node(''), head: this.head.node('') } });
    const bOps = operationsByKey(this.base);
    const hOps = operationsByKey(this.head);
    const keys = [...new Set([...bOps.keys(), ...hOps.keys()])];
    for (const key of keys) {
      const b = bOps.get(key);
      const h = hOps.get(key);
      const op = (h ?? b)!;
      if (b) this.stability.set(op.label, stabilityOf(b.node.value, this.policy));
      const scope: Scope = {
        operation: op.label,
        context: operationContext(op),
        at: { base: b?.node, head: h?.node },
      };
      this.run('operation', { base: b, head: h }, scope);
      if (b && h) this.#operationPair(b, h);
    }
    this.#securitySchemes();
    if (this.base.catalogue && this.head.catalogue) this.#catalogue();
  }

  /** components.securitySchemes of both sides (OpenAPI and AsyncAPI alike). */
  #securitySchemes(): void {
    const bSchemes = this.base.root.components?.securitySchemes ?? {};
    const hSchemes = this.head.root.components?.securitySchemes ?? {};
    for (const name of new Set([...Object.keys(isObject(bSchemes) ? bSchemes : {}), ...Object.keys(isObject(hSchemes) ? hSchemes : {})])) {
      const b = bSchemes[name] !== undefined ? this.base.deref(this.base.node(`/components/securitySchemes/${escapePointer(name)}`)) : undefined;
      const h = hSchemes[name] !== undefined ? this.head.deref(this.head.node(`/components/securitySchemes/${escapePointer(name)}`)) : undefined;
      this.run('securityScheme', { name, base: b, head: h }, { context: {}, at: { base: b, head: h } });
    }
  }

  #operationPair(b: Operation, h: Operation): void {
    const op = { base: b, head: h };
    // Webhooks are requests the API sends: their body reaches the consumer like a response does.
    const reqDir: Direction = h.webhook ? 'response' : 'request';
    const resDir: Direction = h.webhook ? 'request' : 'response';
    const ctx0: FindingContext = operationContext(h);
    const base: Omit<Scope, 'at'> = { operation: h.label, context: ctx0 };

    // Parameters.
    const bParams = new Map(b.parameters.filter(named).map((p) => [p.key, p]));
    const hParams = new Map(h.parameters.filter(named).map((p) => [p.key, p]));
    for (const key of new Set([...bParams.keys(), ...hParams.keys()])) {
      const bp = bParams.get(key);
      const hp = hParams.get(key);
      const p = (hp ?? bp)!;
      const scope: Scope = { ...base, direction: reqDir, context: { ...ctx0, parameter: { in: p.in, name: p.name }, part: 'parameter' }, at: { base: bp?.node, head: hp?.node } };
      this.run('parameter', { base: bp, head: hp, op }, scope, reqDir);
      if (bp && hp) {
        const where = `${p.in} parameter \`${p.name}\``;
        if (bp.schemaNode && hp.schemaNode) this.schema(bp.schemaNode, hp.schemaNode, reqDir, { ...scope, where, context: { ...scope.context, schemaPath: [] } });
        else if (bp.contentNode && hp.contentNode) this.#content(bp.contentNode, hp.contentNode, reqDir, scope, where, 'request body', false);
      }
    }

    // Request body.
    const bBody = b.node.value.requestBody !== undefined ? this.base.get(b.node, 'requestBody') : undefined;
    const hBody = h.node.value.requestBody !== undefined ? this.head.get(h.node, 'requestBody') : undefined;
    {
      const scope: Scope = { ...base, direction: reqDir, context: { ...ctx0, part: 'body' }, at: { base: bBody ?? b.node, head: hBody ?? h.node } };
      this.run('requestBody', { base: bBody, head: hBody, op, dir: reqDir }, scope, reqDir);
      if (bBody && hBody && isObject(bBody.value.content) && isObject(hBody.value.content)) {
        this.#content(this.base.child(bBody, 'content'), this.head.child(hBody, 'content'), reqDir, scope, 'request body', 'request body', true);
      }
    }

    // Responses.
    const bRes = isObject(b.node.value.responses) ? b.node.value.responses : {};
    const hRes = isObject(h.node.value.responses) ? h.node.value.responses : {};
    const baseAll = Object.keys(bRes);
    const headAll = Object.keys(hRes);
    for (const status of new Set([...baseAll, ...headAll])) {
      const br = bRes[status] !== undefined ? this.base.get(b.node, 'responses', status) : undefined;
      const hr = hRes[status] !== undefined ? this.head.get(h.node, 'responses', status) : undefined;
      const scope: Scope = { ...base, direction: resDir, context: { ...ctx0, status }, at: { base: br ?? b.node, head: hr ?? h.node } };
      this.run('response', { base: br, head: hr, status, op, dir: resDir, baseAll, headAll }, scope, resDir);
      if (!br || !hr) continue;
      const bh = isObject(br.value.headers) ? br.value.headers : {};
      const hh = isObject(hr.value.headers) ? hr.value.headers : {};
      const bLower = new Map(Object.keys(bh).map((k) => [k.toLowerCase(), k]));
      const hLower = new Map(Object.keys(hh).map((k) => [k.toLowerCase(), k]));
      for (const lname of new Set([...bLower.keys(), ...hLower.keys()])) {
        if (lname === 'content-type') continue;
        const bn = bLower.has(lname) ? this.base.get(br, 'headers', bLower.get(lname)!) : undefined;
        const hn = hLower.has(lname) ? this.head.get(hr, 'headers', hLower.get(lname)!) : undefined;
        const name = hLower.get(lname) ?? bLower.get(lname)!;
        const hscope: Scope = { ...base, direction: resDir, context: { ...ctx0, status, header: name, part: 'header' }, at: { base: bn ?? br, head: hn ?? hr } };
        this.run('header', { name, base: bn, head: hn, dir: resDir }, hscope, resDir);
        if (bn && hn && bn.value?.schema !== undefined && hn.value?.schema !== undefined) {
          this.schema(this.base.child(bn, 'schema'), this.head.child(hn, 'schema'), resDir, { ...hscope, where: `response ${status} header \`${name}\``, context: { ...hscope.context, schemaPath: [] } });
        }
      }
      if (isObject(br.value.content) && isObject(hr.value.content)) {
        this.#content(this.base.child(br, 'content'), this.head.child(hr, 'content'), resDir, { ...scope, context: { ...scope.context, part: 'body' } }, `response ${status}`, 'response', true);
      }
    }
  }

  #content(bc: Node, hc: Node, dir: Direction, scope: Scope, where: string, part: 'request body' | 'response', runRules: boolean): void {
    const bm = isObject(bc.value) ? bc.value : {};
    const hm = isObject(hc.value) ? hc.value : {};
    for (const mediaType of new Set([...Object.keys(bm), ...Object.keys(hm)])) {
      const bn = bm[mediaType] !== undefined ? this.base.get(bc, mediaType) : undefined;
      const hn = hm[mediaType] !== undefined ? this.head.get(hc, mediaType) : undefined;
      const mscope: Scope = { ...scope, context: { ...scope.context, mediaType }, at: { base: bn ?? scope.at.base, head: hn ?? scope.at.head } };
      if (runRules) this.run('mediaType', { mediaType, base: bn, head: hn, part, dir }, mscope, dir);
      if (bn && hn && bn.value?.schema !== undefined && hn.value?.schema !== undefined) {
        this.schema(this.base.child(bn, 'schema'), this.head.child(hn, 'schema'), dir, { ...mscope, where: `${where} ${mediaType}`, context: { ...mscope.context, schemaPath: [] } });
      }
    }
  }

  // ------------------------------------------------------------------ catalogue

  #catalogue(): void {
    const bc = this.base.catalogue!;
    const hc = this.head.catalogue!;
    const catScope = (bn?: Node, hn?: Node, code?: string): Scope => ({ context: code ? { errorCode: code } : {}, at: { base: bn, head: hn } });
    const nodeOf = (cat: typeof bc, pointer: string): Node => ({ value: undefined, file: path.resolve(cat.file), pointer });
    this.run('catalogue', { base: bc, head: hc }, catScope(nodeOf(bc, ''), nodeOf(hc, '')));
    const removed = bc.errors.filter((d) => !hc.byCode.has(d.code));
    const added = hc.errors.filter((d) => !bc.byCode.has(d.code));
    const renamed = new Map<string, (typeof bc.errors)[number]>(); // head code → base def
    for (const r of removed) {
      const cand = added.find((a) => !renamed.has(a.code) && a.status === r.status && (a.type === r.type || a.title === r.title || similarType(a.type, r.type, a.code, r.code)));
      if (cand) renamed.set(cand.code, r);
    }
    const renamedFrom = new Set([...renamed.values()].map((d) => d.code));
    for (const code of new Set([...bc.byCode.keys(), ...hc.byCode.keys()])) {
      const b = bc.byCode.get(code);
      const h = hc.byCode.get(code);
      if (!h && b && renamedFrom.has(code)) continue; // reported as a rename
      const from = h ? renamed.get(code) : undefined;
      this.run(
        'catalogueEntry',
        { base: b, head: h, renamedFrom: from, baseCat: bc, headCat: hc },
        catScope(b ? nodeOf(bc, b.pointer) : from ? nodeOf(bc, from.pointer) : undefined, h ? nodeOf(hc, h.pointer) : undefined, code),
      );
    }
  }

  // ------------------------------------------------------------------ AsyncAPI

  asyncapi(): void {
    this.run('document', { base: this.base, head: this.head }, { context: {}, at: { base: this.base.node(''), head: this.head.node('') } });
    const bm = asyncModel(this.base);
    const hm = asyncModel(this.head);
    for (const id of new Set([...bm.channels.keys(), ...hm.channels.keys()])) {
      const b = bm.channels.get(id);
      const h = hm.channels.get(id);
      this.run('channel', { base: b, head: h }, { channel: id, context: { channel: id, address: (h ?? b)!.address }, at: { base: b?.node, head: h?.node } });
    }
    for (const key of new Set([...bm.operations.keys(), ...hm.operations.keys()])) {
      const b = bm.operations.get(key);
      const h = hm.operations.get(key);
      const o = (h ?? b)!;
      const id = o.id;
      if (b) this.stability.set(id, stabilityOf(b.node.value, this.policy));
      const scope: Scope = { operation: id, channel: o.channelId, context: { operationId: id, channel: o.channelId, action: o.action }, at: { base: b?.node, head: h?.node } };
      this.run('asyncOperation', { base: b, head: h }, scope);
      if (b && h) this.#asyncMessages(b, h, scope);
    }
    this.#securitySchemes();
  }

  #asyncMessages(b: AsyncOperation, h: AsyncOperation, scope: Scope): void {
    // The application sends: consumers read the message like a response. It receives: producers write it like a request.
    const dir: Direction = h.action === 'send' ? 'response' : 'request';
    const bMsgs = new Map<string, AsyncMessage>(b.messages.map((m) => [m.key, m]));
    const hMsgs = new Map<string, AsyncMessage>(h.messages.map((m) => [m.key, m]));
    // A single message renamed on both sides is the same message.
    if (bMsgs.size === 1 && hMsgs.size === 1 && !hMsgs.has([...bMsgs.keys()][0]!)) {
      const only = [...bMsgs.values()][0]!;
      bMsgs.clear();
      bMsgs.set([...hMsgs.keys()][0]!, only);
    }
    for (const key of new Set([...bMsgs.keys(), ...hMsgs.keys()])) {
      const bmsg = bMsgs.get(key);
      const hmsg = hMsgs.get(key);
      const mscope: Scope = { ...scope, direction: dir, context: { ...scope.context, message: key }, at: { base: bmsg?.node, head: hmsg?.node } };
      this.run('message', { base: bmsg, head: hmsg, op: { base: b, head: h }, dir }, mscope, dir);
      if (!bmsg || !hmsg) continue;
      this.schema(bmsg.payload, hmsg.payload, dir, { ...mscope, where: `message \`${key}\` payload`, context: { ...mscope.context, part: 'payload', schemaPath: [] } });
      this.schema(bmsg.headers, hmsg.headers, dir, { ...mscope, where: `message \`${key}\` headers`, context: { ...mscope.context, part: 'message-headers', schemaPath: [] } });
    }
    // The reply travels the other way: the application reads the replies to what it sends, and writes those to what it receives.
    const rdir: Direction = dir === 'response' ? 'request' : 'response';
    const bReply = new Map<string, AsyncMessage>(b.replyMessages.map((m) => [m.key, m]));
    const hReply = new Map<string, AsyncMessage>(h.replyMessages.map((m) => [m.key, m]));
    if (bReply.size === 1 && hReply.size === 1 && !hReply.has([...bReply.keys()][0]!)) {
      const only = [...bReply.values()][0]!;
      bReply.clear();
      bReply.set([...hReply.keys()][0]!, only);
    }
    for (const key of new Set([...bReply.keys(), ...hReply.keys()])) {
      const bmsg = bReply.get(key);
      const hmsg = hReply.get(key);
      const mscope: Scope = { ...scope, direction: rdir, context: { ...scope.context, message: key, part: 'reply' }, at: { base: bmsg?.node, head: hmsg?.node } };
      this.run('message', { base: bmsg, head: hmsg, op: { base: b, head: h }, dir: rdir, reply: true }, mscope, rdir);
      if (!bmsg || !hmsg) continue;
      this.schema(bmsg.payload, hmsg.payload, rdir, { ...mscope, where: `reply \`${key}\` payload`, context: { ...mscope.context, part: 'payload', schemaPath: [] } });
      this.schema(bmsg.headers, hmsg.headers, rdir, { ...mscope, where: `reply \`${key}\` headers`, context: { ...mscope.context, part: 'message-headers', schemaPath: [] } });
    }
  }

  // ------------------------------------------------------------------ results

  finish(): Finding[] {
    const out: Finding[] = [];
    const seen = new Set<string>();
    for (const r of this.raw) {
      const doc = r.side === 'base' ? this.base : this.head;
      const scopeKey = r.operation ?? r.channel ?? r.context.errorCode ?? '';
      const fp = fingerprint(r.rule.id, scopeKey, r.pointer);
      if (seen.has(fp)) continue;
      seen.add(fp);
      const line = this.#opts.noLines ? undefined : lineOf(doc, r.file, r.pointer);
      const f: Finding = {
        id: r.rule.id,
        level: r.rule.level,
        message: r.message,
        ...(r.operation ? { operation: r.operation } : {}),
        ...(r.channel ? { channel: r.channel } : {}),
        ...(r.direction ? { direction: r.direction } : {}),
        location: { file: doc.display(r.file), ...(line ? { line } : {}), pointer: r.pointer },
        fingerprint: fp,
        context: clean(r.context),
      };
      out.push(f);
    }
    return sortFindings(out);
  }
}

/** Line of a pointer in one of a side's files (a loaded source or its error catalogue), from the loader. */
function lineOf(doc: DocSide, file: string, pointer: string): number | undefined {
  const abs = path.resolve(file);
  const src = doc.contract.sources.get(abs) ?? (doc.catalogue && path.resolve(doc.catalogue.file) === abs ? doc.catalogue.source : undefined);
  return src?.locate(pointer).line;
}

export function sortFindings(list: Finding[]): Finding[] {
  return list.sort(
    (a, b) =>
      (a.operation ?? a.channel ?? '').localeCompare(b.operation ?? b.channel ?? '') ||
      LEVEL_RANK[b.level] - LEVEL_RANK[a.level] ||
      a.id.localeCompare(b.id) ||
      a.location.pointer.localeCompare(b.location.pointer),
  );
}

function clean(c: FindingContext): FindingContext | undefined {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(c)) if (v !== undefined) out[k] = v;
  return Object.keys(out).length ? (out as FindingContext) : undefined;
}

/** `properties/user/properties/email` → `user.email`; `items` → `[]`. */
export function pathLabel(schemaPath: string[]): string {
  let out = '';
  for (let i = 0; i < schemaPath.length; i++) {
    const s = schemaPath[i]!;
    if (s === 'properties' && i + 1 < schemaPath.length) {
      out += (out ? '.' : '') + schemaPath[++i];
    } else if (s === 'items') out += '[]';
    else if (s === 'additionalProperties') out += '{*}';
    else if ((s === 'oneOf' || s === 'anyOf') && i + 1 < schemaPath.length) out += `<${s} ${schemaPath[++i]}>`;
    else out += (out ? '.' : '') + s;
  }
  return out;
}

function similarType(a: string, b: string, codeA: string, codeB: string): boolean {
  const tail = (s: string) => s.split(/[#/]/).pop() ?? s;
  const norm = (s: string) => s.toLowerCase().replace(/[^a-z0-9]/g, '');
  return norm(tail(a)) === norm(codeB) || norm(tail(b)) === norm(codeA);
}

export function checkKinds(base: LoadedContract, head: LoadedContract): void {
  if (base.kind !== head.kind) {
    throw new ContractError(`cannot compare an ${base.kind} document with an ${head.kind} document`, { file: head.file, line: 1 }, 'Give two versions of the same contract.');
  }
}

export type { Level };
export { METHODS };

/** The operations of one side keyed for matching (`GET /users/{}`): paths, webhooks and callbacks. */
function operationsByKey(side: DocSide): Map<string, Operation> {
  return new Map(side.allOperations.map((o) => [o.key, o]));
}

/** What a finding on an operation says about it: the method as written on the wire, the declared operationId. */
function operationContext(op: Operation): FindingContext {
  return { method: op.method.toUpperCase(), path: op.path, operationId: op.declaredOperationId ? op.operationId : undefined };
}

/** Parameters a diff can match: those with a name and a location. */
function named(p: Parameter): boolean {
  return p.name !== '' && (p.in as string) !== '';
}
