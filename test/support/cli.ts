import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { loadContract } from '../../scripts/charter/loader/load.ts';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const CORPUS = path.resolve(REPO_ROOT, '../shared/corpus');
const BIN = path.join(REPO_ROOT, 'scripts/charter/bin.mjs');

export interface CliRun {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Run the real `charter` CLI in a child process, as a user would. */
export function runCharter(args: string[], opts: { cwd?: string; timeoutMs?: number } = {}): CliRun {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    cwd: opts.cwd ?? REPO_ROOT,
    encoding: 'utf8',
    timeout: opts.timeoutMs ?? 120_000,
    env: { ...process.env, FORCE_COLOR: '0', NO_COLOR: '1' },
  });
  return { status: r.status, stdout: r.stdout ?? '', stderr: r.stderr ?? '' };
}

/**
 * The public corpus lives beside the repository (../shared/corpus). Suites that run on it call
 * this first: without it they fail, naming what is missing, instead of passing on nothing.
 */
export function requireCorpus(dir = CORPUS): string {
  if (!fs.existsSync(dir)) {
    throw new Error(`The contract corpus is missing: expected ${dir} (the shared/ folder beside the repository).`);
  }
  return dir;
}

/**
 * The entry documents of a folder of multi-file contracts: `openapi:` at the top level, and not a
 * file that another entry document only pulls in.
 */
export function openApiRoots(dir: string): string[] {
  const candidates = fs
    .readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => /\.(ya?ml|json)$/.test(f))
    .map((f) => path.join(dir, f))
    .filter((f) => {
      const text = fs.readFileSync(f, 'utf8');
      return f.endsWith('.json') ? typeof (JSON.parse(text) as { openapi?: unknown }).openapi === 'string' : /^openapi:/m.test(text);
    })
    .sort();
  const referenced = new Set<string>();
  for (const f of candidates) for (const s of loadContract(f).sources.keys()) if (s !== path.resolve(f)) referenced.add(s);
  return candidates.filter((f) => !referenced.has(path.resolve(f)));
}
