/**
 * The SDK emitter on a contract other than ours: pagination is found from parameter and
 * field names or from `x-pagination`, idempotency headers whatever their case, and an
 * operation with no cursor is left alone.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateFiles } from '../../scripts/charter/commands/generate.ts';
import { readHeyApiFunctions } from '../../scripts/charter/emit/sdk.ts';

const contract = `
openapi: 3.1.0
info: { title: Things, version: 1.0.0 }
paths:
  /things:
    get:
      operationId: listThings
      parameters:
        - { name: pageToken, in: query, schema: { type: string } }
      responses:
        '200':
          description: A page.
          content:
            application/json:
              schema:
                type: object
                properties:
                  things: { type: array, items: { $ref: '#/components/schemas/Thing' } }
                  nextPageToken: { type: [string, 'null'] }
    post:
      operationId: createThing
      parameters:
        - { name: idempotency-key, in: header, schema: { type: string } }
      requestBody: { content: { application/json: { schema: { $ref: '#/components/schemas/Thing' } } } }
      responses:
        '201': { description: Created., content: { application/json: { schema: { $ref: '#/components/schemas/Thing' } } } }
  /widgets:
    get:
      operationId: listWidgets
      x-pagination: { cursorParam: from, nextCursorField: continueFrom, itemsField: rows }
      parameters:
        - { name: from, in: query, schema: { type: string } }
      responses:
        '200':
          description: A page.
          content:
            application/json:
              schema:
                type: object
                properties:
                  rows: { type: array, items: { type: string } }
                  continueFrom: { type: string }
    post:
      operationId: pokeWidgets
      responses:
        '204': { description: Poked. }
  /gadgets:
    get:
      operationId: listGadgets
      parameters:
        - { name: offset, in: query, schema: { type: integer } }
      responses:
        '200': { description: All., content: { application/json: { schema: { type: array, items: { type: string } } } } }
components:
  schemas:
    Thing: { type: object, required: [id], properties: { id: { type: string } } }
`;

let dir: string;
let charter: string;
let readme: string;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'charter-sdk-emit-'));
  const file = path.join(dir, 'things.yaml');
  fs.writeFileSync(file, contract);
  const { files } = await generateFiles([file]);
  charter = files.get('client/charter.ts')!;
  readme = files.get('client/README.md')!;
}, 60_000);

afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('the SDK emitter', () => {
  it('finds cursor pagination from a pageToken parameter and a nextPageToken field beside an array', () => {
    expect(charter).toContain('pagination: {"cursorParam":"pageToken","nextField":"nextPageToken","itemsField":"things"}');
    expect(charter).toMatch(/listThingsAll\(.*\): AsyncGenerator<PageItem<PageOf<T\.ListThingsResponses>, "things">>/);
  });

  it('takes pagination from x-pagination when names say nothing', () => {
    expect(charter).toContain('pagination: {"cursorParam":"from","nextField":"continueFrom","itemsField":"rows"}');
  });

  it('does not treat offset paging or a bare array as cursor pagination', () => {
    expect(charter).not.toContain('listGadgetsAll');
    expect(charter).toContain('listGadgets: { operationId: "listGadgets", method: "get", path: "/gadgets", responses: {"200":{"json":true,"shape":"array"}}');
  });

  it('manages a lower-case idempotency-key header and marks only keyed POSTs as retried', () => {
    expect(charter).toContain('idempotencyHeader: "idempotency-key"');
    expect(charter).toMatch(/createThing: Operation<T\.CreateThingData, T\.CreateThingResponses, OperationProblems\["createThing"\], false, "idempotency-key">/);
    expect(readme).toMatch(/\| `createThing` \| POST \/things \| yes \|/);
    expect(readme).toMatch(/\| `pokeWidgets` \| POST \/widgets \| with `idempotencyKey` \|/);
  });

  it("reads hey-api's function, data and response type names for each method and path", () => {
    const fns = readHeyApiFunctions(
      "export const getThing = <ThrowOnError extends boolean = false>(options: Options<GetThingData, ThrowOnError>): RequestResult<GetThingResponses, unknown, ThrowOnError> => (options.client ?? client).get<GetThingResponses, unknown, ThrowOnError>({ url: '/things/{id}', ...options });\n",
    );
    expect(fns.get('get /things/{id}')).toEqual({ name: 'getThing', dataType: 'GetThingData', responsesType: 'GetThingResponses', method: 'get', url: '/things/{id}' });
  });
});

describe('the SDK emitter on declared 3xx and query styles', () => {
  const ranges = `
openapi: 3.1.0
info: { title: Ranges, version: 1.0.0 }
paths:
  /moved:
    get:
      operationId: getMoved
      parameters:
        - { name: tags, in: query, explode: false, schema: { type: array, items: { type: string } } }
        - { name: f, in: query, style: deepObject, schema: { type: object } }
        - { name: plain, in: query, schema: { type: string } }
      responses:
        '200': { description: ok, content: { application/json: { schema: { $ref: '#/components/schemas/Thing' } } } }
        '302': { description: one }
        '3XX': { description: others, content: { application/json: { schema: { $ref: '#/components/schemas/Thing' } } } }
components:
  schemas:
    Thing: { type: object, required: [id], properties: { id: { type: string } } }
`;
  let source: string;
  beforeAll(async () => {
    const file = path.join(dir, 'ranges.yaml');
    fs.writeFileSync(file, ranges);
    source = (await generateFiles([file])).files.get('client/charter.ts')!;
  }, 60_000);

  it('types a 3XX range as each status it stands for, except the ones declared on their own (and 304)', () => {
    expect(source).toContain(
      'getMoved: Operation<T.GetMovedData, T.GetMovedResponses & { 300: T.Thing; 301: T.Thing; 302: undefined; 303: T.Thing; 305: T.Thing; 306: T.Thing; 307: T.Thing; 308: T.Thing }, OperationProblems["getMoved"], false, never>;',
    );
  });

  it('emits the query parameters that are not form-exploded, and leaves the default ones out', () => {
    expect(source).toContain('query: {"f":{"style":"deepObject"},"tags":{"explode":false}}');
  });
});
