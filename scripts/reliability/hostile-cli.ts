/**
 * The charter CLI against hostile input: every document of ../shared/corpus (generate and lint;
 * diff on the version pairs) plus generated malicious contracts ($ref cycle, 100-level nesting,
 * a 50 MB string, a YAML alias bomb, a remote $ref to a blocked host, a file that is not YAML).
 * Invariants: exit 0, 1 or 2 within the time bound; no stack trace; a failure names the file
 * (a located message); peak RSS stays bounded.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { measure } from '../bench/measure.ts';
import type { Check } from './checks.ts';
import { REPO_ROOT } from './contract-operations.ts';

const BIN = path.join(REPO_ROOT, 'scripts/charter/bin.mjs');
export const CORPUS = path.resolve(REPO_ROOT, '../shared/corpus');
const STACK_TRACE = /\n\s+at .+\(.*:\d+:\d+\)|\n\s+at .+:\d+:\d+|node:internal/;

/** Writes the malicious contracts into `dir` and returns their paths by name. */
export function writeHostileContracts(dir: string): Record<string, string> {
  fs.mkdirSync(dir, { recursive: true });
  const head = 'openapi: 3.1.0\ninfo: { title: hostile, version: "1" }\n';
  const files: Record<string, string> = {
    'ref-cycle.yaml': `${head}paths: {}\ncomponents:\n  schemas:\n    A: { $ref: '#/components/schemas/B' }\n    B: { $ref: '#/components/schemas/C' }\n    C: { $ref: '#/components/schemas/A' }\n`,
    'nesting-100.yaml': `${head}paths: {}\ncomponents:\n  schemas:\n    Deep: ${'{ type: object, properties: { a: '.repeat(100)}{ type: string }${' } }'.repeat(100)}\n`,
    'alias-bomb.yaml': `${head}x-bomb:\n  a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n${Array.from({ length: 8 }, (_, i) => `  ${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [${Array(9).fill(`*${String.fromCharCode(97 + i)}`).join(',')}]`).join('\n')}\npaths: {}\n`,
    'remote-ref.yaml': `${head}paths:\n  /x:\n    get:\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema: { $ref: 'http://169.254.169.254/latest/meta-data/schema.json' }\n`,
    'not-yaml.yaml': '\u0000\u0001\u0002 PK\u0003\u0004 binary junk {{{ [[[ :::\n\t- - -\n%YAML 9.9\n',
    'empty.yaml': '',
  };
  const out: Record<string, string> = {};
  for (const [name, text] of Object.entries(files)) {
    out[name] = path.join(dir, name);
    fs.writeFileSync(out[name]!, text);
  }
  // 50 MB in one string value: written in pieces so this process never holds it twice.
  const big = path.join(dir, 'string-50mb.yaml');
  const fd = fs.openSync(big, 'w');
  fs.writeSync(fd, `${head}paths: {}\ninfo2: "`);
  const chunk = 'x'.repeat(1 << 20);
  for (let i = 0; i < 50; i++) fs.writeSync(fd, chunk);
  fs.writeSync(fd, '"\n');
  fs.closeSync(fd);
  out['string-50mb.yaml'] = big;
  return out;
}

export interface CliCase {
  label: string;
  args: string[];
  /** The file a failure message must name. */
  file: string;
}

export function corpusCases(): CliCase[] {
  const cases: CliCase[] = [];
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'charter-rel-gen-'));
  // An empty pact folder: the repository's own pacts are about contracts/openapi.yaml, not the corpus.
  fs.mkdirSync(path.join(out, 'no-pacts'));
  for (const dir of ['openapi', 'asyncapi']) {
    for (const f of fs.readdirSync(path.join(CORPUS, dir)).filter((x) => /\.(ya?ml|json)$/.test(x)).sort()) {
      const file = path.join(CORPUS, dir, f);
      cases.push({ label: `generate ${dir}/${f}`, args: ['generate', file, '-o', path.join(out, f)], file });
      cases.push({ label: `lint ${dir}/${f}`, args: ['lint', file, '--no-color', '-q'], file });
    }
  }
  for (const f of fs.readdirSync(path.join(CORPUS, 'openapi-pairs')).filter((x) => x.endsWith('.base.yaml')).sort()) {
    const base = path.join(CORPUS, 'openapi-pairs', f);
    cases.push({ label: `diff openapi-pairs/${f.replace('.base.yaml', '')}`, args: ['diff', base, base.replace('.base.yaml', '.head.yaml'), '--no-color', '--pacts', path.join(out, 'no-pacts')], file: base });
  }
  return cases;
}

export function hostileCases(dir: string, options: { commands?: Array<'generate' | 'lint' | 'diff'>; skip?: string[] } = {}): CliCase[] {
  const files = writeHostileContracts(dir);
  const commands = options.commands ?? ['generate', 'lint', 'diff'];
  const cases: CliCase[] = [];
  for (const [name, file] of Object.entries(files)) {
    if (options.skip?.includes(name)) continue;
    if (commands.includes('generate')) cases.push({ label: `generate ${name}`, args: ['generate', file, '-o', path.join(dir, `out-${name}`)], file });
    if (commands.includes('lint')) cases.push({ label: `lint ${name}`, args: ['lint', file, '--no-color'], file });
    if (commands.includes('diff')) cases.push({ label: `diff ${name}`, args: ['diff', path.join(REPO_ROOT, 'contracts/openapi.yaml'), file, '--no-color'], file });
  }
  return cases;
}

export interface CliLimits {
  timeoutMs: number;
  maxRssMb: number;
  concurrency: number;
}

/** Runs each case in a child process (bounded concurrency) and checks exit code, time, RSS and message. */
export async function runCliCases(check: Check, cases: CliCase[], limits: CliLimits): Promise<void> {
  let peak = 0;
  let slowest = 0;
  const exits = new Map<string, number>();
  const queue = [...cases];
  const worker = async () => {
    for (let c = queue.shift(); c; c = queue.shift()) {
      const started = performance.now();
      // Through `sh -c 'exec … 1>&2'` so stdout (where lint and diff print) is read with stderr,
      // while exec keeps it one process and the peak RSS measured is the CLI's own.
      const child = measure('/bin/sh', ['-c', 'exec "$0" "$@" 1>&2', process.execPath, BIN, ...c.args], { cwd: REPO_ROOT, env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' } });
      let timer: NodeJS.Timeout | undefined;
      const result = await Promise.race([child, new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), limits.timeoutMs)))]);
      clearTimeout(timer);
      check.tried += 1;
      if (result === 'timeout') {
        check.fail(`${c.label}: no exit within ${limits.timeoutMs} ms (a hang)`);
        continue;
      }
      const ms = performance.now() - started;
      slowest = Math.max(slowest, ms);
      peak = Math.max(peak, result.peakRssMb);
      const code = result.exitCode ?? -1;
      exits.set(String(code), (exits.get(String(code)) ?? 0) + 1);
      const why = `${c.label}: exit ${code}, ${Math.round(ms)} ms, ${Math.round(result.peakRssMb)} MB\n  ${result.stderr.slice(0, 600)}`;
      check.expect([0, 1, 2].includes(code), () => `${why} (exit code outside 0/1/2)`);
      check.expect(!STACK_TRACE.test(result.stderr), () => `${why} (stack trace)`);
      check.expect(result.peakRssMb <= limits.maxRssMb, () => `${why} (peak RSS over ${limits.maxRssMb} MB)`);
      if (code === 2) check.expect(result.stderr.includes(path.basename(c.file)), () => `${why} (the message does not name the file)`);
    }
  };
  await Promise.all(Array.from({ length: limits.concurrency }, worker));
  check.note(`exit codes ${[...exits.entries()].map(([k, v]) => `${k}×${v}`).join(', ')}; slowest ${(slowest / 1000).toFixed(1)} s; peak RSS ${Math.round(peak)} MB`);
}
