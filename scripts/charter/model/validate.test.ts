import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadContract } from '../loader/load.ts';
import { ContractError } from '../loader/errors.ts';
import { validateOpenApiForGenerate } from './validate.ts';

function contract(yaml: string) {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'charter-validate-')), 'openapi.yaml');
  fs.writeFileSync(file, yaml);
  return loadContract(file);
}

function problemOf(yaml: string): ContractError {
  try {
    validateOpenApiForGenerate(contract(yaml));
  } catch (e) {
    if (e instanceof ContractError) return e;
    throw e;
  }
  throw new Error('expected a ContractError');
}

const OP = (id: string) => `      operationId: ${id}\n      responses: { '200': { description: ok } }\n`;

describe('the checks generate cannot do without', () => {
  it('refuses a duplicate operationId at the second one, naming the first', () => {
    const e = problemOf(`openapi: 3.1.0\ninfo: { title: T, version: '1' }\npaths:\n  /a:\n    get:\n${OP('getThing')}  /b:\n    get:\n${OP('getThing')}`);
    expect(e.message).toBe('operationId "getThing" of GET /b is already used by GET /a');
    expect(e.location.line).toBe(10);
    expect(e.location.pointer).toBe('/paths/~1b/get/operationId');
  });

  it('refuses a server without a url, at that server', () => {
    const e = problemOf(`openapi: 3.1.0\ninfo: { title: T, version: '1' }\nservers:\n  - url: /v1\n  - description: staging\npaths:\n  /a:\n    get:\n${OP('getA')}`);
    expect(e.message).toBe('servers[1] has no url');
    expect(e.location.line).toBe(5);
    expect(e.hint).toContain('url');
  });

  it('accepts distinct operationIds and servers with urls', () => {
    expect(() => validateOpenApiForGenerate(contract(`openapi: 3.1.0\ninfo: { title: T, version: '1' }\nservers: [{ url: /v1 }]\npaths:\n  /a:\n    get:\n${OP('getA')}  /b:\n    get:\n${OP('getB')}`))).not.toThrow();
  });

  it('reports a 3.0 schema problem once, at the component it is written in, and lists the others with file and line', () => {
    const yaml = [
      'openapi: 3.0.3',
      "info: { title: T, version: '1' }",
      'paths:',
      '  /a:',
      '    get:',
      '      operationId: getA',
      "      parameters: [{ $ref: '#/components/parameters/Limit' }]",
      "      responses: { '200': { description: ok, content: { application/json: { schema: { type: object, optional: true } } } } }",
      '  /b:',
      '    get:',
      '      operationId: getB',
      "      parameters: [{ $ref: '#/components/parameters/Limit' }]",
      "      responses: { '200': { description: ok } }",
      'components:',
      '  parameters:',
      '    Limit: { name: limit, in: query, schema: { type: integer, optional: true } }',
      '',
    ].join('\n');
    const e = problemOf(yaml);
    expect(e.message).toMatch(/^unknown keyword `optional`/);
    expect(e.location.line).toBe(8);
    // Once for the shared parameter (not once per operation that uses it), with its file and line.
    expect(e.message).toMatch(/\(and 1 more: [^)]*openapi\.yaml:16: unknown keyword `optional`/);
  });
});
