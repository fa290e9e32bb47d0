/**
 * The client emitter: the typed SDK from @hey-api/openapi-ts (types, sdk, fetch client).
 * hey-api writes to disk, so it runs into a private temp folder whose files are read
 * back into the FileMap; the caller decides whether to write or compare them.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createClient } from '@hey-api/openapi-ts';
import { generatedHeader, type FileMap } from './header.ts';
import type { ImportExtension } from './config.ts';

const DATA_KEYS = new Set(['example', 'examples', 'x-examples']);

/**
 * hey-api's bundled fetch client (client/client/*.gen.ts, client/core/*.gen.ts) is copied from
 * its templates, the same for every contract, and has no option to make it strict. These five
 * files fail under `exactOptionalPropertyTypes` only (12 errors in 0.99: they pass
 * `x: T | undefined` where an optional `x?: T` is declared, their own SerializeOptions and
 * ResolvedRequestOptions and the DOM's RequestInit.body among them), so they get `@ts-nocheck`:
 * the adopter's tsc stops reporting errors inside hey-api's code, as skipLibCheck does for a
 * package's .d.ts, while their types still flow into every caller, which stay checked. Every
 * other file, hey-api's contract-specific output included, is checked under all flags; the
 * strict-tsconfig tests fail if a hey-api upgrade breaks another file.
 */
export const HEY_API_UNCHECKED = new Set([
  'client/client/client.gen.ts',
  'client/client/utils.gen.ts',
  'client/core/params.gen.ts',
  'client/core/pathSerializer.gen.ts',
  'client/core/serverSentEvents.gen.ts',
]);
const NOCHECK = '// @ts-nocheck: hey-api\'s bundled client does not compile under exactOptionalPropertyTypes.\n';

/**
 * The document as hey-api is given it. hey-api's reference parser follows every `$ref` it sees, including literal `$ref` text
 * inside example data (GitHub's SCIM examples), which hangs or fails offline. Examples
 * never affect the generated types, so they are left out of what hey-api is given.
 */
export function heyApiInput(node: unknown, parentKey = '', depth = 0): unknown {
  if (depth > 512 || node === null || typeof node !== 'object') return node;
  if (Array.isArray(node)) return node.map((n) => heyApiInput(n, '', depth + 1));
  // Under `properties`, keys are property names, so a property called `example` is schema, not data.
  const namesAreData = parentKey !== 'properties' && parentKey !== 'patternProperties';
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(node)) {
    if (namesAreData && DATA_KEYS.has(k)) continue;
    out[k] = heyApiInput(v, k, depth + 1);
  }
  // `style: deepObject` is defined for objects only; on an array (Stripe's `expand`) hey-api emits a
  // serializer option its own types reject, so such parameters are given the default style instead.
  if (out.in === 'query' && out.style === 'deepObject' && (out.schema as { type?: unknown } | undefined)?.type === 'array') {
    delete out.style;
  }
  return out;
}

/**
 * hey-api writes extensionless relative imports by default (`./client.gen`, `./client`), which
 * only bundler resolution accepts; `output.module.extension` makes it spell them as the rest of
 * the generated code does, including `./client/index.js` for its folder imports.
 */
export async function emitClient(doc: Record<string, any>, sources: string[], importExtension: ImportExtension = '.js'): Promise<FileMap> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'charter-client-'));
  try {
    await createClient({
      input: heyApiInput(doc) as never,
      output: { path: dir, module: { extension: importExtension } },
      logs: { level: 'silent', file: false },
      plugins: ['@hey-api/typescript', '@hey-api/sdk', '@hey-api/client-fetch'],
    } as never);
    const files: FileMap = new Map();
    const header = generatedHeader(sources);
    const walk = (sub: string): void => {
      for (const entry of fs.readdirSync(path.join(dir, sub), { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
        const rel = path.posix.join(sub, entry.name);
        if (entry.isDirectory()) walk(rel);
        else files.set(`client/${rel}`, header + (HEY_API_UNCHECKED.has(`client/${rel}`) ? NOCHECK : '') + fs.readFileSync(path.join(dir, rel), 'utf8'));
      }
    };
    walk('');
    return files;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
