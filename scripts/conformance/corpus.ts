/**
 * The contracts the conformance suite round-trips: the project's own contract, the public corpus
 * (single-file documents except the `*.INVALID.yaml` ones, and the entry documents of the
 * multi-file contracts), and the OpenAPI documents among the test fixtures.
 */
import fs from 'node:fs';
import path from 'node:path';
import { seeded } from '../charter/mock/random.ts';

export interface CorpusEntry {
  file: string;
  group: 'project' | 'corpus' | 'multifile' | 'fixtures';
}

const DOC = /\.(ya?ml|json)$/;
const TOP_LEVEL_OPENAPI = /^openapi\s*:\s*['"]?3\./m;

/** Whether a file is an OpenAPI document (not a fragment another one refers to): a top-level `openapi` key. */
function isOpenApiRoot(file: string): boolean {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    return false;
  }
  if (/\.json$/.test(file)) {
    try {
      const v = JSON.parse(text) as unknown;
      return v !== null && typeof v === 'object' && typeof (v as { openapi?: unknown }).openapi === 'string';
    } catch {
      return false;
    }
  }
  return TOP_LEVEL_OPENAPI.test(text);
}

function walk(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { recursive: true, encoding: 'utf8' }).map((f) => path.join(dir, f)).filter((f) => DOC.test(f)).sort();
}

/** Every contract of the suite, in a stable order. */
export function conformanceContracts(projectRoot: string, corpusRoot = path.resolve(projectRoot, '../shared/corpus')): CorpusEntry[] {
  const out: CorpusEntry[] = [{ file: path.join(projectRoot, 'contracts/openapi.yaml'), group: 'project' }];
  for (const f of walk(path.join(corpusRoot, 'openapi'))) if (!/\.INVALID\.ya?ml$/.test(f) && isOpenApiRoot(f)) out.push({ file: f, group: 'corpus' });
  for (const f of walk(path.join(corpusRoot, 'openapi-multifile'))) if (isOpenApiRoot(f)) out.push({ file: f, group: 'multifile' });
  const fixtures = fs
    .readdirSync(path.join(projectRoot, 'test'), { recursive: true, encoding: 'utf8' })
    .filter((f) => f.split(path.sep).includes('fixtures') && DOC.test(f) && !f.includes('node_modules'))
    .map((f) => path.join(projectRoot, 'test', f))
    .filter(isOpenApiRoot)
    .sort();
  for (const f of fixtures) out.push({ file: f, group: 'fixtures' });
  return out;
}

/** A seeded choice of `n` entries (the same seed, the same choice), in their original order. */
export function sampleEntries<T>(entries: T[], n: number, seed: string): T[] {
  if (entries.length <= n) return entries;
  const random = seeded(seed, 'entries');
  const order = entries.map((_, i) => i);
  for (let i = order.length - 1; i > 0; i--) {
    const j = random.int(0, i);
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  return order.slice(0, n).sort((a, b) => a - b).map((i) => entries[i]!);
}
