/**
 * The generated code a mock runs on: `charter generate` for the contract into a cache folder
 * (`node_modules/.cache/charter-mock/<hash>` in the project, so the generated server resolves
 * express and ajv as the project's own generated code does; the OS temp folder when there is no
 * node_modules), then each TypeScript file transpiled to JavaScript beside it, so plain Node
 * imports it whatever its type-stripping rules for node_modules are. The hash covers the
 * contract's files (every file its `$ref`s reach) and the toolchain that generates, so an edited
 * contract or a newer Charter never serves stale bindings; an unchanged one is not regenerated.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { generateFiles } from '../commands/generate.ts';
import { loadContract } from '../loader/load.ts';
import { ContractError } from '../loader/errors.ts';
import { VERSION } from '../version.ts';

export interface MockBuild {
  /** The folder holding server/, client/, errors/ and openapi.json (as .ts and .js). */
  dir: string;
  /** The bundled, catalogue-expanded contract the generated server validates against. */
  doc: Record<string, any>;
  hash: string;
  /** Whether this call generated the files (false: they were in the cache). */
  generated: boolean;
  /** What generate warned about. */
  warnings: string[];
}

let toolchainHash: string | undefined;

/** A hash of the toolchain's own code that shapes generated output (emitters, runtimes, loader, model). */
function toolchain(): string {
  if (toolchainHash) return toolchainHash;
  const h = crypto.createHash('sha256').update(VERSION);
  const here = path.dirname(fileURLToPath(import.meta.url));
  for (const dir of ['../emit', '../loader', '../model', '../commands/generate.ts', '.']) {
    const abs = path.resolve(here, dir);
    const files = fs.existsSync(abs) && fs.statSync(abs).isDirectory()
      ? fs.readdirSync(abs, { recursive: true, encoding: 'utf8' }).map((f) => path.join(abs, f)).filter((f) => /\.(ts|js)$/.test(f)).sort()
      : fs.existsSync(abs) ? [abs] : [];
    for (const f of files) h.update(f.slice(here.length)).update(fs.readFileSync(f));
  }
  toolchainHash = h.digest('hex');
  return toolchainHash;
}

/** Where mock bindings are cached for a project root. */
export function cacheRoot(projectRoot: string): string {
  const nm = path.join(projectRoot, 'node_modules');
  return fs.existsSync(nm) ? path.join(nm, '.cache', 'charter-mock') : path.join(os.tmpdir(), 'charter-mock');
}

/** The hash of a contract (all the files it is made of) with the toolchain. */
export function contractHash(file: string, contract = loadContract(file)): string {
  const h = crypto.createHash('sha256').update(toolchain());
  for (const [abs, source] of [...contract.sources.entries()].sort(([a], [b]) => a.localeCompare(b))) {
    h.update(abs).update('\0').update(source.text ?? '').update('\0');
  }
  return h.digest('hex').slice(0, 16);
}

const COMPILER: ts.CompilerOptions = { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022, sourceMap: false, removeComments: false };

/** Generate (or find in the cache) the bindings of a contract, ready to import. */
export async function buildMock(file: string, options: { projectRoot: string; cacheDir?: string }): Promise<MockBuild> {
  const contract = loadContract(file);
  if (contract.kind !== 'openapi') {
    throw new ContractError('not an OpenAPI document: `charter mock` serves the operations of an OpenAPI contract', { file: path.relative(process.cwd(), file) || file }, 'Pass an OpenAPI 3.x file (AsyncAPI contracts have no HTTP operations to mock).');
  }
  const hash = contractHash(file, contract);
  const dir = path.join(options.cacheDir ?? cacheRoot(options.projectRoot), hash);
  const marker = path.join(dir, '.complete');
  if (fs.existsSync(marker)) {
    return { dir, doc: JSON.parse(fs.readFileSync(path.join(dir, 'openapi.json'), 'utf8')), hash, generated: false, warnings: JSON.parse(fs.readFileSync(marker, 'utf8')) as string[] };
  }
  const { files, warnings } = await generateFiles([file], { importExtension: '.js', root: options.projectRoot });
  if (!files.has('server/index.ts')) throw new ContractError('charter generate produced no server bindings for this contract', { file: path.relative(process.cwd(), file) || file });
  // Written beside and renamed into place, so two mocks starting at once never import half a folder.
  const tmp = `${dir}.tmp-${process.pid}-${Date.now()}`;
  fs.rmSync(tmp, { recursive: true, force: true });
  for (const [rel, text] of files) {
    const out = path.join(tmp, rel);
    fs.mkdirSync(path.dirname(out), { recursive: true });
    fs.writeFileSync(out, text);
    if (rel.endsWith('.ts') && !rel.endsWith('.d.ts')) {
      const js = ts.transpileModule(text, { compilerOptions: COMPILER, fileName: rel }).outputText;
      fs.writeFileSync(out.replace(/\.ts$/, '.js'), js);
    }
  }
  fs.writeFileSync(path.join(tmp, 'package.json'), '{ "type": "module", "private": true }\n');
  fs.writeFileSync(path.join(tmp, '.complete'), JSON.stringify(warnings));
  if (fs.existsSync(marker)) {
    // Another process put the same build in place meanwhile (and may be importing it): keep theirs.
    fs.rmSync(tmp, { recursive: true, force: true });
  } else {
    // A folder without the marker is a leftover of an interrupted build.
    fs.rmSync(dir, { recursive: true, force: true });
    try {
      fs.renameSync(tmp, dir);
    } catch (e) {
      if (!fs.existsSync(marker)) throw e;
      fs.rmSync(tmp, { recursive: true, force: true });
    }
  }
  return { dir, doc: JSON.parse(files.get('openapi.json')!), hash, generated: true, warnings };
}
