/**
 * Time to load and validate each corpus AsyncAPI document with Charter's reader (load + the
 * structure, ref-exists and no-remote-refs lint rules) and with @asyncapi/parser (parse, which
 * resolves and validates), in the same process, alternating, after one warm-up round each.
 *
 *   node_modules/.bin/node --import tsx test/asyncapi/parser-bench.ts [runs]
 *
 * Prints, per document: its size, the median of `runs` (default 9) for each, the first (cold)
 * call of each, and each side's verdict. The figures are in docs/architecture.md.
 */
import fs from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { Parser } from '@asyncapi/parser';
import { lintFile } from '../../scripts/charter/lint/engine.ts';
import { DEFAULT_CONFIG } from '../../scripts/charter/lint/config.ts';
import { RULES_BY_ID } from '../../scripts/charter/lint/rules/index.ts';
import { CORPUS, requireCorpus } from '../support/cli.ts';

requireCorpus();
const RUNS = Number(process.argv[2] ?? 9);
const files = [
  ...fs.readdirSync(path.join(CORPUS, 'asyncapi')).map((f) => path.join(CORPUS, 'asyncapi', f)),
  ...['backend', 'comments-service', 'frontend', 'notification-service', 'public-api'].map((s) => path.join(CORPUS, 'asyncapi-multifile/social-media', s, 'asyncapi.yaml')),
];
const offline = (uri: unknown) => {
  throw new Error(`remote reference ${String(uri)} is not fetched`);
};
const parser = new Parser({ __unstable: { resolver: { cache: false, resolvers: [{ schema: 'https', order: 1, read: offline }, { schema: 'http', order: 1, read: offline }] } } });
const rules = ['structure', 'ref-exists', 'no-remote-refs'].map((id) => RULES_BY_ID.get(id)!);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

const oursAll: number[] = [];
const theirsAll: number[] = [];
console.log(['document', 'bytes', 'charter median ms', 'parser median ms', 'charter first ms', 'parser first ms', 'charter', 'parser'].join('\t'));
for (const f of files) {
  const ours: number[] = [];
  const theirs: number[] = [];
  const first = [0, 0];
  let ourVerdict = '';
  let theirVerdict = '';
  for (let i = 0; i <= RUNS; i++) {
    let t = performance.now();
    const r = lintFile(f, DEFAULT_CONFIG, rules);
    const ms = performance.now() - t;
    if (i) ours.push(ms);
    else first[0] = ms;
    ourVerdict = r.fatal ? 'refused' : r.findings.some((x) => x.severity === 'error') ? 'errors' : 'valid';
    t = performance.now();
    const out = await parser.parse(fs.readFileSync(f, 'utf8'), { source: f });
    const pms = performance.now() - t;
    if (i) theirs.push(pms);
    else first[1] = pms;
    theirVerdict = out.diagnostics.some((d) => d.severity === 0) ? 'errors' : 'valid';
  }
  oursAll.push(median(ours));
  theirsAll.push(median(theirs));
  console.log([path.relative(CORPUS, f), fs.statSync(f).size, median(ours).toFixed(1), median(theirs).toFixed(1), first[0]!.toFixed(0), first[1]!.toFixed(0), ourVerdict, theirVerdict].join('\t'));
}
console.log(`median over documents: charter ${median(oursAll).toFixed(1)} ms, parser ${median(theirsAll).toFixed(1)} ms`);
