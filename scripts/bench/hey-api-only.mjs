// Baseline for scripts/bench/generate.ts: @hey-api/openapi-ts alone on one document.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { load } from 'js-yaml';
import { createClient } from '@hey-api/openapi-ts';

const [file] = process.argv.slice(2);
const text = fs.readFileSync(file, 'utf8');
const input = file.endsWith('.json') ? JSON.parse(text) : load(text);
const out = fs.mkdtempSync(path.join(os.tmpdir(), 'hey-api-bench-'));
try {
  // hey-api is given its input without examples, as Charter gives it (GitHub's example data holds remote "$ref" text).
  const strip = (n, parent) => {
    if (Array.isArray(n)) return n.map((x) => strip(x, ''));
    if (!n || typeof n !== 'object') return n;
    const o = {};
    for (const [k, v] of Object.entries(n)) if (parent === 'properties' || !['example', 'examples', 'x-examples'].includes(k)) o[k] = strip(v, k);
    return o;
  };
  await createClient({ input: strip(input, ''), output: { path: out }, logs: { level: 'silent', file: false }, plugins: ['@hey-api/typescript', '@hey-api/sdk', '@hey-api/client-fetch'] });
} finally {
  fs.rmSync(out, { recursive: true, force: true });
}
