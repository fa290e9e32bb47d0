/**
 * Benchmark: `charter diff` against `redocly diff` (@redocly/cli, the devDependency) on
 * the largest version pair of the corpus (openai-2026-08, ~2.8 MB per side), both run
 * as child processes in the same run. Prints wall time and peak RSS (medians over the
 * runs) and the charter/redocly ratios, then checks the targets: under 3 s, under
 * 500 MB, faster than Redocly. Exit 1 when a target is missed.
 *
 *   node --import tsx scripts/bench/diff.ts [--runs 3] [--pair openai-2026-08] [--baseline <checkout>]
 *
 * With `--baseline`, that checkout's `charter diff` (outside the project) is measured in the
 * same run too.
 *
 * `charter diff` is measured twice: outside the project (the diff alone) and from the
 * project root, where it also matches each finding against the consumer pacts in pacts/.
 * The targets apply to the first.
 *
 * Both tools print their full report (to a pipe that is discarded): text for charter,
 * stylish for redocly, their defaults.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { baselineCharter, measure, median, table } from './measure.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const PAIRS = path.resolve(ROOT, '../shared/corpus/openapi-pairs');
const arg = (name: string, dflt: string) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1]! : dflt;
};
const RUNS = Number(arg('--runs', '3'));
const PAIR = arg('--pair', 'openai-2026-08');
const base = path.join(PAIRS, `${PAIR}.base.yaml`);
const head = path.join(PAIRS, `${PAIR}.head.yaml`);
if (!fs.existsSync(base) || !fs.existsSync(head)) throw new Error(`corpus pair missing: ${base}`);
const node = process.execPath;
const redoclyBin = path.join(ROOT, 'node_modules/@redocly/cli/bin/cli.js');

interface Tool {
  name: string;
  args: string[];
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  /** Exit codes that mean "ran fine" (both exit 1 when they find breaking changes). */
  ok: number[];
}

const bin = path.join(ROOT, 'scripts/charter/bin.mjs');
const tools: Tool[] = [
  // Run outside the project, so no pacts/ folder: the diff alone.
  { name: 'charter diff', args: [bin, 'diff', base, head], cwd: os.tmpdir(), ok: [0, 1] },
  // Run from the project root: each finding is also matched against the recorded pacts.
  { name: 'charter diff + pacts/', args: [bin, 'diff', base, head], cwd: ROOT, ok: [0, 1] },
];
const baseline = baselineCharter();
if (baseline) tools.push({ name: 'charter diff (baseline)', args: [baseline.bin, 'diff', base, head], cwd: os.tmpdir(), ok: [0, 1] });
if (fs.existsSync(redoclyBin)) {
  tools.push({
    name: 'redocly diff',
    args: [redoclyBin, 'diff', base, head],
    env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true', NO_COLOR: '1' },
    ok: [0, 1],
  });
} else {
  console.log(`@redocly/cli is not installed (${redoclyBin}): charter is measured alone.`);
}

const results = new Map<string, { wall: number[]; rss: number[] }>();
for (let i = 0; i < RUNS; i++) {
  // Interleave the tools so that both see the same machine state.
  for (const t of tools) {
    const m = await measure(node, t.args, { cwd: t.cwd ?? ROOT, env: t.env });
    if (m.exitCode === null || !t.ok.includes(m.exitCode)) throw new Error(`${t.name} failed (exit ${m.exitCode}): ${m.stderr.slice(0, 2000)}`);
    if (!results.has(t.name)) results.set(t.name, { wall: [], rss: [] });
    results.get(t.name)!.wall.push(m.wallMs);
    results.get(t.name)!.rss.push(m.peakRssMb);
  }
}

const size = ((fs.statSync(base).size + fs.statSync(head).size) / 2 / 1048576).toFixed(1);
const c = results.get('charter diff')!;
const r = results.get('redocly diff');
const cw = median(c.wall);
const cr = median(c.rss);
const rows: string[][] = [];
for (const [name, m] of results) {
  const w = median(m.wall);
  const rss = median(m.rss);
  rows.push([name, `${(w / 1000).toFixed(2)} s`, `${rss.toFixed(0)} MB`, r ? (w / median(r.wall)).toFixed(2) : '-', r ? (rss / median(r.rss)).toFixed(2) : '-']);
}
console.log(`charter diff vs redocly diff on ${PAIR} (${size} MB per side), median of ${RUNS} runs, same machine, same run\n`);
console.log(table(['tool', 'wall', 'peak RSS', 'wall / redocly', 'RSS / redocly'], rows));

const checks: Array<[string, boolean]> = [
  [`charter under 3 s (${(cw / 1000).toFixed(2)} s)`, cw < 3000],
  [`charter under 500 MB (${cr.toFixed(0)} MB)`, cr < 500],
];
const bl = results.get('charter diff (baseline)');
if (bl) console.log(`\ncharter diff / baseline: wall ${(cw / median(bl.wall)).toFixed(2)}, peak RSS ${(cr / median(bl.rss)).toFixed(2)}`);
if (r) checks.push([`charter faster than redocly (${(cw / median(r.wall)).toFixed(2)}×)`, cw < median(r.wall)]);
console.log('');
for (const [what, ok] of checks) console.log(`${ok ? '✔' : '✖'} ${what}`);
if (checks.some(([, ok]) => !ok)) process.exitCode = 1;
