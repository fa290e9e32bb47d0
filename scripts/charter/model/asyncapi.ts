/**
 * A read-only view of an AsyncAPI 2.6 or 3.0 document: channels, operations and
 * messages, with message traits applied. Both versions map onto the same shape, so the
 * events emitter (and later the diff) reason about one model.
 */
import { getPointer } from '../loader/load.ts';
import { escapePointer } from '../loader/source.ts';

export interface MessageView {
  /** Stable id: the component name, or `<channel><Message>` for inline messages. */
  id: string;
  name: string;
  title?: string;
  summary?: string;
  contentType?: string;
  payload: unknown;
  headers: unknown;
  pointer: string;
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
}

function resolveLocal(doc: unknown, v: any, depth = 0): { value: any; pointer?: string } {
  let pointer: string | undefined;
  let cur = v;
  for (let i = 0; i < 32 && cur && typeof cur === 'object' && typeof cur.$ref === 'string'; i++) {
    if (!cur.$ref.startsWith('#')) return { value: undefined };
    pointer = cur.$ref.slice(1);
    cur = getPointer(doc, pointer!);
  }
  void depth;
  return { value: cur, pointer };
}

function mergeTraits(doc: unknown, message: any): any {
  if (!Array.isArray(message?.traits)) return message;
  let merged: any = {};
  for (const t of message.traits) {
    const trait = resolveLocal(doc, t).value;
    if (trait && typeof trait === 'object') merged = mergePatch(merged, trait);
  }
  const { traits: _t, ...own } = message;
  return mergePatch(merged, own);
}

function mergePatch(target: any, patch: any): any {
  if (patch === null || typeof patch !== 'object' || Array.isArray(patch)) return patch;
  const out: any = target && typeof target === 'object' && !Array.isArray(target) ? { ...target } : {};
  for (const [k, v] of Object.entries(patch)) out[k] = v && typeof v === 'object' && !Array.isArray(v) && !('$ref' in v) ? mergePatch(out[k], v) : v;
  return out;
}

function upperFirst(s: string): string {
  return s ? s[0]!.toUpperCase() + s.slice(1) : s;
}

export function buildEventsModel(doc: Record<string, any>): EventsModel {
  const messages = new Map<string, MessageView>();
  const byPointer = new Map<string, string>();
  const componentMessages = doc.components?.messages ?? {};
  const nameOfPointer = (ptr: string): string | undefined => {
    const m = /^\/components\/messages\/([^/]+)$/.exec(ptr);
    return m ? m[1]!.replace(/~1/g, '/').replace(/~0/g, '~') : undefined;
  };
  const addMessage = (raw: any, fallbackId: string, inlinePointer: string): string | undefined => {
    const { value, pointer } = resolveLocal(doc, raw);
    if (!value || typeof value !== 'object') return undefined;
    const ptr = pointer ?? inlinePointer;
    const known = byPointer.get(ptr);
    if (known) return known;
    // A channel's message that is only a $ref to a component message shares the component's id.
    let id = (pointer && nameOfPointer(pointer)) ?? fallbackId;
    if (pointer && !nameOfPointer(pointer)) {
      const inner = resolveLocal(doc, getPointer(doc, pointer) ?? {});
      if (inner.pointer && nameOfPointer(inner.pointer)) id = nameOfPointer(inner.pointer)!;
    }
    for (let i = 2; [...messages.values()].some((m) => m.id === id && m.pointer !== ptr); i++) id = `${fallbackId}${i}`;
    const m = mergeTraits(doc, value);
    messages.set(id, {
      id,
      name: typeof m.name === 'string' ? m.name : id,
      title: typeof m.title === 'string' ? m.title : undefined,
      summary: typeof m.summary === 'string' ? m.summary : undefined,
      contentType: typeof m.contentType === 'string' ? m.contentType : doc.defaultContentType,
      payload: m.payload,
      headers: m.headers,
      pointer: ptr,
    });
    byPointer.set(ptr, id);
    return id;
  };
  for (const key of Object.keys(componentMessages).sort()) addMessage(componentMessages[key], key, `/components/messages/${escapePointer(key)}`);

  const channels: ChannelView[] = [];
  const operations: EventOperationView[] = [];
  const is3 = String(doc.asyncapi).startsWith('3.');
  const chans = doc.channels && typeof doc.channels === 'object' ? doc.channels : {};
  for (const key of Object.keys(chans)) {
    const { value: ch } = resolveLocal(doc, chans[key]);
    if (!ch || typeof ch !== 'object') continue;
    const pointer = `/channels/${escapePointer(key)}`;
    const address = is3 ? (typeof ch.address === 'string' ? ch.address : key) : key;
    const params = Object.keys(ch.parameters ?? {});
    for (const m of address.matchAll(/\{([^}]+)\}/g)) if (!params.includes(m[1]!)) params.push(m[1]!);
    const ids: string[] = [];
    if (is3) {
      for (const mk of Object.keys(ch.messages ?? {})) {
        const id = addMessage(ch.messages[mk], `${key}${upperFirst(mk)}`, `${pointer}/messages/${escapePointer(mk)}`);
        if (id && !ids.includes(id)) ids.push(id);
      }
    } else {
      for (const action of ['publish', 'subscribe'] as const) {
        const op = ch[action];
        if (!op || typeof op !== 'object') continue;
        const opIds: string[] = [];
        const msg = op.message;
        const list = msg && Array.isArray(msg.oneOf) ? msg.oneOf : msg ? [msg] : [];
        list.forEach((m: any, i: number) => {
          const id = addMessage(m, `${key.replace(/[^A-Za-z0-9]+/g, '_')}${upperFirst(action)}${i || ''}`, `${pointer}/${action}/message${list.length > 1 ? `/oneOf/${i}` : ''}`);
          if (id) {
            opIds.push(id);
            if (!ids.includes(id)) ids.push(id);
          }
        });
        // In 2.x, `publish` means the application receives and `subscribe` that it sends.
        operations.push({
          key: typeof op.operationId === 'string' ? op.operationId : `${action}${key}`,
          action: action === 'publish' ? 'receive' : 'send',
          channelKey: key,
          messageIds: opIds,
          summary: op.summary,
          pointer: `${pointer}/${action}`,
        });
      }
    }
    channels.push({ key, address, parameters: params, messageIds: ids, pointer });
  }
  if (is3) {
    const ops = doc.operations && typeof doc.operations === 'object' ? doc.operations : {};
    for (const key of Object.keys(ops)) {
      const { value: op } = resolveLocal(doc, ops[key]);
      if (!op || typeof op !== 'object') continue;
      const chPtr = typeof op.channel?.$ref === 'string' ? op.channel.$ref.slice(1) : undefined;
      const channelKey = chPtr && /^\/channels\/([^/]+)$/.exec(chPtr)?.[1]?.replace(/~1/g, '/').replace(/~0/g, '~');
      const channel = channels.find((c) => c.key === channelKey);
      const messageIds: string[] = [];
      if (Array.isArray(op.messages)) {
        for (const m of op.messages) {
          const p = typeof m?.$ref === 'string' ? m.$ref.slice(1) : undefined;
          const id = p ? byPointer.get(p) ?? byPointer.get(resolveLocal(doc, m).pointer ?? '') : undefined;
          if (id) messageIds.push(id);
        }
      }
      operations.push({
        key,
        action: op.action === 'receive' ? 'receive' : 'send',
        channelKey: channelKey ?? '',
        messageIds: messageIds.length ? messageIds : channel?.messageIds ?? [],
        summary: op.summary,
        pointer: `/operations/${escapePointer(key)}`,
      });
    }
  }
  return { channels, operations, messages };
}
