/**
 * The one AsyncAPI model: servers, channels, operations and messages of a 2.0-2.6, 3.0 or 3.1
 * document, read once, read-only, and located. Every element carries the node it was read from
 * (`{ value, file, pointer }`) in the file the author wrote, following relative-file `$ref`s
 * through the contract's loaded sources. The events emitter, the diff and lint all read it.
 *
 * The two major versions map onto one shape:
 * - 2.x `publish` describes what other applications publish to this one, so the application
 *   receives it; 2.x `subscribe` is what the application sends. 2.x operations live on their
 *   channel and are identified by channel and verb.
 * - 3.x operations are top-level, name their channel by `$ref` and may list a subset of the
 *   channel's messages; no list means every message of the channel.
 *
 * Messages are kept once per definition site (the file and pointer the last `$ref` reaches),
 * with their traits resolved and applied (JSON Merge Patch, the message's own fields win), and
 * their payload and headers schemas unwrapped from 3.x Multi Format Schema Objects, each with
 * the schema format it is written in (see asyncapi-schema-format.ts).
 */
import path from 'node:path';
import { getPointer, isRemoteRef } from '../loader/load.ts';
import { escapePointer, unescapePointer } from '../loader/source.ts';
import { schemaFormatOf, type SchemaFormat } from './asyncapi-schema-format.ts';
import { ContractModel } from './contract.ts';

export { schemaFormatOf, type SchemaFormat } from './asyncapi-schema-format.ts';

/** A value together with where it is written: an absolute file path and a JSON pointer in it. */
export interface Located<T = any> {
  value: T;
  file: string;
  pointer: string;
}

/** What the model is read from: a loaded contract, or a self-contained document. */
export interface AsyncApiInput {
  doc: Record<string, any>;
  /** The entry file (a placeholder path when the document was not read from disk). */
  file?: string;
  /** Every file taking part, by absolute path (a LoadedContract's `sources`). */
  sources?: ReadonlyMap<string, { value: unknown }>;
  /** The contract model to resolve `$ref`s with (built from the fields above when absent). */
  model?: ContractModel;
}

export interface AsyncSchema {
  /** The schema itself (a Multi Format Schema Object's `schema`, else the payload/headers value), not dereferenced. */
  node: Located;
  /** The schema as written, `$ref`s followed (undefined when a `$ref` leads nowhere). */
  resolved?: Located;
  format: SchemaFormat;
  /** Where the format is declared (the message's or trait's `schemaFormat`, or the Multi Format Schema Object's). */
  formatNode?: Located<string>;
  /** Read from a 3.x Multi Format Schema Object (`{ schemaFormat, schema }`). */
  wrapped: boolean;
}

export interface ServerModel {
  name: string;
  node: Located<Record<string, any>>;
  /** 2.x `url`; 3.x `host` + `pathname`. */
  address: string;
  protocol?: string;
  protocolVersion?: string;
  variables: Record<string, any>;
  security?: Located;
}

export interface ParameterModel {
  name: string;
  /** The parameter object, `$ref` followed. */
  node: Located;
}

export interface ChannelModel {
  /** The key under `channels` (2.x: the address). */
  key: string;
  /** 2.x the key; 3.x `address` (undefined when `null`: an address unknown at design time), the key when missing. */
  address?: string;
  node: Located<Record<string, any>>;
  /** Declared parameters, in order. */
  parameters: ParameterModel[];
  /** Declared parameters, then any `{name}` of the address not declared. */
  addressParameters: string[];
  /** The server names the channel is pinned to (undefined: every server). */
  servers?: string[];
  /** Messages in document order: 3.x the channel's `messages`; 2.x publish's then subscribe's. */
  messages: MessageModel[];
  /** The keys the channel lists its messages under (3.x), aligned with `messages`; 2.x: undefined entries. */
  messageKeys: Array<string | undefined>;
  /** What the application does on the channel, from its operations. */
  actions: Set<'send' | 'receive'>;
}

export interface ReplyModel {
  node: Located;
  channel?: ChannelModel;
  /** The reply's messages: its list, else every message of its channel. */
  messages: MessageModel[];
}

export interface OperationModel {
  /** What two versions of a document are matched on: 3.x the operation key; 2.x `<channel>#<verb>`. */
  key: string;
  /** Shown to people: 3.x the key; 2.x the operationId, else `<channel>#<verb>`. */
  id: string;
  /** The name the generated code uses: 3.x the key; 2.x the operationId, else `<verb><channel>`. */
  codeName: string;
  /** 2.x `operationId`, when set. */
  operationId?: string;
  /** 2.x only: the verb the operation is written under. */
  verb?: 'publish' | 'subscribe';
  action: 'send' | 'receive';
  channelKey?: string;
  channel?: ChannelModel;
  node: Located<Record<string, any>>;
  messages: MessageModel[];
  reply?: ReplyModel;
  summary?: string;
  deprecated: boolean;
  /** Security requirement alternatives, each scheme name → scopes (2.x requirement objects; 3.x scheme refs). */
  security?: Array<Record<string, string[]>>;
  securityNode?: Located;
}

export interface MessageModel {
  /** Stable id for generated code: the component name, else derived from the channel and key. */
  id: string;
  /** What two versions of a document match messages on: messageId, name, or the definition's last pointer segment. */
  key: string;
  /** The definition (the last `$ref`'s target). */
  node: Located<Record<string, any>>;
  /** The traits, resolved, in order (2.x `[trait, options]` pairs as their trait). */
  traits: Located<Record<string, any>>[];
  /** The message with its traits applied (JSON Merge Patch; the message's own fields win). */
  merged: Record<string, any>;
  name?: string;
  title?: string;
  summary?: string;
  /** The message's, a trait's, or the document's `defaultContentType`. */
  contentType?: string;
  payload?: AsyncSchema;
  headers?: AsyncSchema;
  correlationId?: Located;
}

export interface AsyncApiModel {
  specVersion: string;
  major: 2 | 3;
  /** Absolute path of the entry file. */
  file: string;
  doc: Record<string, any>;
  servers: ServerModel[];
  channels: ChannelModel[];
  operations: OperationModel[];
  /** Every message once, by definition site: component messages, then channels', then operations'. */
  messages: MessageModel[];
  /** Component messages of the entry document, by key. */
  componentMessages: Map<string, MessageModel>;
  /** The resolver the model was read with, for callers that follow further `$ref`s. */
  resolver: AsyncApiResolver;
}

const MAX_REF_HOPS = 64;

/**
 * `$ref` resolution over the entry document and the other files of the contract: the contract
 * model's own (memoised, across files), under the names this module's readers use.
 */
export class AsyncApiResolver {
  readonly file: string;
  readonly doc: Record<string, any>;
  readonly #model: ContractModel;

  constructor(input: AsyncApiInput) {
    this.#model = input.model ?? ContractModel.fromDocument(input.doc, input.file ?? 'asyncapi.yaml', input.sources);
    this.file = this.#model.file;
    this.doc = input.doc;
  }

  rootOf(file: string): unknown {
    return this.#model.fileRoot(file);
  }

  /** One `$ref` written in `fromFile`; undefined when remote or pointing nowhere. */
  resolve(ref: string, fromFile: string = this.file): Located | undefined {
    return this.#model.resolveRef(ref, fromFile);
  }

  /** Follow `$ref`s until a value that is not one; undefined on a dangling ref or a pure cycle. */
  deref<T = any>(n: Located<T>): Located<T> | undefined {
    return this.#model.resolve(n);
  }

  child(n: Located, ...keys: Array<string | number>): Located {
    return this.#model.descend(n, ...keys);
  }
}

export function isObject(v: unknown): v is Record<string, any> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

function upperFirst(s: string): string {
  return s ? s[0]!.toUpperCase() + s.slice(1) : s;
}

function lastSegment(pointer: string): string {
  return unescapePointer(pointer.split('/').pop() ?? '');
}

function mergePatch(target: any, patch: any): any {
  if (patch === null || typeof patch !== 'object' || Array.isArray(patch)) return patch;
  const out: any = target && typeof target === 'object' && !Array.isArray(target) ? { ...target } : {};
  for (const [k, v] of Object.entries(patch)) out[k] = v && typeof v === 'object' && !Array.isArray(v) && !('$ref' in v) ? mergePatch(out[k], v) : v;
  return out;
}

/** The `name` of `/components/messages/<name>` in any file, else undefined. */
function componentMessageName(pointer: string): string | undefined {
  const m = /^\/components\/messages\/([^/]+)$/.exec(pointer);
  return m ? unescapePointer(m[1]!) : undefined;
}

export function buildAsyncApiModel(input: AsyncApiInput): AsyncApiModel {
  const r = new AsyncApiResolver(input);
  const doc = input.doc;
  const specVersion = String(doc.asyncapi ?? '');
  const major: 2 | 3 = specVersion.startsWith('2.') ? 2 : 3;
  const root: Located<Record<string, any>> = { value: doc, file: r.file, pointer: '' };
  const bySite = new Map<string, MessageModel>();
  const messages: MessageModel[] = [];
  const ids = new Set<string>();

  /** The message a reference (or an inline message) leads to, read once per definition site. */
  const messageAt = (site: Located, fallbackId: string): MessageModel | undefined => {
    const def = r.deref(site);
    if (!def || !isObject(def.value)) return undefined;
    const siteKey = `${def.file}#${def.pointer}`;
    const known = bySite.get(siteKey);
    if (known) return known;
    // A message kept under components/messages is named after its key there, wherever it is reached from.
    let id = componentMessageName(def.pointer) ?? fallbackId;
    for (let i = 2; ids.has(id); i++) id = `${fallbackId}${i}`;
    ids.add(id);
    const m = readMessage(r, doc, def as Located<Record<string, any>>, id, major);
    bySite.set(siteKey, m);
    messages.push(m);
    return m;
  };

  // Component messages first and sorted, so that their ids are their names.
  const componentMessages = new Map<string, MessageModel>();
  const compMsgs = r.child(root, 'components', 'messages');
  if (isObject(compMsgs.value)) {
    for (const key of Object.keys(compMsgs.value).sort()) {
      const m = messageAt(r.child(compMsgs, key), key);
      if (m) componentMessages.set(key, m);
    }
  }

  const servers: ServerModel[] = [];
  const serversNode = r.child(root, 'servers');
  if (isObject(serversNode.value)) {
    for (const name of Object.keys(serversNode.value)) {
      const node = r.deref(r.child(serversNode, name));
      if (!node || !isObject(node.value)) continue;
      const v = node.value;
      servers.push({
        name,
        node: node as Located<Record<string, any>>,
        address: typeof v.url === 'string' ? v.url : `${v.host ?? ''}${v.pathname ?? ''}`,
        protocol: typeof v.protocol === 'string' ? v.protocol : undefined,
        protocolVersion: v.protocolVersion !== undefined && v.protocolVersion !== null ? String(v.protocolVersion) : undefined,
        variables: isObject(v.variables) ? v.variables : {},
        security: v.security !== undefined ? r.child(node, 'security') : undefined,
      });
    }
  }

  const channels: ChannelModel[] = [];
  const operations: OperationModel[] = [];
  const chRoot = r.child(root, 'channels');
  for (const key of Object.keys(isObject(chRoot.value) ? chRoot.value : {})) {
    const node = r.deref(r.child(chRoot, key));
    if (!node || !isObject(node.value)) continue;
    const v = node.value;
    const address = major === 2 ? key : typeof v.address === 'string' ? v.address : v.address === null ? undefined : key;
    const parameters: ParameterModel[] = [];
    if (isObject(v.parameters)) {
      for (const name of Object.keys(v.parameters)) {
        const p = r.child(node, 'parameters', name);
        parameters.push({ name, node: r.deref(p) ?? p });
      }
    }
    const addressParameters = parameters.map((p) => p.name);
    for (const m of (address ?? '').matchAll(/\{([^}]+)\}/g)) if (!addressParameters.includes(m[1]!)) addressParameters.push(m[1]!);
    const channel: ChannelModel = {
      key,
      address,
      node: node as Located<Record<string, any>>,
      parameters,
      addressParameters,
      servers: serverNames(r, node),
      messages: [],
      messageKeys: [],
      actions: new Set(),
    };
    const addChannelMessage = (m: MessageModel | undefined, mk: string | undefined) => {
      if (!m || channel.messages.includes(m)) return;
      channel.messages.push(m);
      channel.messageKeys.push(mk);
    };
    if (major === 3) {
      if (isObject(v.messages)) {
        for (const mk of Object.keys(v.messages)) addChannelMessage(messageAt(r.child(node, 'messages', mk), `${key}${upperFirst(mk)}`), mk);
      }
    } else {
      for (const verb of ['publish', 'subscribe'] as const) {
        const opNode = r.deref(r.child(node, verb));
        if (!opNode || !isObject(opNode.value)) continue;
        const op = opNode.value;
        const action = verb === 'publish' ? 'receive' : 'send';
        channel.actions.add(action);
        const opMessages: MessageModel[] = [];
        if (op.message !== undefined) {
          const msgSite = r.child(opNode, 'message');
          const msgNode = r.deref(msgSite);
          const list: Located[] = msgNode && isObject(msgNode.value) && Array.isArray(msgNode.value.oneOf)
            ? msgNode.value.oneOf.map((_: unknown, i: number) => r.child(msgNode, 'oneOf', i))
            : [msgSite];
          list.forEach((site, i) => {
            const m = messageAt(site, `${key.replace(/[^A-Za-z0-9]+/g, '_')}${upperFirst(verb)}${i || ''}`);
            if (m) {
              opMessages.push(m);
              addChannelMessage(m, undefined);
            }
          });
        }
        const operationId = typeof op.operationId === 'string' ? op.operationId : undefined;
        const opKey = `${key}#${verb}`;
        operations.push({
          key: opKey,
          id: operationId ?? opKey,
          codeName: operationId ?? `${verb}${key}`,
          operationId,
          verb,
          action,
          channelKey: key,
          channel,
          node: opNode as Located<Record<string, any>>,
          messages: opMessages,
          summary: typeof op.summary === 'string' ? op.summary : undefined,
          deprecated: op.deprecated === true,
          security: security2(op.security),
          securityNode: op.security !== undefined ? r.child(opNode, 'security') : undefined,
        });
      }
    }
    channels.push(channel);
  }

  const channelAt = (ref: Located): ChannelModel | undefined => {
    const target = r.deref(ref);
    if (!target) return undefined;
    return channels.find((c) => c.node.file === target.file && c.node.pointer === target.pointer);
  };
  const listedMessages = (owner: Located, channel: ChannelModel | undefined, fallback: string): MessageModel[] => {
    if (Array.isArray(owner.value?.messages)) {
      const out: MessageModel[] = [];
      owner.value.messages.forEach((_: unknown, i: number) => {
        const m = messageAt(r.child(owner, 'messages', i), `${fallback}${i || ''}`);
        if (m && !out.includes(m)) out.push(m);
      });
      return out;
    }
    return channel ? [...channel.messages] : [];
  };

  if (major === 3) {
    const opRoot = r.child(root, 'operations');
    for (const key of Object.keys(isObject(opRoot.value) ? opRoot.value : {})) {
      const node = r.deref(r.child(opRoot, key));
      if (!node || !isObject(node.value)) continue;
      const v = node.value;
      const channel = v.channel !== undefined ? channelAt(r.child(node, 'channel')) : undefined;
      const action = v.action === 'receive' ? 'receive' : 'send';
      channel?.actions.add(action);
      let channelKey = channel?.key;
      if (!channel && isObject(v.channel) && typeof v.channel.$ref === 'string') {
        const target = r.deref(r.child(node, 'channel'));
        channelKey = target ? (/^\/channels\/([^/]+)$/.exec(target.pointer)?.[1] ? unescapePointer(/^\/channels\/([^/]+)$/.exec(target.pointer)![1]!) : target.pointer) : undefined;
      }
      let reply: ReplyModel | undefined;
      if (v.reply !== undefined) {
        const replyNode = r.deref(r.child(node, 'reply'));
        if (replyNode && isObject(replyNode.value)) {
          const replyChannel = replyNode.value.channel !== undefined ? channelAt(r.child(replyNode, 'channel')) : undefined;
          let replyMessages = listedMessages(replyNode, replyChannel, `${key}Reply`);
          if (!replyChannel && !Array.isArray(replyNode.value.messages) && replyNode.value.channel !== undefined) {
            // A reply channel outside `channels` (inline): its messages are still the reply's.
            const ch = r.deref(r.child(replyNode, 'channel'));
            if (ch && isObject(ch.value) && isObject(ch.value.messages)) {
              replyMessages = Object.keys(ch.value.messages)
                .map((mk) => messageAt(r.child(ch, 'messages', mk), `${key}Reply${upperFirst(mk)}`))
                .filter((m): m is MessageModel => !!m);
            }
          }
          reply = { node: replyNode, channel: replyChannel, messages: replyMessages };
        }
      }
      const securityNode = v.security !== undefined ? r.child(node, 'security') : undefined;
      operations.push({
        key,
        id: key,
        codeName: key,
        action,
        channelKey,
        channel,
        node: node as Located<Record<string, any>>,
        messages: listedMessages(node, channel, `${key}Message`),
        reply,
        summary: typeof v.summary === 'string' ? v.summary : undefined,
        deprecated: v.deprecated === true,
        security: securityNode ? security3(r, securityNode) : undefined,
        securityNode,
      });
    }
  }
  return { specVersion, major, file: r.file, doc, servers, channels, operations, messages, componentMessages, resolver: r };
}

/** 3.x security: a list of Security Scheme Objects (or refs to them), any one of which is enough. */
export function security3(r: AsyncApiResolver, list: Located): Array<Record<string, string[]>> {
  if (!Array.isArray(list.value)) return [];
  return list.value.map((_: unknown, i: number) => {
    const raw = r.child(list, i);
    const n = r.deref(raw) ?? raw;
    const name = isObject(raw.value) && typeof raw.value.$ref === 'string' ? unescapePointer(raw.value.$ref.split('/').pop()!) : isObject(n.value) ? String(n.value.type ?? `#${i}`) : `#${i}`;
    const scopes = isObject(n.value) && Array.isArray(n.value.scopes) ? n.value.scopes.map(String) : [];
    return { [name]: scopes };
  });
}

/** 2.x security: requirement objects, as in OpenAPI. */
export function security2(list: unknown): Array<Record<string, string[]>> | undefined {
  if (!Array.isArray(list)) return undefined;
  return list.map((req) => (isObject(req) ? Object.fromEntries(Object.entries(req).map(([k, v]) => [k, Array.isArray(v) ? v.map(String) : []])) : {}));
}

/** The servers a channel is pinned to: 3.x refs to /servers/x, 2.x names. */
function serverNames(r: AsyncApiResolver, channel: Located): string[] | undefined {
  const list = channel.value.servers;
  if (!Array.isArray(list)) return undefined;
  return list.map((s: any, i: number) => {
    if (typeof s === 'string') return s;
    if (isObject(s) && typeof s.$ref === 'string') {
      const target = r.deref(r.child(channel, 'servers', i));
      const m = target && /^\/servers\/([^/]+)$/.exec(target.pointer);
      return m ? unescapePointer(m[1]!) : s.$ref;
    }
    return String(i);
  });
}

function readMessage(r: AsyncApiResolver, doc: Record<string, any>, node: Located<Record<string, any>>, id: string, major: 2 | 3): MessageModel {
  const v = node.value;
  const traits: Located<Record<string, any>>[] = [];
  if (Array.isArray(v.traits)) {
    v.traits.forEach((_: unknown, i: number) => {
      const site = r.child(node, 'traits', i);
      let t = r.deref(site);
      // 2.x allowed `[trait, options]`.
      if (t && Array.isArray(t.value)) t = r.deref(r.child(t, 0));
      if (t && isObject(t.value)) traits.push(t as Located<Record<string, any>>);
    });
  }
  let merged: Record<string, any> = {};
  for (const t of traits) merged = mergePatch(merged, t.value);
  const { traits: _traits, ...own } = v;
  merged = traits.length ? mergePatch(merged, own) : v;
  /** Where a field of the merged message comes from: the message, else the last trait that has it. */
  const owner = (field: string): Located | undefined => {
    if (v[field] !== undefined) return node;
    for (let i = traits.length - 1; i >= 0; i--) if (traits[i]!.value[field] !== undefined) return traits[i];
    return undefined;
  };
  const fieldOf = (field: string): Located | undefined => {
    const o = owner(field);
    return o ? r.child(o, field) : undefined;
  };
  const str = (field: string): string | undefined => (typeof merged[field] === 'string' ? merged[field] : undefined);
  const formatNode = fieldOf('schemaFormat') as Located<string> | undefined;
  const declared = typeof formatNode?.value === 'string' ? formatNode : undefined;
  const schemaAt = (field: 'payload' | 'headers'): AsyncSchema | undefined => {
    const at = fieldOf(field);
    if (!at || at.value === undefined) return undefined;
    const d = r.deref(at);
    // 3.x Multi Format Schema Object: { schemaFormat, schema }.
    if (major === 3 && d && isObject(d.value) && typeof d.value.schemaFormat === 'string' && d.value.schema !== undefined) {
      const inner = r.child(d, 'schema');
      const fn = r.child(d, 'schemaFormat') as Located<string>;
      return { node: inner, resolved: r.deref(inner), format: schemaFormatOf(fn.value, doc.asyncapi), formatNode: fn, wrapped: true };
    }
    // 2.x: the message's `schemaFormat` is the payload's; headers are always AsyncAPI schemas.
    const fmt = major === 2 && field === 'payload' && declared ? declared : undefined;
    return { node: at, resolved: d, format: schemaFormatOf(fmt?.value, doc.asyncapi), formatNode: fmt, wrapped: false };
  };
  const name = str('name');
  const key = typeof v.messageId === 'string' ? v.messageId : typeof v.name === 'string' ? v.name : lastSegment(node.pointer);
  const correlation = fieldOf('correlationId');
  return {
    id,
    key,
    node,
    traits,
    merged,
    name,
    title: str('title'),
    summary: str('summary'),
    contentType: str('contentType') ?? (typeof doc.defaultContentType === 'string' ? doc.defaultContentType : undefined),
    payload: schemaAt('payload'),
    headers: schemaAt('headers'),
    correlationId: correlation ? (r.deref(correlation) ?? correlation) : undefined,
  };
}

// ---------------------------------------------------------------------------------------------
// Lint's message list

/** A message as lint reports on it: its definition, a short label, and its traits resolved. */
export interface LintMessage extends Located<Record<string, any>> {
  /** The message's `name`, its key under the channel or components, or its pointer. */
  label: string;
  traits: Located<Record<string, any>>[];
}

/**
 * Every message lint checks, once each by definition site: those of the entry file's channels
 * (a channel defined in another file is linted with that file), then the component messages.
 * The shape and order of `LintDocument.messages`.
 */
export function lintMessages(model: AsyncApiModel): LintMessage[] {
  const seen = new Set<MessageModel>();
  const out: LintMessage[] = [];
  const add = (m: MessageModel | undefined, key?: string): void => {
    if (!m || seen.has(m)) return;
    seen.add(m);
    const label = typeof m.node.value.name === 'string' ? m.node.value.name : (key ?? m.node.pointer);
    out.push({ value: m.node.value, file: m.node.file, pointer: m.node.pointer, label, traits: m.traits });
  };
  for (const ch of model.channels) {
    if (ch.node.file !== model.file) continue;
    ch.messages.forEach((m, i) => add(m, ch.messageKeys[i]));
  }
  for (const [key, m] of [...model.componentMessages.entries()].sort(([a], [b]) => componentOrder(model, a) - componentOrder(model, b))) add(m, key);
  return out;
}

function componentOrder(model: AsyncApiModel, key: string): number {
  return Object.keys(model.doc.components?.messages ?? {}).indexOf(key);
}

// ---------------------------------------------------------------------------------------------
// The events emitter's projection (also read by the Pact checks)

export interface MessageView {
  /** Stable id: the component name, or `<channel><Message>` for inline messages. */
  id: string;
  name: string;
  title?: string;
  summary?: string;
  contentType?: string;
  /** The payload schema (a Multi Format Schema Object unwrapped); undefined when the message has none. */
  payload: unknown;
  headers: unknown;
  /** Where the message is defined, in the entry document (or in `file`). */
  pointer: string;
  file: string;
  payloadFormat: SchemaFormat;
  headersFormat: SchemaFormat;
  model: MessageModel;
}

export interface ChannelView {
  key: string;
  address: string;
  parameters: string[];
  messageIds: string[];
  pointer: string;
}

export interface EventOperationView {
  key: string;
  action: 'send' | 'receive';
  channelKey: string;
  messageIds: string[];
  summary?: string;
  pointer: string;
}

export interface EventsModel {
  channels: ChannelView[];
  operations: EventOperationView[];
  messages: Map<string, MessageView>;
  model: AsyncApiModel;
}

/** The emitter's view of the one model: ids, addresses and schemas with traits applied. */
export function eventsView(model: AsyncApiModel): EventsModel {
  const messages = new Map<string, MessageView>();
  const defaultFormat = schemaFormatOf(undefined, model.doc.asyncapi);
  for (const m of model.messages) {
    messages.set(m.id, {
      id: m.id,
      name: m.name ?? m.id,
      title: m.title,
      summary: m.summary,
      contentType: m.contentType,
      // Traits are applied: a message's inline schema and a trait's are merged (JSON Merge Patch).
      payload: m.payload ? (m.payload.wrapped ? m.payload.node.value : m.merged.payload) : undefined,
      headers: m.headers ? (m.headers.wrapped ? m.headers.node.value : m.merged.headers) : undefined,
      pointer: m.node.pointer,
      file: m.node.file,
      payloadFormat: m.payload?.format ?? defaultFormat,
      headersFormat: m.headers?.format ?? defaultFormat,
      model: m,
    });
  }
  const channels: ChannelView[] = model.channels.map((c) => ({
    key: c.key,
    address: c.address ?? c.key,
    parameters: c.addressParameters,
    messageIds: c.messages.map((m) => m.id),
    pointer: c.node.pointer,
  }));
  const operations: EventOperationView[] = model.operations.map((o) => ({
    key: o.codeName,
    action: o.action,
    channelKey: o.channelKey ?? '',
    // An operation whose list names nothing that resolves carries its channel's messages.
    messageIds: (o.messages.length ? o.messages : (o.channel?.messages ?? [])).map((m) => m.id),
    summary: o.summary,
    pointer: o.node.pointer,
  }));
  return { channels, operations, messages, model };
}

/** The emitter's view of a document (or of a loaded contract, with its other files). */
export function buildEventsModel(doc: Record<string, any>, input: Omit<AsyncApiInput, 'doc'> = {}): EventsModel {
  return eventsView(buildAsyncApiModel({ ...input, doc }));
}
