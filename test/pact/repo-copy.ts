/**
 * A throwaway copy of the project (contracts, pacts, generated code, the service and the CLI)
 * in which a test may change a contract and run the copy's own `charter` — so `generate`
 * rewrites the copy's generated/ and `verify` starts the copy's service on those bindings.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { REPO_ROOT } from '../support/cli.ts';

// No test/support: the copy's CLI must run on its own scripts and service alone.
const COPIED = ['contracts', 'pacts', 'generated', 'scripts', 'service', 'package.json', 'charter.config.yaml'];

export interface RepoCopy {
  dir: string;
  /** Runs the copy's CLI with the copy as working directory. */
  charter(args: string[]): { status: number | null; stdout: string; stderr: string };
  edit(file: string, change: (text: string) => string): void;
  remove(): void;
}

export function copyRepo(): RepoCopy {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'charter-consumers-'));
  for (const entry of COPIED) fs.cpSync(path.join(REPO_ROOT, entry), path.join(dir, entry), { recursive: true });
  fs.symlinkSync(path.join(REPO_ROOT, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
  return {
    dir,
    charter(args) {
      const r = spawnSync(process.execPath, [path.join(dir, 'scripts/charter/bin.mjs'), ...args], {
        cwd: dir,
        encoding: 'utf8',
        timeout: 240_000,
        env: { ...process.env, FORCE_COLOR: '0', NO_COLOR: '1' },
      });
      return { status: r.status, stdout: r.stdout ?? '', stderr: r.stderr ?? '' };
    },
    edit(file, change) {
      const abs = path.join(dir, file);
      const before = fs.readFileSync(abs, 'utf8');
      const after = change(before);
      // A replacement that matched nothing would make the test pass for the wrong reason.
      if (after === before) throw new Error(`editing ${file} changed nothing: the test's pattern no longer matches the contract`);
      fs.writeFileSync(abs, after);
    },
    remove() {
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
