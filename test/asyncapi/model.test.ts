/**
 * The one AsyncAPI model: located in the files the author wrote (a split contract's messages in
 * common/), the same answers for 2.x and 3.x, lint's message list reproduced exactly, and
 * schema formats honoured by the events emitter (types and run-time validation) and named,
 * with their location, when Charter cannot read them.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadContract } from '../../scripts/charter/loader/load.ts';
import { buildAsyncApiModel, lintMessages, schemaFormatOf } from '../../scripts/charter/model/asyncapi.ts';
import { draft04ToDraft07 } from '../../scripts/charter/model/asyncapi-schema-format.ts';
import { emitEvents, eventsWarnings } from '../../scripts/charter/emit/events.ts';
import { MessageValidator } from '../../scripts/charter/emit/runtime/events-runtime.ts';
import { prepare } from '../../scripts/charter/lint/engine.ts';
import { CORPUS, requireCorpus } from '../support/cli.ts';

requireCorpus();
const SOCIAL = path.join(CORPUS, 'asyncapi-multifile/social-media');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'charter-asyncapi-model-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

function write(name: string, text: string): string {
  const f = path.join(tmp, name);
  fs.mkdirSync(path.dirname(f), { recursive: true });
  fs.writeFileSync(f, text);
  return f;
}

describe('the AsyncAPI model of a split 3.1 contract', () => {
  const contract = loadContract(path.join(SOCIAL, 'backend/asyncapi.yaml'));
  const model = buildAsyncApiModel(contract);
  const common = (f: string) => path.join(SOCIAL, 'common', f);

  it('reads servers, channels with their parameters, and operations with their messages', () => {
    expect(model.specVersion).toBe('3.1.0');
    expect(model.servers.map((s) => `${s.name} ${s.protocol}`)).toEqual(['websiteWebSocketServer ws', 'mosquitto mqtt']);
    expect(model.servers[0]!.node.file).toBe(common('servers.yaml'));
    const changed = model.channels.find((c) => c.key === 'commentsCountChange')!;
    expect(changed.address).toBe('comment/{commentId}/changed');
    expect(changed.parameters.map((p) => [p.name, p.node.file, p.node.pointer])).toEqual([['commentId', common('parameters.yaml'), '/commentId']]);
    expect(changed.servers).toEqual(['mosquitto']);
    expect(model.operations.map((o) => `${o.key} ${o.action} ${o.channelKey} ${o.messages.length}`)).toEqual([
      'sendCommentLiked send notifyAllCommentLiked 1',
      'receiveCommentLike receive newLikeComment 1',
      'receiveCommentChange receive commentsCountChange 1',
      'sendCommentLikeUpdate send updateCommentsCount 1',
    ]);
  });

  it('locates each message, its payload schema and its format in the file the author wrote', () => {
    const liked = model.operations[0]!.messages[0]!;
    expect([liked.node.file, liked.node.pointer]).toEqual([common('messages.yaml'), '/commentLiked']);
    expect([liked.payload!.resolved!.file, liked.payload!.resolved!.pointer]).toEqual([common('schemas.yaml'), '/commentLikedPayload']);
    expect(liked.payload!.format).toMatchObject({ kind: 'asyncapi', declared: false, draft: 'draft-07' });
    expect(contract.locate(liked.node.pointer, liked.node.file).line).toBe(1);
    // One definition, one model: the channel and the operation share it.
    expect(model.channels[0]!.messages[0]).toBe(liked);
    expect(model.messages.filter((m) => m.node.pointer === '/commentLiked')).toHaveLength(1);
  });
});

describe('2.x and 3.x read into one shape', () => {
  const v2 = write('v2.yaml', `asyncapi: 2.6.0
info: { title: t, version: 1.0.0 }
channels:
  light/{id}/measured:
    parameters: { id: { schema: { type: string } } }
    publish:
      operationId: onLight
      security: [{ key: [] }]
      message:
        oneOf:
          - $ref: '#/components/messages/light'
          - name: dim
            payload: { type: object, properties: { level: { type: integer } } }
    subscribe:
      message: { $ref: '#/components/messages/light' }
components:
  messages:
    light:
      name: light
      correlationId: { location: '$message.header#/id' }
      traits: [{ $ref: '#/components/messageTraits/common' }]
      payload: { type: object, properties: { lumens: { type: integer } } }
  messageTraits:
    common:
      contentType: application/json
      headers: { type: object, properties: { id: { type: string } } }
`);
  const v3 = write('v3.yaml', `asyncapi: 3.0.0
info: { title: t, version: 1.0.0 }
channels:
  light:
    address: light.{id}.measured
    parameters: { id: {} }
    messages:
      light: { $ref: '#/components/messages/light' }
      dim: { name: dim, payload: { type: object } }
operations:
  onLight:
    action: receive
    channel: { $ref: '#/channels/light' }
    reply:
      channel: { $ref: '#/channels/light' }
      messages: [{ $ref: '#/channels/light/messages/dim' }]
  sendLight:
    action: send
    channel: { $ref: '#/channels/light' }
    messages: [{ $ref: '#/channels/light/messages/light' }]
components:
  messages:
    light:
      name: light
      traits: [{ $ref: '#/components/messageTraits/common' }]
      payload: { type: object, properties: { lumens: { type: integer } } }
  messageTraits:
    common:
      contentType: application/json
      headers: { type: object, properties: { id: { type: string } } }
`);

  it('2.x: publish is received, subscribe is sent, oneOf lists the messages, traits are applied', () => {
    const m = buildAsyncApiModel(loadContract(v2));
    expect(m.operations.map((o) => `${o.key} ${o.id} ${o.action} ${o.messages.map((x) => x.key).join(',')}`)).toEqual([
      'light/{id}/measured#publish onLight receive light,dim',
      'light/{id}/measured#subscribe light/{id}/measured#subscribe send light',
    ]);
    expect(m.operations[0]!.security).toEqual([{ key: [] }]);
    const light = m.componentMessages.get('light')!;
    expect(light.contentType).toBe('application/json');
    expect(light.headers!.node.pointer).toBe('/components/messageTraits/common/headers');
    expect(light.correlationId!.value).toEqual({ location: '$message.header#/id' });
    expect(m.channels[0]!.addressParameters).toEqual(['id']);
  });

  it('3.x: an operation without a list carries its channel\'s messages; replies are read', () => {
    const m = buildAsyncApiModel(loadContract(v3));
    const on = m.operations.find((o) => o.key === 'onLight')!;
    expect(on.messages.map((x) => x.key)).toEqual(['light', 'dim']);
    expect(on.reply!.messages.map((x) => x.key)).toEqual(['dim']);
    expect(m.operations.find((o) => o.key === 'sendLight')!.messages.map((x) => x.id)).toEqual(['light']);
    expect([...m.channels[0]!.actions].sort()).toEqual(['receive', 'send']);
    expect(m.componentMessages.get('light')!.headers!.node.file).toBe(v3);
  });
});

describe("lint's message list", () => {
  const docs = [
    ...fs.readdirSync(path.join(CORPUS, 'asyncapi')).map((f) => path.join(CORPUS, 'asyncapi', f)),
    ...['backend', 'comments-service', 'frontend', 'notification-service', 'public-api'].map((s) => path.join(SOCIAL, s, 'asyncapi.yaml')),
    path.resolve('contracts/asyncapi.yaml'),
    ...fs
      .readdirSync(path.resolve('test/lint/fixtures'))
      .map((f) => path.resolve('test/lint/fixtures', f))
      .filter((f) => /\.ya?ml$/.test(f) && /^asyncapi:/m.test(fs.readFileSync(f, 'utf8'))),
  ];

  it.each(docs.map((d) => [path.basename(path.dirname(d)) + '/' + path.basename(d), d]))('is LintDocument.messages for %s', (_n, file) => {
    const doc = prepare(file);
    expect(doc.kind).toBe('asyncapi');
    const ours = lintMessages(buildAsyncApiModel({ doc: doc.root, file: doc.file, sources: doc.contract.sources }));
    const strip = (list: Array<{ value: unknown; file: string; pointer: string; label: string; traits: Array<{ file: string; pointer: string }> }>) =>
      list.map((m) => ({ file: m.file, pointer: m.pointer, label: m.label, value: m.value, traits: m.traits.map((t) => `${t.file}#${t.pointer}`) }));
    expect(strip(ours)).toEqual(strip(doc.messages));
  });
});

describe('schema formats', () => {
  it('knows JSON Schema drafts, AsyncAPI schemas and the formats it does not read', () => {
    expect(schemaFormatOf(undefined, '3.1.0')).toMatchObject({ kind: 'asyncapi', draft: 'draft-07', declared: false, format: 'application/vnd.aai.asyncapi+json;version=3.1.0' });
    for (const d of ['draft-04', 'draft-06', 'draft-07', '2019-09', '2020-12']) {
      expect(schemaFormatOf(`application/schema+json;version=${d}`, '3.0.0')).toMatchObject({ kind: 'json-schema', draft: d });
      expect(schemaFormatOf(`application/schema+yaml;version=${d}`, '3.0.0')).toMatchObject({ kind: 'json-schema', draft: d });
    }
    expect(schemaFormatOf('application/vnd.aai.asyncapi+yaml;version=2.6.0', '2.6.0').kind).toBe('asyncapi');
    expect(schemaFormatOf('application/vnd.apache.avro;version=1.9.0', '3.0.0')).toMatchObject({ kind: 'unsupported', reason: 'Avro schemas are not read by Charter' });
    expect(schemaFormatOf('application/vnd.google.protobuf;version=3', '3.0.0').kind).toBe('unsupported');
    expect(schemaFormatOf('application/raml+yaml;version=1.0', '3.0.0').kind).toBe('unsupported');
    expect(schemaFormatOf('application/schema+json;version=draft-03', '3.0.0').kind).toBe('unsupported');
  });

  it('rewrites draft-04 exclusive bounds in draft-07 terms', () => {
    expect(draft04ToDraft07({ $schema: 'http://json-schema.org/draft-04/schema#', id: 'x', type: 'object', properties: { n: { type: 'number', minimum: 0, exclusiveMinimum: true, maximum: 9, exclusiveMaximum: false } } })).toEqual({
      type: 'object',
      properties: { n: { type: 'number', exclusiveMinimum: 0, maximum: 9 } },
    });
  });

  const formats = write('formats.yaml', `asyncapi: 3.0.0
info: { title: formats, version: 1.0.0 }
channels:
  things:
    address: things
    messages:
      yaml07: { $ref: '#/components/messages/yaml07' }
      old: { $ref: '#/components/messages/old' }
      tuple: { $ref: '#/components/messages/tuple' }
      avro: { $ref: '#/components/messages/avro' }
operations:
  sendThings:
    action: send
    channel: { $ref: '#/channels/things' }
components:
  messages:
    yaml07:
      payload:
        schemaFormat: application/schema+yaml;version=draft-07
        schema: { type: object, required: [id], properties: { id: { type: string } } }
    old:
      payload:
        schemaFormat: application/schema+json;version=draft-04
        schema: { type: object, required: [n], properties: { n: { type: number, minimum: 0, exclusiveMinimum: true } } }
    tuple:
      payload:
        schemaFormat: application/schema+json;version=2020-12
        schema: { type: array, prefixItems: [{ type: string }, { type: integer }], items: false }
    avro:
      payload:
        schemaFormat: application/vnd.apache.avro;version=1.9.0
        schema: { type: record, name: Thing, fields: [{ name: id, type: string }] }
`);
  const contract = loadContract(formats);
  const files = emitEvents(contract.doc, ['formats.yaml']);
  const index = files.get('events/index.ts')!;
  const schemas = JSON.parse(files.get('events/schemas.json')!);

  it('types JSON Schema payloads of every draft from their schema, not from the Multi Format wrapper', () => {
    expect(index).toMatch(/export type Yaml07Payload = \{\n\s+id: string;/);
    expect(index).toMatch(/export type OldPayload = \{\n\s+n: number;/);
    expect(index).toMatch(/export type TuplePayload = /);
    expect(index).not.toMatch(/schemaFormat\??:/);
    expect(index).toMatch(/Not typed and not validated: schemaFormat application\/vnd\.apache\.avro;version=1\.9\.0 \(Avro schemas are not read by Charter\)\.[\s\S]*export type AvroPayload = unknown;/);
  });

  it('validates each payload in its own dialect at run time; the unsupported one validates nothing, as its type says', () => {
    expect(schemas.tuple.payload.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    expect(schemas.avro.payload).toEqual({});
    const info = Object.fromEntries(Object.entries(schemas).map(([id, schema]) => [id, { name: id, contentType: 'application/json', schema: schema as { payload: unknown; headers: unknown } }]));
    const v = new MessageValidator(info);
    expect(v.check('yaml07', { id: 'a' }, {})).toEqual([]);
    expect(v.check('yaml07', {}, {}).join()).toMatch(/required property 'id'/);
    expect(v.check('old', { n: 1 }, {})).toEqual([]);
    expect(v.check('old', { n: 0 }, {}).join()).toMatch(/must be > 0/);
    expect(v.check('tuple', ['a', 1], {})).toEqual([]);
    expect(v.check('tuple', ['a', 'b'], {}).join()).toMatch(/payload\/1 must be integer/);
    expect(v.check('tuple', ['a', 1, 2], {}).length).toBeGreaterThan(0);
  });

  it('names an unsupported format as a generate warning at its schemaFormat, file and line', () => {
    const warnings = eventsWarnings(contract);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatchObject({ file: formats, line: 31, pointer: '/components/messages/avro/payload/schemaFormat' });
    expect(warnings[0]!.message).toBe('message avro payload: schemaFormat application/vnd.apache.avro;version=1.9.0 is not supported (Avro schemas are not read by Charter); its type is unknown and it is not validated');
  });

  it('reads a 2.x message schemaFormat as its payload format', () => {
    const f = write('v2-format.yaml', `asyncapi: 2.6.0
info: { title: t, version: 1.0.0 }
channels:
  things:
    subscribe:
      message:
        name: thing
        schemaFormat: application/vnd.apache.avro;version=1.9.0
        payload: { type: record, name: Thing, fields: [] }
`);
    const c = loadContract(f);
    expect(emitEvents(c.doc, ['v2-format.yaml']).get('events/index.ts')).toMatch(/export type ThingsSubscribePayload = unknown;/);
    expect(eventsWarnings(c).map((w) => `${w.line} ${w.pointer}`)).toEqual(['8 /channels/things/subscribe/message/schemaFormat']);
  });
});
