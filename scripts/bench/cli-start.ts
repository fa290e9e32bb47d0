/**
 * Benchmark: how long `charter --help` and `charter --version` take to answer, median of N
 * child-process runs each, against a baseline measured in the same run.
 *
 *   node --import tsx scripts/bench/cli-start.ts [--runs 10] [--baseline <git rev>]
 *
 * Rows:
 * - baseline: the CLI at <git rev> (default: the last commit before the toolchain became a
 *   package), as it ran then: TypeScript through tsx, every command's module loaded for --help.
 *   It is checked out into a temporary git worktree that borrows this checkout's node_modules.
 * - source: this checkout's bin.mjs, which runs the sources under Node's type stripping.
 * - packed: the compiled dist/ that `npm pack` ships (built here by build.mjs into a temporary
 *   copy, so the checkout's own state is untouched), run by plain Node.
 *
 * Target: the packed CLI answers in well under a second (exit 1 above 500 ms median).
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { measure, median, table } from './measure.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const arg = (name: string, dflt: string) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1]! : dflt;
};
const RUNS = Number(arg('--runs', '10'));
const BASELINE = arg('--baseline', 'ebcef50');
const node = process.execPath;
const TARGET_MS = 500;

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'charter-bench-start-'));
const worktree = path.join(tmp, 'baseline');
try {
  execFileSync('git', ['worktree', 'add', '--detach', worktree, BASELINE], { cwd: ROOT, stdio: 'ignore' });
  fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(worktree, 'node_modules'));

  // The packed build, made from a copy of the toolchain sources.
  const packed = path.join(tmp, 'packed');
  fs.cpSync(path.join(ROOT, 'scripts/charter'), packed, { recursive: true, filter: (src) => !src.includes(`${path.sep}dist`) && !src.includes(`${path.sep}node_modules`) });
  fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(packed, 'node_modules'));
  execFileSync(node, [path.join(packed, 'build.mjs')], { cwd: packed, stdio: 'ignore' });
  // What the tarball holds: bin.mjs and dist/, without the sources bin.mjs would prefer.
  for (const entry of fs.readdirSync(packed)) {
    if (!['bin.mjs', 'dist', 'package.json', 'node_modules'].includes(entry)) fs.rmSync(path.join(packed, entry), { recursive: true, force: true });
  }

  const variants = [
    { name: `baseline (${BASELINE}, tsx)`, bin: path.join(worktree, 'scripts/charter/bin.mjs') },
    { name: 'source (type stripping)', bin: path.join(ROOT, 'scripts/charter/bin.mjs') },
    { name: 'packed (dist/)', bin: path.join(packed, 'bin.mjs') },
  ];
  const rows: string[][] = [];
  const medians = new Map<string, number>();
  for (const flag of ['--help', '--version']) {
    for (const v of variants) {
      const times: number[] = [];
      // One warm-up run fills the OS page cache, as for a user's second invocation.
      await measure(node, [v.bin, flag], { cwd: tmp });
      for (let i = 0; i < RUNS; i++) {
        const m = await measure(node, [v.bin, flag], { cwd: tmp });
        if (m.exitCode !== 0) throw new Error(`${v.name} ${flag} exited ${m.exitCode}: ${m.stderr}`);
        times.push(m.wallMs);
      }
      medians.set(`${v.name} ${flag}`, median(times));
    }
    const base = medians.get(`${variants[0]!.name} ${flag}`)!;
    for (const v of variants) {
      const ms = medians.get(`${v.name} ${flag}`)!;
      rows.push([`charter ${flag}`, v.name, `${ms.toFixed(0)} ms`, `${(ms / base).toFixed(2)}×`]);
    }
  }
  process.stdout.write(`charter start time, median of ${RUNS} runs (node ${process.version}, ${os.cpus().length} cores)\n\n`);
  process.stdout.write(`${table(['command', 'build', 'median', 'vs baseline'], rows)}\n\n`);
  const packedHelp = medians.get(`${variants[2]!.name} --help`)!;
  const ok = packedHelp < TARGET_MS;
  process.stdout.write(`${ok ? '✔' : '✖'} packed charter --help: ${packedHelp.toFixed(0)} ms (target < ${TARGET_MS} ms)\n`);
  if (!ok) process.exitCode = 1;
} finally {
  try {
    execFileSync('git', ['worktree', 'remove', '--force', worktree], { cwd: ROOT, stdio: 'ignore' });
  } catch {
    // Already gone.
  }
  fs.rmSync(tmp, { recursive: true, force: true });
}
