/**
 * What the generated server reads differently from a contract's letter is said at generate time,
 * with the location: a path parameter the template does not name, and a default that fails its
 * own schema. Neither is silently wrong in the server: the first is not required, the second not applied.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateFiles } from '../../scripts/charter/commands/generate.ts';
import { REPO_ROOT } from '../support/cli.ts';

function contract(text: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'charter-server-warnings-'));
  const file = path.join(dir, 'openapi.yaml');
  fs.writeFileSync(file, text);
  return file;
}

describe('generate: server warnings', () => {
  it('names a path parameter missing from the template, and leaves it out of the server plan', async () => {
    const file = path.join(REPO_ROOT, 'test/mock/fixtures/path-param-not-in-template.yaml');
    const { files, warnings } = await generateFiles([file], { root: REPO_ROOT });
    expect(warnings).toContainEqual(expect.stringMatching(/^test\/mock\/fixtures\/path-param-not-in-template\.yaml:8:11: warning: path parameter "id" of GET \/model \(getModel\) is not in the template \/model/));
    const validators = files.get('server/validators.ts')!;
    expect(validators).not.toMatch(/"name":"id"/);
    expect(files.get('server/index.ts')).toMatch(/export interface GetModelInput \{\n  path: Record<string, never>;/);
  });

  it('names each default that fails its own schema, and compiles the validators without it', async () => {
    const file = contract(`openapi: 3.1.0
info: { title: t, version: '1' }
paths:
  /s:
    post:
      operationId: createS
      requestBody:
        content:
          application/json:
            schema:
              type: object
              properties:
                broken: { type: object, default: null }
                fine: { type: integer, default: 3 }
                viaRef: { $ref: '#/components/schemas/Mode' }
      responses:
        '204': { description: ok }
components:
  schemas:
    Mode: { type: string, enum: [a, b], default: c }
`);
    const { files, warnings } = await generateFiles([file], { root: path.dirname(file) });
    const defaults = warnings.filter((w) => w.includes('default does not match'));
    expect(defaults.map((w) => path.basename(w.split(': warning')[0]!))).toEqual(['openapi.yaml:13:17', 'openapi.yaml:20:5']);
    const validators = files.get('server/validators.ts')!;
    expect(validators).toContain('"fine":{"type":"integer","default":3}');
    expect(validators).not.toMatch(/"broken":\{[^}]*default/);
    expect(validators).not.toMatch(/"default":"c"/);
  });
});

describe('generate: empty query values', () => {
  it("admits `?name=` only where the schema names '' as a value, or allowEmptyValue is set", async () => {
    const file = contract(`openapi: 3.1.0
info: { title: t, version: '1' }
paths:
  /q:
    get:
      operationId: getQ
      parameters:
        - { name: unset, in: query, schema: { type: string, enum: [''] } }
        - { name: either, in: query, schema: { anyOf: [{ type: integer }, { type: string, enum: [''] }] } }
        - { name: plain, in: query, schema: { type: string } }
        - { name: allowed, in: query, allowEmptyValue: true, schema: { type: integer } }
        - { name: named, in: query, schema: { type: string, enum: [''], minLength: 1 } }
      responses:
        '204': { description: ok }
`);
    const { files } = await generateFiles([file], { root: path.dirname(file) });
    const params = JSON.parse(/"params":(\[.*?\]), validateParams/.exec(files.get('server/validators.ts')!)![1]!) as Array<{ name: string; allowEmpty?: boolean }>;
    expect(Object.fromEntries(params.map((p) => [p.name, p.allowEmpty === true]))).toEqual({ unset: true, either: true, plain: false, allowed: true, named: false });
  });
});
