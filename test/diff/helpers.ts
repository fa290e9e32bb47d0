import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseSource } from '../../scripts/charter/loader/source.ts';
import { loadContract, type LoadedContract } from '../../scripts/charter/loader/load.ts';
import { diffContracts, type DiffOptions } from '../../scripts/charter/diff/index.ts';
import { runDiff, type DiffCliOptions } from '../../scripts/charter/diff/cli.ts';
import type { Finding } from '../../scripts/charter/diff/types.ts';

export const ROOT = path.resolve(import.meta.dirname, '../..');
export const FIXTURES = path.join(import.meta.dirname, 'fixtures');
export const CORPUS = path.resolve(ROOT, '../shared/corpus');
export const TODAY = '2026-11-23';

/** Write YAML/JSON text to a temp file and load it. */
export function contractFrom(text: string, name = 'c.yaml'): LoadedContract {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'charter-diff-test-'));
  const file = path.join(dir, name);
  fs.writeFileSync(file, text);
  return loadContract(file);
}

export function diffTexts(base: string, head: string, opts: DiffOptions = {}): Finding[] {
  return diffContracts(contractFrom(base), contractFrom(head), { today: TODAY, ...opts });
}

export const ids = (fs_: Finding[]) => [...new Set(fs_.map((f) => f.id))].sort();

export async function cli(opts: DiffCliOptions): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await runDiff({ today: TODAY, ...opts }, { stdout: (s) => (stdout += s), stderr: (s) => (stderr += s) });
  return { code, stdout, stderr };
}

export { parseSource };
