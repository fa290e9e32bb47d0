import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadContract } from '../loader/load.ts';
import { bundleContract } from '../loader/bundle.ts';
import { buildModel, ContractModel } from './contract.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const SPLIT = path.join(ROOT, 'test/loader/fixtures/split');
const TWIN = path.join(ROOT, 'test/loader/fixtures/split-twin.yaml');
const REPO_CONTRACT = path.join(ROOT, 'contracts/openapi.yaml');

describe('the contract model', () => {
  const model = buildModel(loadContract(path.join(SPLIT, 'openapi.yaml')));
  const getNote = model.operations.find((o) => o.operationId === 'getNote')!;

  it('lists the operations of path items written in other files, located in those files', () => {
    expect(model.operations.map((o) => `${o.method} ${o.path}`).sort()).toEqual(
      buildModel(loadContract(TWIN)).operations.map((o) => `${o.method} ${o.path}`).sort(),
    );
    expect(getNote.file).toBe(path.join(SPLIT, 'paths/note.yaml'));
    expect(getNote.pointer).toBe('/get');
    expect(model.where(getNote.node)).toMatchObject({ file: path.join(SPLIT, 'paths/note.yaml'), line: 3 });
  });

  it('follows a path-item parameter $ref into a file two folders up, and keeps where it is used', () => {
    const id = getNote.parameters.find((p) => p.name === 'noteId')!;
    expect(id).toMatchObject({ in: 'path', required: true, key: 'path:#0', level: 'path-item', style: 'simple', explode: false });
    expect(id.file).toBe(path.join(SPLIT, 'parameters.yaml'));
    expect(id.pointer).toBe('/NoteId');
    expect(id.site).toBe('/parameters/0');
    expect(id.siteFile).toBe(path.join(SPLIT, 'paths/note.yaml'));
    expect(id.schema).toEqual({ type: 'string', format: 'uuid' });
  });

  it('resolves a $ref\'d response in another file, with its media types and schema nodes', () => {
    const notFound = getNote.responses.find((r) => r.status === '404')!;
    expect(notFound.node.file).toBe(path.join(SPLIT, 'responses.yaml'));
    expect(notFound.node.pointer).toBe('/components/responses/NotFound');
    expect(notFound.content.map((c) => c.mediaType)).toEqual(['application/problem+json']);
    const schema = notFound.content[0]!.schema!;
    expect(schema.value).toEqual({ $ref: '#/components/schemas/Problem' });
    expect(model.resolve(schema)?.value.required).toEqual(['type', 'title', 'status']);
    expect(model.where(notFound.node).line).toBeGreaterThan(0);
  });

  it('gives the bundled contract the same operations, parameters and statuses as the split one', () => {
    const bundled = ContractModel.fromDocument(bundleContract(loadContract(path.join(SPLIT, 'openapi.yaml'))).doc);
    const shape = (m: ContractModel) =>
      m.operations.map((o) => ({
        id: o.operationId,
        params: o.parameters.map((p) => `${p.in}:${p.name}:${p.required}`),
        body: o.requestBody?.content.map((c) => c.mediaType),
        responses: o.responses.map((r) => `${r.status}:${r.content.map((c) => c.mediaType).join(',')}:${r.headers.map((h) => h.name).join(',')}`),
      }));
    expect(shape(bundled)).toEqual(shape(model));
    expect(bundled.operations.length).toBeGreaterThan(0);
  });

  it('merges path-item and operation parameters, the operation winning, and lists callbacks and webhooks once', () => {
    const doc = {
      openapi: '3.1.0',
      info: { title: 't', version: '1' },
      paths: {
        '/a/{id}': {
          parameters: [
            { name: 'id', in: 'path', required: true, schema: { type: 'string' } },
            { name: 'X-Trace', in: 'header', schema: { type: 'string' } },
          ],
          post: {
            operationId: 'subscribe',
            parameters: [{ name: 'x-trace', in: 'header', required: true, schema: { type: 'integer' } }],
            requestBody: { required: true, content: { 'application/json': { schema: { type: 'object' } }, 'text/plain': { schema: { type: 'string' } } } },
            responses: { '201': { description: 'ok', headers: { Location: { required: true, schema: { type: 'string' } } } } },
            callbacks: { onEvent: { '{$request.body#/url}': { post: { responses: { '200': { description: 'ok' } } } } } },
          },
        },
      },
      webhooks: { ping: { post: { operationId: 'ping', responses: { '200': { description: 'ok' } } } } },
    };
    const m = ContractModel.fromDocument(doc);
    expect(m.operations.map((o) => o.operationId)).toEqual(['subscribe']);
    expect(m.allOperations.map((o) => `${o.kind} ${o.key}`)).toEqual([
      'path POST /a/{}',
      'callback POST /a/{} CALLBACK onEvent POST {$request.body#/url}',
      'webhook WEBHOOK ping POST',
    ]);
    const sub = m.operations[0]!;
    expect(sub.parameters.map((p) => `${p.level}:${p.in}:${p.name}:${p.required}`)).toEqual(['path-item:path:id:true', 'operation:header:x-trace:true']);
    expect(sub.requestBody).toMatchObject({ required: true });
    expect(sub.requestBody!.content.map((c) => c.mediaType)).toEqual(['application/json', 'text/plain']);
    expect(sub.responses[0]!.headers).toMatchObject([{ name: 'Location', required: true }]);
    const cb = m.allOperations[1]!;
    expect(cb).toMatchObject({ webhook: true, declaredOperationId: false, operationId: 'post {$request.body#/url}', security: undefined });
  });

  it('expands the error catalogue into the model and locates its responses at the x-errors entry', () => {
    const ours = buildModel(loadContract(REPO_CONTRACT));
    expect(ours.catalogue).toBeDefined();
    const getUser = ours.operations.find((o) => o.operationId === 'getUser')!;
    expect(getUser.errorCodes).toContain('USER_NOT_FOUND');
    const notFound = getUser.responses.find((r) => r.status === '404')!;
    const at = ours.where(notFound.node);
    expect(at.file).toBe(REPO_CONTRACT);
    expect(at.pointer).toMatch(/\/x-errors\/\d+$/);
    expect(at.line).toBeGreaterThan(0);
  });

  it('gives an operation written in another file its catalogue codes, own and implicit', () => {
    const m = buildModel(loadContract(path.join(ROOT, 'test/loader/fixtures/split-catalogue/openapi.yaml')));
    expect(m.catalogue?.errors.map((e) => e.code).sort()).toEqual(['INTERNAL', 'THING_NOT_FOUND']);
    const op = m.operations.find((o) => o.operationId === 'getThing')!;
    expect(op.file).toBe(path.join(ROOT, 'test/loader/fixtures/split-catalogue/paths/thing.yaml'));
    expect(op.errorCodes).toEqual(['INTERNAL', 'THING_NOT_FOUND']);
  });
});
