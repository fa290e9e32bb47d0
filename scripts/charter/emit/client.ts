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

const DATA_KEYS = new Set(['example', 'examples', 'x-examples']);

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

export async function emitClient(doc: Record<string, any>, sources: string[]): Promise<FileMap> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'charter-client-'));
  try {
    await createClient({
      input: heyApiInput(doc) as never,
      output: { path: dir },
      logs: { level: 'silent', file: false },
      plugins: ['@hey-api/typescript', '@hey-api/sdk', '@hey-api/client-fetch'],
    } as never);
    const files: FileMap = new Map();
    const header = generatedHeader(sources);
    const walk = (sub: string): void => {
      for (const entry of fs.readdirSync(path.join(dir, sub), { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
        const rel = path.posix.join(sub, entry.name);
        if (entry.isDirectory()) walk(rel);
        else files.set(`client/${rel}`, header + fs.readFileSync(path.join(dir, rel), 'utf8'));
      }
    };
    walk('');
    return files;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
