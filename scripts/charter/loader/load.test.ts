import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ContractError } from './errors.ts';
import { loadContract } from './load.ts';

function write(text: string): string {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'charter-load-')), 'api.yaml');
  fs.writeFileSync(file, text);
  return file;
}

const head = 'openapi: 3.1.0\ninfo: { title: t, version: "1" }\npaths: {}\ncomponents:\n  schemas:\n';

describe('loadContract and $ref cycles', () => {
  it('rejects a cycle of pure $refs (A → B → C → A) with a located error instead of letting generators crash on it', () => {
    const file = write(`${head}    A: { $ref: '#/components/schemas/B' }\n    B: { $ref: '#/components/schemas/C' }\n    C: { $ref: '#/components/schemas/A' }\n`);
    let error: unknown;
    try {
      loadContract(file);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ContractError);
    expect((error as ContractError).message).toMatch(/\$ref cycle that never reaches a definition/);
    expect(String((error as ContractError).location?.line ?? '')).toMatch(/^[5-7]$/);
  });

  it('accepts a recursive schema whose cycle passes through a real definition', () => {
    const file = write(`${head}    Node:\n      type: object\n      properties:\n        children: { type: array, items: { $ref: '#/components/schemas/Node' } }\n`);
    expect(() => loadContract(file)).not.toThrow();
  });
});

describe('locate() in huge files', () => {
  const flowInfo = 'openapi: 3.1.0\ninfo: { title: t, version: "1" }\npaths: {}\n';

  it('places a key inside a flow mapping exactly in an ordinary file', () => {
    const c = loadContract(write(flowInfo));
    expect(c.locate('/info/version')).toMatchObject({ line: 2, column: 19 });
  });

  it('answers with the enclosing node instead of building a multi-gigabyte exact parse of a file over 16 MB', () => {
    const c = loadContract(write(`${flowInfo}x-big: "${'x'.repeat(17 * 1024 * 1024)}"\n`));
    expect(c.locate('/info/version')).toMatchObject({ line: 2, column: 1 });
    expect(c.locate('/x-big')).toMatchObject({ line: 4, column: 1 });
  });
});
