/**
 * Wall time and peak memory of a child process, for the benchmarks. Uses GNU time when
 * it is installed (exact peak RSS from the kernel), otherwise polls /proc/<pid>/status.
 */
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';

export interface Measurement {
  wallMs: number;
  peakRssMb: number;
  exitCode: number | null;
  stderr: string;
}

const GNU_TIME = fs.existsSync('/usr/bin/time') && spawnSync('/usr/bin/time', ['-f', '%M', 'true']).status === 0 ? '/usr/bin/time' : undefined;

export async function measure(command: string, args: string[], opts: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): Promise<Measurement> {
  const marker = '__PEAK_KB__';
  const [cmd, argv] = GNU_TIME ? [GNU_TIME, ['-f', `${marker}%M`, command, ...args]] : [command, args];
  const started = performance.now();
  const child = spawn(cmd, argv, { cwd: opts.cwd, env: opts.env ?? process.env, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  let polledKb = 0;
  const poll = GNU_TIME
    ? undefined
    : setInterval(() => {
        try {
          const m = /VmHWM:\s+(\d+)/.exec(fs.readFileSync(`/proc/${child.pid}/status`, 'utf8'));
          if (m) polledKb = Math.max(polledKb, Number(m[1]));
        } catch {
          // The process has exited between two polls.
        }
      }, 20);
  const exitCode = await new Promise<number | null>((resolve) => child.on('close', resolve));
  const wallMs = performance.now() - started;
  if (poll) clearInterval(poll);
  let peakKb = polledKb;
  const m = new RegExp(`${marker}(\\d+)`).exec(stderr);
  if (m) {
    peakKb = Number(m[1]);
    stderr = stderr.replace(m[0], '');
  }
  return { wallMs, peakRssMb: peakKb / 1024, exitCode, stderr };
}

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/** A plain-text table with right-aligned numeric columns. */
export function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

/**
 * `--baseline <checkout>`: another checkout of Charter (e.g. `git worktree add /tmp/base <ref>`,
 * with node_modules linked) whose `charter` is measured beside this one in the same run.
 */
export function baselineCharter(argv: string[] = process.argv): { dir: string; bin: string } | undefined {
  const i = argv.indexOf('--baseline');
  if (i < 0) return undefined;
  const dir = argv[i + 1];
  if (!dir) throw new Error('--baseline needs the path of a Charter checkout');
  const bin = `${dir.replace(/\/$/, '')}/scripts/charter/bin.mjs`;
  if (!fs.existsSync(bin)) throw new Error(`--baseline ${dir}: no scripts/charter/bin.mjs there`);
  return { dir, bin };
}
