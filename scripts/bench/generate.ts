/**
 * Benchmark: `charter generate` against @hey-api/openapi-ts alone, on the largest corpus
 * documents, measured in the same run. Prints wall time and peak RSS (medians) and ratios.
 *
 *   npm run bench:generate [-- --runs 3] [--baseline <checkout>]
 *
 * With `--baseline`, that checkout's `charter generate` is measured in the same run too, and the
 * table gains its wall time and the ratio this / baseline.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { baselineCharter, measure, median, table } from './measure.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const CORPUS = path.resolve(ROOT, '../shared/corpus/openapi');
const DOCS = ['openai.yaml', 'github-api.github.com.json', 'stripe-spec3.yaml', 'twilio-api-v2010.json'];
const runsArg = process.argv.indexOf('--runs');
const RUNS = runsArg > 0 ? Number(process.argv[runsArg + 1]) : 3;
const node = process.execPath;
const baseline = baselineCharter();

const rows: string[][] = [];
for (const doc of DOCS) {
  const file = path.join(CORPUS, doc);
  if (!fs.existsSync(file)) throw new Error(`corpus document missing: ${file}`);
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'charter-bench-gen-'));
  const charter = { wall: [] as number[], rss: [] as number[] };
  const hey = { wall: [] as number[], rss: [] as number[] };
  const before = { wall: [] as number[], rss: [] as number[] };
  for (let i = 0; i < RUNS; i++) {
    const a = await measure(node, [path.join(ROOT, 'scripts/charter/bin.mjs'), 'generate', file, '-o', out], { cwd: ROOT });
    if (a.exitCode !== 0) throw new Error(`charter generate failed on ${doc}: ${a.stderr}`);
    charter.wall.push(a.wallMs);
    charter.rss.push(a.peakRssMb);
    if (baseline) {
      const z = await measure(node, [baseline.bin, 'generate', file, '-o', out], { cwd: baseline.dir });
      if (z.exitCode !== 0) throw new Error(`baseline charter generate failed on ${doc}: ${z.stderr}`);
      before.wall.push(z.wallMs);
      before.rss.push(z.peakRssMb);
    }
    const b = await measure(node, [path.join(ROOT, 'scripts/bench/hey-api-only.mjs'), file], { cwd: ROOT });
    if (b.exitCode !== 0) throw new Error(`hey-api failed on ${doc}: ${b.stderr}`);
    hey.wall.push(b.wallMs);
    hey.rss.push(b.peakRssMb);
  }
  fs.rmSync(out, { recursive: true, force: true });
  const size = (fs.statSync(file).size / 1048576).toFixed(1);
  const [cw, hw, cr, hr] = [median(charter.wall), median(hey.wall), median(charter.rss), median(hey.rss)];
  rows.push([`${doc} (${size} MB)`, `${(cw / 1000).toFixed(2)} s`, `${(hw / 1000).toFixed(2)} s`, (cw / hw).toFixed(2), `${cr.toFixed(0)} MB`, `${hr.toFixed(0)} MB`, (cr / hr).toFixed(2), ...(baseline ? [`${(median(before.wall) / 1000).toFixed(2)} s`, (cw / median(before.wall)).toFixed(2)] : [])]);
}
console.log(`charter generate (all emitters: openapi.json, server, errors, events, hey-api client) vs @hey-api/openapi-ts alone; median of ${RUNS} runs, ${os.cpus().length} cores, Node ${process.version}\n`);
console.log(table(['document', 'charter', 'hey-api', 'ratio', 'charter peak', 'hey-api peak', 'ratio', ...(baseline ? ['baseline', 'this / baseline'] : [])], rows));
