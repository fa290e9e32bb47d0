/**
 * AsyncAPI 2.x (2.0 to 2.6) and 3.0 read into one shape: channels, operations (with the application's
 * action: `send` or `receive`) and their messages (traits applied).
 *
 * 2.6 `publish` describes messages other applications publish to this one: the
 * application receives them. 2.6 `subscribe` is what the application sends.
 */
import type { DocSide } from './docside.ts';
import { isObject } from './docside.ts';
import type { AsyncMessage, AsyncOperation, Channel } from './rule.ts';
import type { Node } from './types.ts';

export interface AsyncModel {
  channels: Map<string, Channel>;
  operations: Map<string, AsyncOperation>;
}

export function asyncModel(side: DocSide): AsyncModel {
  return side.contract.specVersion.startsWith('2.') ? model26(side) : model30(side);
}

function model30(side: DocSide): AsyncModel {
  const root = side.root;
  const channels = new Map<string, Channel>();
  const chRoot = side.node('/channels');
  for (const id of Object.keys(isObject(root.channels) ? root.channels : {})) {
    const node = side.get(chRoot, id);
    if (!isObject(node.value)) continue;
    channels.set(id, {
      id,
      address: typeof node.value.address === 'string' ? node.value.address : node.value.address === null ? undefined : id,
      node,
      parameters: params(side, node),
      servers: serverNames(side, node),
      actions: new Set(),
    });
  }
  const operations = new Map<string, AsyncOperation>();
  const opRoot = side.node('/operations');
  for (const id of Object.keys(isObject(root.operations) ? root.operations : {})) {
    const node = side.get(opRoot, id);
    const v = node.value;
    if (!isObject(v)) continue;
    let channelId: string | undefined;
    let channelNode: Node | undefined;
    if (isObject(v.channel) && typeof v.channel.$ref === 'string') {
      channelNode = side.deref(side.child(node, 'channel'));
      const m = /^\/channels\/([^/]+)$/.exec(channelNode.pointer);
      channelId = m ? unescape(m[1]!) : channelNode.pointer;
    }
    const messages: AsyncMessage[] = [];
    const list: Node[] = [];
    if (Array.isArray(v.messages)) v.messages.forEach((_: unknown, i: number) => list.push(side.child(node, 'messages', i)));
    else if (channelNode && isObject(channelNode.value.messages)) {
      for (const k of Object.keys(channelNode.value.messages)) list.push(side.child(channelNode, 'messages', k));
    }
    for (const m of list) {
      const msg = message(side, m);
      if (msg) messages.push(msg);
    }
    const action = v.action === 'receive' ? 'receive' : 'send';
    if (channelId) channels.get(channelId)?.actions.add(action);
    const sec = v.security !== undefined ? side.child(node, 'security') : undefined;
    operations.set(id, { id, key: id, action, channelId, node, messages, replyMessages: replyMessages(side, node), deprecated: v.deprecated === true, security: sec ? security30(side, sec) : undefined, securityNode: sec });
  }
  return { channels, operations };
}

function replyMessages(side: DocSide, op: Node): AsyncMessage[] {
  if (op.value.reply === undefined) return [];
  const reply = side.get(op, 'reply');
  if (!isObject(reply.value)) return [];
  const list: Node[] = [];
  if (Array.isArray(reply.value.messages)) reply.value.messages.forEach((_: unknown, i: number) => list.push(side.child(reply, 'messages', i)));
  else if (isObject(reply.value.channel)) {
    const ch = side.get(reply, 'channel');
    if (isObject(ch.value) && isObject(ch.value.messages)) for (const k of Object.keys(ch.value.messages)) list.push(side.child(ch, 'messages', k));
  }
  return list.map((m) => message(side, m)).filter((m): m is AsyncMessage => !!m);
}

/** 3.0 security: a list of Security Scheme Objects (or refs), any one of which is enough. */
export function security30(side: DocSide, list: Node): Array<Record<string, string[]>> {
  if (!Array.isArray(list.value)) return [];
  return list.value.map((_: unknown, i: number) => {
    const raw = side.child(list, i);
    const n = side.deref(raw);
    const name = isObject(raw.value) && typeof raw.value.$ref === 'string' ? unescape(raw.value.$ref.split('/').pop()!) : isObject(n.value) ? String(n.value.type ?? `#${i}`) : `#${i}`;
    const scopes = isObject(n.value) && Array.isArray(n.value.scopes) ? n.value.scopes.map(String) : [];
    return { [name]: scopes };
  });
}

/** 2.x security: requirement objects, as in OpenAPI. */
export function security2(list: unknown): Array<Record<string, string[]>> | undefined {
  if (!Array.isArray(list)) return undefined;
  return list.map((r) => (isObject(r) ? Object.fromEntries(Object.entries(r).map(([k, v]) => [k, Array.isArray(v) ? v.map(String) : []])) : {}));
}

/** The servers a channel is pinned to: 3.0 refs to /servers/x, 2.x names. */
function serverNames(side: DocSide, channel: Node): string[] | undefined {
  const list = channel.value.servers;
  if (!Array.isArray(list)) return undefined;
  return list.map((s: any, i: number) => {
    if (typeof s === 'string') return s;
    if (isObject(s) && typeof s.$ref === 'string') {
      const target = side.deref(side.child(channel, 'servers', i));
      const m = /^\/servers\/([^/]+)$/.exec(target.pointer);
      return m ? unescape(m[1]!) : s.$ref;
    }
    return String(i);
  });
}

function model26(side: DocSide): AsyncModel {
  const root = side.root;
  const channels = new Map<string, Channel>();
  const operations = new Map<string, AsyncOperation>();
  const chRoot = side.node('/channels');
  for (const address of Object.keys(isObject(root.channels) ? root.channels : {})) {
    const node = side.get(chRoot, address);
    if (!isObject(node.value)) continue;
    channels.set(address, { id: address, address, node, parameters: params(side, node), servers: serverNames(side, node), actions: new Set() });
    for (const verb of ['publish', 'subscribe'] as const) {
      const opNode = side.deref(side.child(node, verb));
      const v = opNode.value;
      if (!isObject(v)) continue;
      const action = verb === 'publish' ? 'receive' : 'send';
      channels.get(address)!.actions.add(action);
      // Matched on channel and verb: an operationId added or renamed is the same operation.
      const key = `${address}#${verb}`;
      const operationId = typeof v.operationId === 'string' ? v.operationId : undefined;
      const id = operationId ?? key;
      const messages: AsyncMessage[] = [];
      if (v.message !== undefined) {
        const mNode = side.deref(side.child(opNode, 'message'));
        if (isObject(mNode.value) && Array.isArray(mNode.value.oneOf)) {
          mNode.value.oneOf.forEach((_: unknown, i: number) => {
            const msg = message(side, side.child(mNode, 'oneOf', i));
            if (msg) messages.push(msg);
          });
        } else {
          const msg = message(side, mNode);
          if (msg) messages.push(msg);
        }
      }
      operations.set(key, {
        id,
        key,
        operationId,
        action,
        channelId: address,
        node: opNode,
        messages,
        replyMessages: [],
        deprecated: v.deprecated === true,
        security: security2(v.security),
        securityNode: v.security !== undefined ? side.child(opNode, 'security') : undefined,
      });
    }
  }
  return { channels, operations };
}

function params(side: DocSide, channel: Node): Record<string, Node> {
  const out: Record<string, Node> = {};
  const p = channel.value.parameters;
  if (!isObject(p)) return out;
  for (const k of Object.keys(p)) out[k] = side.get(channel, 'parameters', k);
  return out;
}

function message(side: DocSide, ref: Node): AsyncMessage | undefined {
  const node = side.deref(ref);
  const v = node.value;
  if (!isObject(v)) return undefined;
  const last = node.pointer.split('/').pop() ?? '';
  const key = typeof v.messageId === 'string' ? v.messageId : typeof v.name === 'string' ? v.name : unescape(last);
  let headers: Node | undefined = v.headers !== undefined ? side.child(node, 'headers') : undefined;
  let payload: Node | undefined = v.payload !== undefined ? side.child(node, 'payload') : undefined;
  let contentType: string | undefined = typeof v.contentType === 'string' ? v.contentType : undefined;
  let schemaFormat: string | undefined = typeof v.schemaFormat === 'string' ? v.schemaFormat : undefined;
  if (Array.isArray(v.traits)) {
    v.traits.forEach((_: unknown, i: number) => {
      const t = side.get(node, 'traits', i);
      const tv = Array.isArray(t.value) ? t.value[0] : t.value; // 2.x allowed [trait, options]
      if (!isObject(tv)) return;
      if (!headers && tv.headers !== undefined) headers = side.child(t, 'headers');
      if (!payload && tv.payload !== undefined) payload = side.child(t, 'payload');
      if (!contentType && typeof tv.contentType === 'string') contentType = tv.contentType;
      if (!schemaFormat && typeof tv.schemaFormat === 'string') schemaFormat = tv.schemaFormat;
    });
  }
  if (payload) {
    const d = side.deref(payload).value;
    if (isObject(d) && typeof d.schemaFormat === 'string' && d.schema !== undefined) schemaFormat ??= d.schemaFormat;
    payload = schemaOf(side, payload);
  }
  if (headers) headers = schemaOf(side, headers);
  contentType ??= typeof side.root.defaultContentType === 'string' ? side.root.defaultContentType : undefined;
  return { key, node, payload, headers, contentType, schemaFormat };
}

/** AsyncAPI 3 multi-format schema: `{ schemaFormat, schema }`. */
function schemaOf(side: DocSide, n: Node): Node {
  const d = side.deref(n);
  if (isObject(d.value) && typeof d.value.schemaFormat === 'string' && d.value.schema !== undefined) return side.child(d, 'schema');
  return n;
}

function unescape(s: string): string {
  return s.replace(/~1/g, '/').replace(/~0/g, '~');
}
