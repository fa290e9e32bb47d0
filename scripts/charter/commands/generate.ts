/**
 * `charter generate [--check]`: contracts → model → emitters → generated/.
 * Everything is produced in memory first, so a broken contract leaves no partial output,
 * and `--check` can compare byte for byte without writing.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { loadContract, type LoadedContract } from '../loader/load.ts';
import { ContractError } from '../loader/errors.ts';
import { expandCatalogue, loadCatalogue, operationCodes, type ErrorCatalogue } from '../loader/catalogue.ts';
import { listOperations } from '../model/openapi.ts';
import { validateOpenApiForGenerate } from '../model/validate.ts';
import { emitServer } from '../emit/server.ts';
import { emitErrors } from '../emit/errors.ts';
import { emitEvents } from '../emit/events.ts';
import { emitClient } from '../emit/client.ts';
import { emitSdk } from '../emit/sdk.ts';
import type { FileMap } from '../emit/header.ts';

export const DEFAULT_CONTRACTS = ['contracts/openapi.yaml', 'contracts/asyncapi.yaml'];
export const DEFAULT_OUT = 'generated';

export interface GenerateResult {
  files: FileMap;
}

function displayPath(file: string): string {
  const rel = path.relative(process.cwd(), path.resolve(file));
  return (rel.startsWith('..') ? path.basename(file) : rel).split(path.sep).join('/');
}

/** Run every emitter over the given contracts and return the files they produce. */
export async function generateFiles(inputs: string[]): Promise<GenerateResult> {
  let openapi: LoadedContract | undefined;
  let asyncapi: LoadedContract | undefined;
  for (const file of inputs) {
    const c = loadContract(file);
    if (c.kind === 'openapi') {
      if (openapi) throw new ContractError(`only one OpenAPI document per output folder (already have ${openapi.file})`, { file });
      openapi = c;
    } else {
      if (asyncapi) throw new ContractError(`only one AsyncAPI document per output folder (already have ${asyncapi.file})`, { file });
      asyncapi = c;
    }
  }
  const files: FileMap = new Map();
  let catalogue: ErrorCatalogue | undefined;
  if (openapi) {
    validateOpenApiForGenerate(openapi);
    catalogue = loadCatalogue(openapi);
    const sources = [displayPath(openapi.file), ...(catalogue ? [displayPath(catalogue.file)] : [])];
    const doc = catalogue ? expandCatalogue(openapi, catalogue) : openapi.doc;
    files.set('openapi.json', JSON.stringify(doc, null, 2) + '\n');
    for (const [f, text] of emitServer({ doc, sources })) files.set(f, text);
    const ops = listOperations(openapi.doc).map((o) => ({
      operationId: o.operationId,
      method: o.method,
      path: o.path,
      codes: catalogue ? operationCodes(o.op, catalogue) : [],
    }));
    for (const [f, text] of emitErrors(catalogue, ops, sources)) files.set(f, text);
    const client = await emitClient(doc, sources);
    for (const [f, text] of client) files.set(f, text);
    for (const [f, text] of emitSdk({ doc, sources, heyApiSdk: client.get('client/sdk.gen.ts') ?? '' })) files.set(f, text);
  }
  for (const [f, text] of emitEvents(asyncapi?.doc, asyncapi ? [displayPath(asyncapi.file)] : [])) files.set(f, text);
  return { files: new Map([...files.entries()].sort(([a], [b]) => a.localeCompare(b))) };
}

function listFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (sub: string): void => {
    const abs = path.join(dir, sub);
    if (!fs.existsSync(abs)) return;
    for (const e of fs.readdirSync(abs, { withFileTypes: true })) {
      const rel = sub ? `${sub}/${e.name}` : e.name;
      if (e.isDirectory()) walk(rel);
      else out.push(rel);
    }
  };
  walk('');
  return out.sort();
}

export interface Drift {
  changed: string[];
  missing: string[];
  extra: string[];
}

export function compareWithDisk(files: FileMap, outDir: string): Drift {
  const drift: Drift = { changed: [], missing: [], extra: [] };
  for (const [rel, text] of files) {
    const abs = path.join(outDir, rel);
    if (!fs.existsSync(abs)) drift.missing.push(rel);
    else if (fs.readFileSync(abs, 'utf8') !== text) drift.changed.push(rel);
  }
  for (const rel of listFiles(outDir)) if (!files.has(rel)) drift.extra.push(rel);
  return drift;
}

export function writeFiles(files: FileMap, outDir: string): { written: number; removed: number } {
  const drift = compareWithDisk(files, outDir);
  for (const rel of [...drift.changed, ...drift.missing]) {
    const abs = path.join(outDir, rel);
    fs.mkdirSync(path.dirname(abs), { recursive: true });
    fs.writeFileSync(abs, files.get(rel)!);
  }
  for (const rel of drift.extra) fs.rmSync(path.join(outDir, rel));
  return { written: drift.changed.length + drift.missing.length, removed: drift.extra.length };
}

export function registerGenerate(program: Command): void {
  program
    .command('generate')
    .description('Generate the client SDK, server bindings, error catalogue and event types from the contracts.')
    .argument('[contracts...]', 'OpenAPI and/or AsyncAPI files (default: contracts/openapi.yaml contracts/asyncapi.yaml)')
    .option('-o, --out <dir>', 'output folder', DEFAULT_OUT)
    .option('--check', 'write nothing; exit 1 and list the files that differ from what would be generated')
    .addHelpText(
      'after',
      `
Examples:
  $ charter generate                      # regenerate generated/ from contracts/
  $ charter generate --check              # CI: fail when generated/ has drifted
  $ charter generate api.yaml -o /tmp/sdk # any OpenAPI 3.x document

Exit codes: 0 ok (or no drift), 1 drift found with --check, 2 invalid contract or usage.`,
    )
    .action(async (contracts: string[], opts: { out: string; check?: boolean }) => {
      const inputs = contracts.length ? contracts : DEFAULT_CONTRACTS.filter((f) => fs.existsSync(f));
      if (!inputs.length) throw new ContractError('no contracts found', { file: 'contracts/' }, 'Pass contract files, or run from the project root.');
      const started = performance.now();
      const { files } = await generateFiles(inputs);
      if (opts.check) {
        const drift = compareWithDisk(files, opts.out);
        const total = drift.changed.length + drift.missing.length + drift.extra.length;
        if (total === 0) {
          process.stdout.write(`${opts.out}/ is up to date with ${inputs.join(', ')} (${files.size} files)\n`);
          return;
        }
        process.stderr.write(`${opts.out}/ has drifted from the contracts (${total} file${total === 1 ? '' : 's'}):\n`);
        for (const f of drift.changed) process.stderr.write(`  changed  ${opts.out}/${f}\n`);
        for (const f of drift.missing) process.stderr.write(`  missing  ${opts.out}/${f}\n`);
        for (const f of drift.extra) process.stderr.write(`  extra    ${opts.out}/${f}\n`);
        process.stderr.write('Run `npx charter generate` and commit the result. Never edit generated/ by hand.\n');
        process.exitCode = 1;
        return;
      }
      const { written, removed } = writeFiles(files, opts.out);
      const ms = Math.round(performance.now() - started);
      process.stdout.write(`generated ${files.size} files into ${opts.out}/ (${written} written, ${removed} removed, ${files.size - written} unchanged) in ${ms} ms\n`);
    });
}
