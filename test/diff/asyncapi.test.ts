/**
 * AsyncAPI beyond the one-rule fixtures: 2.0-2.5 documents read by diff, lint and generate;
 * 2.x operations keep their identity when an operationId is added; reply payloads compared
 * in the direction the reply travels; headers from traits; documents without info/channels.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { emitEvents } from '../../scripts/charter/emit/events.ts';
import { lintFile } from '../../scripts/charter/lint/engine.ts';
import { DEFAULT_CONFIG } from '../../scripts/charter/lint/config.ts';
import { ContractError } from '../../scripts/charter/loader/errors.ts';
import { contractFrom, diffTexts, ids } from './helpers.ts';

const v2 = (version: string, o: { opId?: string; extra?: string; idType?: string; info?: boolean } = {}) => `asyncapi: ${version}
${o.info === false ? '' : `info:\n  title: Streetlights\n  version: ${o.extra ? '2.0.0' : '1.0.0'}\n`}servers:
  production:
    url: mqtt://broker.example:1883
    protocol: mqtt
channels:
  light/measured:
    publish:
${o.opId ? `      operationId: ${o.opId}\n` : ''}      message:
        name: lightMeasured
        payload:
          type: object
          properties:
            id: { type: ${o.idType ?? 'integer'} }
            lumens: { type: integer, minimum: 0 }
${o.extra ?? ''}`;

describe('AsyncAPI 2.0 to 2.5', () => {
  it.each(['2.0.0', '2.1.0', '2.2.0', '2.3.0', '2.4.0', '2.5.0'])('reads %s and compares it by direction', (version) => {
    const found = diffTexts(v2(version), v2(version, { idType: 'string', extra: '' }).replace('version: 1.0.0', 'version: 2.0.0'));
    // publish: the application receives the message, so a retyped field is a request change.
    expect(ids(found)).toEqual(['request-type-changed']);
  });

  it('lints a 2.0 document against the 2.6 schema and reports real mistakes in it', () => {
    const ok = lintFile(contractFrom(v2('2.0.0')).file, DEFAULT_CONFIG);
    expect(ok.fatal).toBeUndefined();
    expect(ok.findings.filter((f) => f.rule === 'structure')).toEqual([]);
    const bad = lintFile(contractFrom(v2('2.3.0').replace('protocol: mqtt', 'protocol: 7')).file, DEFAULT_CONFIG);
    expect(bad.findings.filter((f) => f.rule === 'structure').length).toBeGreaterThan(0);
  });

  it('generates event types from a 2.2 document', () => {
    const c = contractFrom(v2('2.2.0', { opId: 'onLightMeasured' }));
    const files = emitEvents(c.doc, [c.file]);
    const all = [...files.values()].join('\n');
    expect(all).toContain('lightMeasured');
    expect(all).toMatch(/lumens/);
  });

  it('still refuses 1.x and 2.7 with the versions it reads', () => {
    for (const v of ['1.2.0', '2.7.0']) {
      expect(() => contractFrom(v2(v))).toThrow(ContractError);
      expect(() => contractFrom(v2(v))).toThrow(/unsupported AsyncAPI version/);
    }
  });

  it('refuses a document without info, or a 2.x document without channels, instead of comparing nothing', () => {
    expect(() => diffTexts(v2('2.6.0', { info: false }), v2('2.6.0'))).toThrow(/without `info`/);
    const noChannels = 'asyncapi: 2.6.0\ninfo: { title: t, version: 1.0.0 }\n';
    expect(() => diffTexts(noChannels, v2('2.6.0'))).toThrow(/without `channels`/);
  });
});

describe('AsyncAPI 2.x operation identity', () => {
  it('keeps an operation when an operationId is added, and reports a rename as a warning', () => {
    expect(diffTexts(v2('2.6.0'), v2('2.6.0', { opId: 'onLightMeasured' }))).toEqual([]);
    const renamed = diffTexts(v2('2.6.0', { opId: 'onLightMeasured' }), v2('2.6.0', { opId: 'receiveLightMeasurement' }));
    expect(renamed.map((f) => `${f.level} ${f.id}`)).toEqual(['warning async-operation-id-changed']);
    expect(renamed[0]!.operation).toBe('receiveLightMeasurement');
  });
});

const v3 = (o: { replyId?: string; action?: string; trait?: boolean } = {}) => `asyncapi: 3.0.0
info: { title: rpc, version: 1.0.0 }
channels:
  requests:
    address: rpc.requests
    messages:
      sum: { $ref: '#/components/messages/sum' }
  replies:
    address: rpc.replies
    messages:
      result: { $ref: '#/components/messages/result' }
operations:
  handleSum:
    action: ${o.action ?? 'receive'}
    channel: { $ref: '#/channels/requests' }
    messages: [{ $ref: '#/channels/requests/messages/sum' }]
    reply:
      channel: { $ref: '#/channels/replies' }
      messages: [{ $ref: '#/channels/replies/messages/result' }]
components:
  messages:
    sum:
      payload: { type: object, properties: { numbers: { type: array, items: { type: number } } } }
    result:
${o.trait ? "      traits: [{ $ref: '#/components/messageTraits/traced' }]\n" : ''}      payload: { type: object, required: [result], properties: { result: { type: ${o.replyId ?? 'number'} } } }
${o.trait ? '  messageTraits:\n    traced:\n      headers: { type: object, required: [traceId], properties: { traceId: { type: string } } }\n' : ''}`;

describe('AsyncAPI 3.0 replies and headers', () => {
  it('compares reply payloads in the direction the reply travels', () => {
    // The application receives requests and sends the reply: requesters read it, like a response.
    const served = diffTexts(v3(), v3({ replyId: 'string' }).replace('version: 1.0.0', 'version: 2.0.0'));
    expect(ids(served)).toEqual(['response-type-changed']);
    expect(served[0]!.message).toContain('reply `result` payload');
    expect(served[0]!.context?.part).toBe('payload');
    // The application sends the request and reads the reply others write: like a request.
    const asked = diffTexts(v3({ action: 'send' }), v3({ action: 'send', replyId: 'string' }).replace('version: 1.0.0', 'version: 2.0.0'));
    expect(ids(asked)).toEqual(['request-type-changed']);
  });

  it('sees message headers brought in by a trait, and their removal as a whole', () => {
    const added = diffTexts(v3(), v3({ trait: true }));
    expect(ids(added)).toEqual(['response-message-headers-added']);
    const removed = diffTexts(v3({ trait: true }), v3().replace('version: 1.0.0', 'version: 2.0.0'));
    expect(ids(removed)).toEqual(['response-message-headers-removed']);
  });

  it('finds nothing between a corpus document and itself (reply channels and traits included)', () => {
    const corpus = path.resolve(import.meta.dirname, '../../../shared/corpus/asyncapi');
    for (const f of ['streetlights-kafka.2.6.yml', 'streetlights-kafka.3.0.yml', 'rpc-server.3.0.yml']) {
      const text = fs.readFileSync(path.join(corpus, f), 'utf8');
      expect(diffTexts(text, text)).toEqual([]);
    }
  });
});
