/**
 * The events emitter: from an AsyncAPI 2.6/3.0 document, payload and header types per
 * message, channel address builders, a typed map of what each operation sends or
 * receives, and a self-contained JSON Schema for every message (for runtime validation).
 */
import { buildEventsModel, type MessageView } from '../model/asyncapi.ts';
import { getPointer } from '../loader/load.ts';
import { docComment, printType, propertyKey, typeIdentifier, uniqueIdentifiers, type PrintOptions } from './typescript.ts';
import { generatedHeader, type FileMap } from './header.ts';
import type { ImportExtension } from './config.ts';
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';

const RUNTIME = fileURLToPath(new URL('./runtime/events-runtime.ts', import.meta.url));

export function emitEvents(doc: Record<string, any> | undefined, sources: string[], x: ImportExtension = '.js'): FileMap {
  const files: FileMap = new Map();
  const header = generatedHeader(sources);
  if (!doc) {
    files.set('events/index.ts', `${header}\n// No AsyncAPI contract: there are no events.\nexport const channels = {} as const;\nexport const messages = {} as const;\n`);
    return files;
  }
  const model = buildEventsModel(doc);
  const schemaKeys = Object.keys(doc.components?.schemas ?? {});
  const messageIds = [...model.messages.keys()];
  const reserved = [
    'channels', 'messages', 'ChannelParams', 'MessageSchemas', 'SendOperations', 'ReceiveOperations', 'EventMessage',
    'MessagePayloads', 'MessageHeaders', 'EventBuilder', 'Publisher', 'Subscriber', 'createEventBuilder', 'createPublisher', 'createSubscriber',
  ];
  const schemaNames = uniqueIdentifiers(schemaKeys, typeIdentifier, reserved);
  const taken = [...reserved, ...schemaNames.values()];
  // A message's types are <Base>Payload, <Base>Headers and <Base>Message: none may clash with a schema's name.
  const used = new Set(taken);
  const msgNames = new Map<string, string>();
  for (const id of [...messageIds].sort()) {
    const base = typeIdentifier(id);
    let name = base;
    for (let i = 2; ['', 'Payload', 'Headers', 'Message'].some((s) => used.has(name + s)); i++) name = `${base}${i}`;
    for (const s of ['', 'Payload', 'Headers', 'Message']) used.add(name + s);
    msgNames.set(id, name);
  }
  const opts: PrintOptions = {
    refName: (ref) => {
      const m = /^#\/components\/schemas\/([^/]+)$/.exec(ref);
      return m ? schemaNames.get(m[1]!.replace(/~1/g, '/').replace(/~0/g, '~')) : undefined;
    },
    resolve: (ref) => (ref.startsWith('#') ? getPointer(doc, ref.slice(1)) : undefined),
  };

  const out: string[] = [header];
  out.push(`import { buildEvent, createRuntimeSubscriber, MessageValidator, type EventAttributes, type EventTransport, type OutgoingEvent, type ReceivedEvent, type Subscription, type SubscriberOptions } from './runtime${x}';\n`);
  out.push(`export { inProcessTransport, natsTransport, subjectFilter, InvalidEventError, type DeadLetter, type EventAttributes, type EventTransport, type NatsTransport, type NatsTransportOptions, type OutgoingEvent, type ReceivedEvent, type Subscription, type SubscriberOptions } from './runtime${x}';\n`);
  out.push(`/** Payloads and headers of one message, as a publisher sends and a subscriber receives them. */`);
  out.push(`export interface EventMessage<P, H> {\n  payload: P;\n  headers: H;\n}\n`);
  for (const [raw, id] of [...schemaNames.entries()].sort(([, a], [, b]) => a.localeCompare(b))) {
    const s = doc.components.schemas[raw];
    if (isNonJsonSchema(s)) {
      out.push(`/** Non-JSON-Schema payload format; typed as unknown. */\nexport type ${id} = unknown;\n`);
      continue;
    }
    out.push(`${docComment(s?.description)}export type ${id} = ${printType(s, opts)};\n`);
  }
  const schemaFiles: Record<string, unknown> = {};
  for (const id of messageIds.sort()) {
    const m = model.messages.get(id)!;
    const T = msgNames.get(id)!;
    out.push(docComment(m.title ?? m.summary ?? m.name));
    out.push(`export type ${T}Payload = ${isNonJsonSchema(m.payload) ? 'unknown' : printType(m.payload, opts)};`);
    out.push(`export type ${T}Headers = ${m.headers ? printType(m.headers, opts) : 'Record<string, string>'};`);
    out.push(`export type ${T}Message = EventMessage<${T}Payload, ${T}Headers>;\n`);
    schemaFiles[id] = { payload: bundle(doc, m.payload), headers: m.headers ? bundle(doc, m.headers) : { type: 'object' } };
  }

  out.push(`/** Channel addresses and how to build them from their parameters. */`);
  out.push(`export const channels = {`);
  for (const ch of [...model.channels].sort((a, b) => a.key.localeCompare(b.key))) {
    const params = ch.parameters;
    const argType = params.length ? `{ ${params.map((p) => `${propertyKey(p)}: string`).join('; ')} }` : 'Record<string, never> = {}';
    const body = params.length
      ? `return ${JSON.stringify(ch.address)}${params.map((p) => `.replace(${JSON.stringify(`{${p}}`)}, encodeSegment(params[${JSON.stringify(p)}]))`).join('')};`
      : `void params;\n      return ${JSON.stringify(ch.address)};`;
    out.push(`  ${propertyKey(ch.key)}: {`);
    out.push(`    address: ${JSON.stringify(ch.address)},`);
    out.push(`    parameters: ${JSON.stringify(params)} as const,`);
    out.push(`    messages: ${JSON.stringify(ch.messageIds)} as const,`);
    out.push(`    build(params: ${argType}): string {\n      ${body}\n    },`);
    out.push(`  },`);
  }
  out.push(`} as const;\n`);
  out.push(`/** Parameters of each channel's address. */`);
  out.push(`export type ChannelParams = { [K in keyof typeof channels]: Parameters<(typeof channels)[K]['build']>[0] };\n`);
  out.push(`function encodeSegment(value: string): string {`);
  out.push(`  // A parameter must stay one segment of a subject or topic: no separators, no wildcards.`);
  out.push(`  if (value === '' || /[\\s.*>/#+]/.test(value)) throw new TypeError(\`invalid channel parameter value: \${JSON.stringify(value)}\`);`);
  out.push(`  return value;`);
  out.push(`}\n`);

  out.push(`/** What each operation the application sends carries, keyed by operation. */`);
  out.push(`export interface SendOperations {`);
  for (const op of model.operations.filter((o) => o.action === 'send').sort((a, b) => a.key.localeCompare(b.key))) {
    out.push(`  ${propertyKey(op.key)}: { channel: ${JSON.stringify(op.channelKey)}; message: ${msgUnion(op.messageIds, msgNames)} };`);
  }
  out.push(`}\n`);
  out.push(`/** What each operation the application receives carries, keyed by operation. */`);
  out.push(`export interface ReceiveOperations {`);
  for (const op of model.operations.filter((o) => o.action === 'receive').sort((a, b) => a.key.localeCompare(b.key))) {
    out.push(`  ${propertyKey(op.key)}: { channel: ${JSON.stringify(op.channelKey)}; message: ${msgUnion(op.messageIds, msgNames)} };`);
  }
  out.push(`}\n`);
  out.push(`/** Message metadata and self-contained JSON Schemas, for validating at runtime. */`);
  out.push(`export const messages = {`);
  for (const id of messageIds.sort()) {
    const m = model.messages.get(id)!;
    out.push(`  ${propertyKey(id)}: {`);
    out.push(`    name: ${JSON.stringify(m.name)},`);
    out.push(`    contentType: ${JSON.stringify(m.contentType ?? 'application/json')},`);
    out.push(`    schema: ${JSON.stringify(schemaFiles[id])} as const,`);
    out.push(`  },`);
  }
  out.push(`} as const;\n`);
  emitTypedSurface(out, model, msgNames);
  files.set('events/index.ts', out.filter((l) => l !== '').join('\n') + '\n');
  files.set('events/runtime.ts', header + '\n' + fs.readFileSync(RUNTIME, 'utf8'));
  files.set('events/schemas.json', JSON.stringify(schemaFiles, null, 2) + '\n');
  return files;
}

function msgUnion(ids: string[], names: Map<string, string>): string {
  const ts = ids.map((id) => `${names.get(id)}Message`);
  return ts.length ? ts.join(' | ') : 'never';
}

function isNonJsonSchema(s: unknown): boolean {
  // AsyncAPI 3 Multi Format Schema Object: { schemaFormat, schema } with a non-JSON-Schema format (e.g. Avro).
  const o = s as { schemaFormat?: unknown } | null;
  return !!o && typeof o === 'object' && typeof o.schemaFormat === 'string' && !/json|asyncapi/i.test(o.schemaFormat);
}

/** A schema with every local `$ref` it reaches copied into `$defs`, so it validates on its own. */
export function bundle(doc: Record<string, any>, schema: unknown): unknown {
  const defs: Record<string, unknown> = {};
  const names = new Map<string, string>();
  const rewrite = (node: unknown, depth: number): unknown => {
    if (depth > 128) return {};
    if (Array.isArray(node)) return node.map((n) => rewrite(n, depth + 1));
    if (!node || typeof node !== 'object') return node;
    const o = node as Record<string, unknown>;
    if (typeof o.$ref === 'string' && o.$ref.startsWith('#')) {
      const ref = o.$ref;
      let name = names.get(ref);
      if (!name) {
        const base = typeIdentifier(ref.split('/').pop() ?? 'Def');
        name = base;
        for (let i = 2; Object.values(Object.fromEntries(names)).includes(name); i++) name = `${base}${i}`;
        names.set(ref, name);
        defs[name] = {};
        defs[name] = rewrite(getPointer(doc, ref.slice(1)) ?? {}, depth + 1);
      }
      return { $ref: `#/$defs/${name}` };
    }
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(o)) out[k] = k === 'examples' || k === 'example' ? v : rewrite(v, depth + 1);
    return out;
  };
  const root = rewrite(schema, 0) as Record<string, unknown> | undefined;
  if (!root || typeof root !== 'object') return root;
  return Object.keys(defs).length ? { ...root, $defs: Object.fromEntries(Object.entries(defs).sort(([a], [b]) => a.localeCompare(b))) } : root;
}

export type { MessageView };

/**
 * The typed publisher and subscriber over the runtime: an event builder with one method per send
 * operation (validates, returns the envelope, e.g. for an outbox), a publisher that also sends
 * it, and a subscriber whose handlers get each message's typed payload and attributes.
 */
function emitTypedSurface(out: string[], model: ReturnType<typeof buildEventsModel>, msgNames: Map<string, string>): void {
  const ids = [...model.messages.keys()].sort();
  const mapOf = (suffix: string) => (ids.length ? ids.map((id) => `  ${propertyKey(id)}: ${msgNames.get(id)}${suffix};`) : []);
  out.push(`/** Each message's payload type, by message id. */`);
  out.push(`export interface MessagePayloads {`, ...mapOf('Payload'), `}\n`);
  out.push(`/** Each message's headers (CloudEvents attributes), by message id. */`);
  out.push(`export interface MessageHeaders {`, ...mapOf('Headers'), `}\n`);
  const sends = model.operations.filter((o) => o.action === 'send' && o.messageIds.length > 0 && model.channels.some((c) => c.key === o.channelKey));
  const sigs: string[] = [];
  const impls: string[] = [];
  for (const op of sends.sort((a, b) => a.key.localeCompare(b.key))) {
    const ch = model.channels.find((c) => c.key === op.channelKey)!;
    const params = `ChannelParams[${JSON.stringify(ch.key)}]`;
    const msgIds = [...new Set(op.messageIds)];
    const messageArg = msgIds.length === 1 ? '' : `message: ${msgIds.map((m) => JSON.stringify(m)).join(' | ')}, `;
    const payload = msgIds.length === 1 ? `MessagePayloads[${JSON.stringify(msgIds[0])}]` : `MessagePayloads[typeof message]`;
    sigs.push(`  ${propertyKey(op.key)}(${messageArg}params: ${params}, payload: ${payload}, attributes: EventAttributes): OutgoingEvent;`);
    const messageExpr = msgIds.length === 1 ? JSON.stringify(msgIds[0]) : 'message';
    impls.push(
      `    ${propertyKey(op.key)}: (${messageArg}params: ${params}, payload: ${payload}, attributes: EventAttributes) =>`,
      `      buildEvent(validator, ${messageExpr}, channels[${JSON.stringify(ch.key)}].build(params as never), payload, attributes),`,
    );
  }
  out.push(`/** Builds validated CloudEvents envelopes, one method per send operation. Throws InvalidEventError on a payload that breaks the contract. */`);
  out.push(`export interface EventBuilder {`, ...sigs, `}\n`);
  out.push(`let sharedValidator: MessageValidator | undefined;`);
  out.push(`function validatorFor(): MessageValidator {`);
  out.push(`  sharedValidator ??= new MessageValidator(messages as never);`);
  out.push(`  return sharedValidator;`);
  out.push(`}\n`);
  out.push(`export function createEventBuilder(): EventBuilder {`);
  out.push(`  const validator = validatorFor();`);
  out.push(`  return {`, ...impls, `  };`);
  out.push(`}\n`);
  out.push(`/** Builds and sends, one method per send operation. */`);
  out.push(`export type Publisher = { [K in keyof EventBuilder]: (...args: Parameters<EventBuilder[K]>) => Promise<OutgoingEvent> };\n`);
  out.push(`export function createPublisher(transport: EventTransport): Publisher {`);
  out.push(`  const builder = createEventBuilder();`);
  out.push(`  const publisher: Record<string, (...args: unknown[]) => Promise<OutgoingEvent>> = {};`);
  out.push(`  for (const [name, build] of Object.entries(builder) as Array<[string, (...args: unknown[]) => OutgoingEvent]>) {`);
  out.push(`    publisher[name] = async (...args) => {`);
  out.push(`      const event = build(...args);`);
  out.push(`      await transport.publish(event);`);
  out.push(`      return event;`);
  out.push(`    };`);
  out.push(`  }`);
  out.push(`  return publisher as unknown as Publisher;`);
  out.push(`}\n`);
  out.push(`/** Typed handlers per message; payloads are validated against the message schema before a handler runs. */`);
  out.push(`export interface Subscriber {`);
  out.push(`  on<M extends keyof MessagePayloads>(message: M, handler: (event: ReceivedEvent<MessagePayloads[M], MessageHeaders[M]>) => Promise<void> | void): Subscriber;`);
  out.push(`  start(): Promise<Subscription>;`);
  out.push(`}\n`);
  out.push(`export function createSubscriber(options: SubscriberOptions): Subscriber {`);
  out.push(`  const runtime = createRuntimeSubscriber(channels as never, messages as never, options);`);
  out.push(`  const subscriber: Subscriber = {`);
  out.push(`    on(message, handler) {`);
  out.push(`      runtime.handle(message as string, handler as never);`);
  out.push(`      return subscriber;`);
  out.push(`    },`);
  out.push(`    start: () => runtime.start(),`);
  out.push(`  };`);
  out.push(`  return subscriber;`);
  out.push(`}`);
}
