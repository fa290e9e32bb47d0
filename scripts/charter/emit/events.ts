/**
 * The events emitter: from an AsyncAPI 2.x/3.x document, payload and header types per
 * message, channel address builders, a typed map of what each operation sends or
 * receives, and a self-contained JSON Schema for every message (for runtime validation).
 *
 * It reads the one AsyncAPI model (`model/asyncapi.ts`) of a self-contained document (a
 * multi-file contract is bundled first). Payloads in a JSON Schema format (any draft from 04 to
 * 2020-12, or an AsyncAPI Schema Object) are typed and validated in their own dialect; a payload
 * in a format Charter does not read (Avro, RAML, Protobuf…) is typed `unknown`, is not
 * validated, says so in its doc comment, and `eventsWarnings` names it with its location.
 */
import { buildAsyncApiModel, buildEventsModel, schemaFormatOf, type AsyncApiModel, type MessageView, type SchemaFormat } from '../model/asyncapi.ts';
import { DRAFT_URI, draft04ToDraft07 } from '../model/asyncapi-schema-format.ts';
import { getPointer, type LoadedContract } from '../loader/load.ts';
import { docComment, printType, propertyKey, typeIdentifier, uniqueIdentifiers, type PrintOptions } from './typescript.ts';
import { generatedHeader, type FileMap } from './header.ts';
import type { ImportExtension } from './config.ts';
import fs from 'node:fs';
import path from 'node:path';
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
    resolve: (ref) => (ref.startsWith('#') ? unwrapSchema(getPointer(doc, ref.slice(1)), doc.asyncapi).schema : undefined),
  };

  const out: string[] = [header];
  out.push(`import { buildEvent, createRuntimeSubscriber, MessageValidator, type EventAttributes, type EventTransport, type OutgoingEvent, type ReceivedEvent, type Subscription, type SubscriberOptions } from './runtime${x}';\n`);
  out.push(`export { inProcessTransport, natsTransport, subjectFilter, InvalidEventError, type DeadLetter, type EventAttributes, type EventTransport, type NatsTransport, type NatsTransportOptions, type OutgoingEvent, type ReceivedEvent, type Subscription, type SubscriberOptions } from './runtime${x}';\n`);
  out.push(`/** Payloads and headers of one message, as a publisher sends and a subscriber receives them. */`);
  out.push(`export interface EventMessage<P, H> {\n  payload: P;\n  headers: H;\n}\n`);
  for (const [raw, id] of [...schemaNames.entries()].sort(([, a], [, b]) => a.localeCompare(b))) {
    const { schema: s, format } = unwrapSchema(doc.components.schemas[raw], doc.asyncapi);
    if (format.kind === 'unsupported') {
      out.push(`${docComment(unsupportedNote(format))}export type ${id} = unknown;\n`);
      continue;
    }
    out.push(`${docComment((s as { description?: string } | undefined)?.description)}export type ${id} = ${printType(s, opts)};\n`);
  }
  const schemaFiles: Record<string, unknown> = {};
  for (const id of messageIds.sort()) {
    const m = model.messages.get(id)!;
    const T = msgNames.get(id)!;
    const payloadFormat = effectiveFormat(m.payloadFormat, m.payload);
    const headersFormat = effectiveFormat(m.headersFormat, m.headers);
    out.push(docComment(m.title ?? m.summary ?? m.name));
    if (payloadFormat.kind === 'unsupported') out.push(docComment(unsupportedNote(payloadFormat)));
    out.push(`export type ${T}Payload = ${payloadFormat.kind === 'unsupported' ? 'unknown' : printType(m.payload, opts)};`);
    if (m.headers && headersFormat.kind === 'unsupported') out.push(docComment(unsupportedNote(headersFormat)));
    out.push(`export type ${T}Headers = ${m.headers ? (headersFormat.kind === 'unsupported' ? 'Record<string, unknown>' : printType(m.headers, opts)) : 'Record<string, string>'};`);
    out.push(`export type ${T}Message = EventMessage<${T}Payload, ${T}Headers>;\n`);
    schemaFiles[id] = {
      payload: validationSchema(doc, m.payload, payloadFormat),
      headers: m.headers ? validationSchema(doc, m.headers, headersFormat) : { type: 'object' },
    };
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

/** A 3.x Multi Format Schema Object (`{ schemaFormat, schema }`) as its schema and format; anything else as itself. */
function unwrapSchema(s: unknown, asyncapiVersion: unknown): { schema: unknown; format: SchemaFormat } {
  const o = s as { schemaFormat?: unknown; schema?: unknown } | null;
  if (String(asyncapiVersion).startsWith('3.') && o && typeof o === 'object' && typeof o.schemaFormat === 'string' && o.schema !== undefined) {
    return { schema: o.schema, format: schemaFormatOf(o.schemaFormat, asyncapiVersion) };
  }
  return { schema: s, format: schemaFormatOf(undefined, asyncapiVersion) };
}

/** The declared format; an undeclared one read from the schema's own `$schema` when it names a draft. */
function effectiveFormat(format: SchemaFormat, schema: unknown): SchemaFormat {
  if (format.declared || !schema || typeof schema !== 'object') return format;
  const uri = (schema as { $schema?: unknown }).$schema;
  if (typeof uri !== 'string') return format;
  const draft = (Object.entries(DRAFT_URI) as Array<[keyof typeof DRAFT_URI, string]>).find(([, u]) => u.replace(/#$/, '') === uri.replace(/#$/, ''))?.[0];
  return draft ? { ...format, kind: 'json-schema', draft } : format;
}

function unsupportedNote(format: SchemaFormat): string {
  return `Not typed and not validated: schemaFormat ${format.format} (${format.reason ?? 'not read by Charter'}).`;
}

/**
 * The self-contained JSON Schema a message part is validated with at run time, in its dialect:
 * 2019-09 and 2020-12 carry their `$schema` (the runtime picks the matching validator), draft-04
 * is rewritten in draft-07 terms, draft-06, draft-07 and AsyncAPI Schema Objects are draft-07.
 * A format Charter does not read validates nothing (`{}`), as its type and warning say.
 */
function validationSchema(doc: Record<string, any>, schema: unknown, format: SchemaFormat): unknown {
  if (format.kind === 'unsupported') return {};
  let out = bundle(doc, schema);
  if (format.draft === 'draft-04') out = draft04ToDraft07(out);
  if ((format.draft === '2019-09' || format.draft === '2020-12') && out && typeof out === 'object' && !Array.isArray(out)) {
    out = { $schema: DRAFT_URI[format.draft], ...(out as Record<string, unknown>) };
  } else if (out && typeof out === 'object' && !Array.isArray(out) && typeof (out as { $schema?: unknown }).$schema === 'string') {
    // Validated as draft-07: a `$schema` naming another draft would make the validator refuse the schema.
    const { $schema: _s, ...rest } = out as Record<string, unknown>;
    out = rest;
  }
  return out;
}

/** One problem the events emitter works around, located in the file the author wrote. */
export interface EventsWarning {
  message: string;
  file: string;
  line?: number;
  column?: number;
  pointer: string;
}

/**
 * What generate should say about an AsyncAPI contract: every message payload or headers schema
 * in a format Charter does not read (typed `unknown`, not validated), at its `schemaFormat`.
 */
export function eventsWarnings(contract: LoadedContract): EventsWarning[] {
  const model: AsyncApiModel = buildAsyncApiModel({ doc: contract.doc, file: contract.file, sources: contract.sources });
  const out: EventsWarning[] = [];
  for (const m of model.messages) {
    for (const [part, s] of [['payload', m.payload], ['headers', m.headers]] as const) {
      if (!s || s.format.kind !== 'unsupported') continue;
      const at = s.formatNode ?? s.node;
      // The entry's pointers go through the contract's own locator (which maps a bundled document back to its files).
      const loc = at.file === model.file ? contract.locate(at.pointer) : contract.locate(at.pointer, at.file);
      out.push({
        message: `message ${m.name ?? m.id} ${part}: schemaFormat ${s.format.format} is not supported (${s.format.reason}); its type is unknown and it is not validated`,
        file: path.resolve(loc.file ?? at.file),
        line: loc.line,
        column: loc.column,
        pointer: at.pointer,
      });
    }
  }
  return out;
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
        defs[name] = rewrite(unwrapSchema(getPointer(doc, ref.slice(1)), doc.asyncapi).schema ?? {}, depth + 1);
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
