/**
 * Benchmark: `charter lint` against Spectral's `spectral:oas` ruleset (@stoplight/spectral-cli,
 * the devDependency) on the largest corpus documents, both run as child processes in the same
 * run, interleaved. Prints wall time and peak RSS (medians over the runs) side by side with
 * the charter/spectral ratios, then checks the target: charter faster than Spectral on each
 * document. Exit 1 when a target is missed.
 *
 *   node --import tsx scripts/bench/lint.ts [--runs 3] [--docs openai.yaml,stripe-spec3.yaml] [--baseline <checkout>]
 *
 * With `--baseline`, that checkout's `charter lint` is measured in the same run too, and the
 * table gains its wall time and the ratio this / baseline.
 *
 * Both tools print their full default report (charter: text with code frames; Spectral:
 * stylish) to a pipe that is discarded. Both exit 1 when they find errors, which they do.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { baselineCharter, measure, median, table } from './measure.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const CORPUS = path.resolve(ROOT, '../shared/corpus/openapi');
const arg = (name: string, dflt: string) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1]! : dflt;
};
const RUNS = Number(arg('--runs', '3'));
const DOCS = arg('--docs', 'openai.yaml,stripe-spec3.yaml,github-api.github.com.json').split(',');
const node = process.execPath;
const spectralBin = path.join(ROOT, 'node_modules/@stoplight/spectral-cli/dist/index.js');
const haveSpectral = fs.existsSync(spectralBin);
if (!haveSpectral) console.log(`@stoplight/spectral-cli is not installed (${spectralBin}): charter is measured alone.\n`);

// Spectral needs a ruleset file; this one is exactly its built-in OpenAPI ruleset.
const rulesetDir = fs.mkdtempSync(path.join(os.tmpdir(), 'charter-bench-lint-'));
const ruleset = path.join(rulesetDir, '.spectral.yaml');
fs.writeFileSync(ruleset, 'extends: ["spectral:oas"]\n');

interface Tool {
  name: string;
  args: (file: string) => string[];
  env?: NodeJS.ProcessEnv;
}
const tools: Tool[] = [{ name: 'charter lint', args: (f) => [path.join(ROOT, 'scripts/charter/bin.mjs'), 'lint', f] }];
const baseline = baselineCharter();
if (baseline) tools.push({ name: 'charter lint (baseline)', args: (f) => [baseline.bin, 'lint', f] });
if (haveSpectral) {
  tools.push({ name: 'spectral lint (spectral:oas)', args: (f) => [spectralBin, 'lint', '-r', ruleset, f], env: { ...process.env, NO_COLOR: '1' } });
}

const rows: string[][] = [];
const checks: Array<[string, boolean]> = [];
for (const doc of DOCS) {
  const file = path.join(CORPUS, doc);
  if (!fs.existsSync(file)) throw new Error(`corpus document missing: ${file}`);
  const results = new Map<string, { wall: number[]; rss: number[] }>(tools.map((t) => [t.name, { wall: [], rss: [] }]));
  for (let i = 0; i < RUNS; i++) {
    for (const t of tools) {
      const m = await measure(node, t.args(file), { cwd: ROOT, env: t.env });
      if (m.exitCode === null || m.exitCode > 1) throw new Error(`${t.name} failed on ${doc} (exit ${m.exitCode}): ${m.stderr.slice(0, 2000)}`);
      results.get(t.name)!.wall.push(m.wallMs);
      results.get(t.name)!.rss.push(m.peakRssMb);
    }
  }
  const c = results.get(tools[0]!.name)!;
  const s = haveSpectral ? results.get(tools[tools.length - 1]!.name)! : undefined;
  const b = baseline ? results.get('charter lint (baseline)')! : undefined;
  const cw = median(c.wall);
  const cr = median(c.rss);
  const sw = s ? median(s.wall) : NaN;
  const sr = s ? median(s.rss) : NaN;
  const size = `${(fs.statSync(file).size / 1048576).toFixed(1)} MB`;
  rows.push([
    `${doc} (${size})`,
    `${(cw / 1000).toFixed(2)} s`,
    s ? `${(sw / 1000).toFixed(2)} s` : '-',
    s ? `${(cw / sw).toFixed(2)}` : '-',
    `${cr.toFixed(0)} MB`,
    s ? `${sr.toFixed(0)} MB` : '-',
    s ? `${(cr / sr).toFixed(2)}` : '-',
    ...(b ? [`${(median(b.wall) / 1000).toFixed(2)} s`, (cw / median(b.wall)).toFixed(2)] : []),
  ]);
  if (s) checks.push([`charter faster than Spectral on ${doc} (${(sw / cw).toFixed(1)}× faster)`, cw < sw]);
}

console.log(`charter lint vs spectral lint (spectral:oas), median of ${RUNS} run${RUNS === 1 ? '' : 's'}, same machine, same run\n`);
console.log(table(['document', 'charter', 'spectral', 'wall ratio', 'charter RSS', 'spectral RSS', 'RSS ratio', ...(baseline ? ['baseline', 'this / baseline'] : [])], rows));
console.log('\nratios are charter / spectral: below 1 means charter is faster or smaller.\n');
for (const [what, ok] of checks) console.log(`${ok ? '✔' : '✖'} ${what}`);
fs.rmSync(rulesetDir, { recursive: true, force: true });
if (checks.some(([, ok]) => !ok)) process.exitCode = 1;
