/**
 * `charter generate [--check]`: contracts → model → emitters → the output folder.
 * Everything is produced in memory first, so a broken contract leaves no partial output,
 * and `--check` can compare byte for byte without writing.
 *
 * The contracts, the output folder and the import style come from charter.config.yaml
 * (`contracts`, `output`, `generate.importExtension`); positional contracts, `-o` and
 * `--import-extension` override it.
 */
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import type { Command } from 'commander';
import { contractFiles, loadProjectConfig, noContractsError, CONFIG_FILE } from '../config/project.ts';
import { generateConfigOf, importExtensionOf, type ImportExtension } from '../emit/config.ts';
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

export interface GenerateOptions {
  /** The extension of relative imports in generated code (default `.js`; see emit/config.ts). */
  importExtension?: ImportExtension;
  /** The folder generated headers name contracts relative to (the project root; default: the working directory). */
  root?: string;
}

export interface GenerateResult {
  files: FileMap;
  /** What the generated code imports at run time, and which part needs it. */
  dependencies: RuntimeDependency[];
}

/** A contract as generated headers name it: relative to the project root, so output does not depend on the working directory. */
function displayPath(file: string, root: string): string {
  const rel = path.relative(root, path.resolve(file));
  return (rel.startsWith('..') ? path.basename(file) : rel).split(path.sep).join('/');
}

/** Run every emitter over the given contracts and return the files they produce. */
export async function generateFiles(inputs: string[], options: GenerateOptions = {}): Promise<GenerateResult> {
  const x = options.importExtension ?? '.js';
  const root = options.root ?? process.cwd();
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
    const sources = [displayPath(openapi.file, root), ...(catalogue ? [displayPath(catalogue.file, root)] : [])];
    const doc = catalogue ? expandCatalogue(openapi, catalogue) : openapi.doc;
    files.set('openapi.json', JSON.stringify(doc, null, 2) + '\n');
    for (const [f, text] of emitServer({ doc, sources, importExtension: x })) files.set(f, text);
    const ops = listOperations(openapi.doc).map((o) => ({
      operationId: o.operationId,
      method: o.method,
      path: o.path,
      codes: catalogue ? operationCodes(o.op, catalogue) : [],
    }));
    for (const [f, text] of emitErrors(catalogue, ops, sources)) files.set(f, text);
    const client = await emitClient(doc, sources, x);
    for (const [f, text] of client) files.set(f, text);
    for (const [f, text] of emitSdk({ doc, sources, heyApiSdk: client.get('client/sdk.gen.ts') ?? '', importExtension: x })) files.set(f, text);
  }
  for (const [f, text] of emitEvents(asyncapi?.doc, asyncapi ? [displayPath(asyncapi.file, root)] : [], x)) files.set(f, text);
  return { files: new Map([...files.entries()].sort(([a], [b]) => a.localeCompare(b))), dependencies: runtimeDependencies(files) };
}

/** A package the generated code imports, the part of it that does, and whether only tsc needs it. */
export interface RuntimeDependency {
  name: string;
  /** A range known to work, for the `npm install` line. */
  range: string;
  neededBy: string;
  /** Types only: needed to compile, not to run (a devDependency). */
  types?: boolean;
}

/**
 * What the generated files import. The server runtime needs Express, its OpenAPI validator and
 * ajv; the events runtime needs ajv and nats (its NATS transport is part of the same module, and
 * its types name nats' types, so nats is needed to compile even by an app that only uses the
 * in-process transport); the client needs nothing but `fetch`. Express 5 ships no types.
 */
export function runtimeDependencies(files: FileMap): RuntimeDependency[] {
  const deps: RuntimeDependency[] = [];
  const add = (name: string, range: string, neededBy: string, types?: boolean): void => {
    const hit = deps.find((d) => d.name === name);
    if (hit) hit.neededBy += `, ${neededBy}`;
    else deps.push({ name, range, neededBy, ...(types && { types }) });
  };
  if (files.has('server/runtime.ts')) {
    for (const [n, r] of [['express', '^5.1.0'], ['express-openapi-validator', '^5.5.0'], ['ajv', '^8.17.0'], ['ajv-formats', '^3.0.1']] as const) add(n, r, 'server');
  }
  if (files.has('events/runtime.ts')) {
    for (const [n, r] of [['ajv', '^8.17.0'], ['ajv-formats', '^3.0.1'], ['nats', '^2.29.0']] as const) add(n, r, 'events');
  }
  if (files.has('server/runtime.ts')) add('@types/express', '^5.0.0', 'server', true);
  if (files.has('server/runtime.ts') || files.has('events/runtime.ts')) add('@types/node', '>=22', files.has('server/runtime.ts') ? 'server' : 'events', true);
  return deps;
}

/**
 * The dependencies Node would not find from `outDir`, resolving as the generated code will.
 * `require.resolve` refuses an ESM-only package's entry point (ERR_PACKAGE_PATH_NOT_EXPORTED)
 * although the package is there, and a types-only package has no entry point at all; both
 * count as present, so only a package that is not installed is reported.
 */
export function missingDependencies(deps: RuntimeDependency[], outDir: string): RuntimeDependency[] {
  const req = createRequire(path.join(path.resolve(outDir), 'index.js'));
  const found = (spec: string): boolean => {
    try {
      req.resolve(spec);
      return true;
    } catch (err) {
      return (err as { code?: string }).code === 'ERR_PACKAGE_PATH_NOT_EXPORTED';
    }
  };
  return deps.filter((d) => !found(d.name) && !found(`${d.name}/package.json`));
}

/** The loud, one-block warning for missing dependencies, with the install lines. */
export function missingDependenciesMessage(missing: RuntimeDependency[], outDir: string): string {
  const run = missing.filter((d) => !d.types);
  const dev = missing.filter((d) => d.types);
  const lines = [`warning: the generated code in ${outDir}/ imports packages that are not installed: ${missing.map((d) => `${d.name} (${d.neededBy})`).join(', ')}.`];
  lines.push('It will not compile or run until they are. Install them in the package that holds it:');
  if (run.length) lines.push(`  npm install ${run.map((d) => `${d.name}@'${d.range}'`).join(' ')}`);
  if (dev.length) lines.push(`  npm install --save-dev ${dev.map((d) => `${d.name}@'${d.range}'`).join(' ')}`);
  return lines.join('\n') + '\n';
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

interface GenerateCommandOptions {
  out?: string;
  check?: boolean;
  importExtension?: string;
}

/** Quote a command-line argument for a POSIX shell when it needs it. */
function shellArg(arg: string): string {
  return /^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`;
}

export function registerGenerate(program: Command): void {
  program
    .command('generate')
    .description('Generate the client SDK, server bindings, error catalogue and event types from the contracts.')
    .argument('[contracts...]', `OpenAPI and/or AsyncAPI files (default: contracts in ${CONFIG_FILE}, else contracts/openapi.yaml contracts/asyncapi.yaml)`)
    .option('-o, --out <dir>', `output folder (default: output in ${CONFIG_FILE}, else generated)`)
    .option('--import-extension <ext>', 'extension of relative imports in generated code: .js or .ts (default: generate.importExtension, else .js)')
    .option('--check', 'write nothing; exit 1 and list the files that differ from what would be generated')
    .addHelpText(
      'after',
      `
Examples:
  $ charter generate                      # regenerate the output folder from the configured contracts
  $ charter generate --check              # CI: fail when the output folder has drifted
  $ charter generate api.yaml -o /tmp/sdk # any OpenAPI 3.x document

Relative imports in generated code end in .js by default: that compiles with moduleResolution
NodeNext, Node16 or bundler and runs after tsc. With .ts it also runs under \`node file.ts\`, and
tsconfig.json needs rewriteRelativeImportExtensions (or allowImportingTsExtensions).

After writing, generate checks that the packages the generated code imports (express,
express-openapi-validator, ajv, ajv-formats; nats for events) resolve from the output folder,
and prints a warning with the npm install line when some do not. --check reports drift only.

Exit codes: 0 ok (or no drift), 1 drift found with --check, 2 invalid contract, config or usage.`,
    )
    .action(async (contracts: string[], opts: GenerateCommandOptions, cmd: Command) => {
      const explicitConfig = (cmd.optsWithGlobals() as { config?: string }).config;
      const project = loadProjectConfig(explicitConfig ? { explicit: explicitConfig } : {});
      const inputs = contractFiles(project, contracts);
      if (!inputs.length) throw noContractsError(project);
      const outDir = opts.out !== undefined ? path.resolve(opts.out) : project.output;
      const out = project.display(outDir);
      const importExtension =
        opts.importExtension !== undefined
          ? importExtensionOf(opts.importExtension, () => ({ file: '--import-extension' }))
          : generateConfigOf(project).importExtension;
      const started = performance.now();
      const { files, dependencies } = await generateFiles(inputs, { importExtension, root: project.root });
      if (opts.check) {
        const drift = compareWithDisk(files, outDir);
        const total = drift.changed.length + drift.missing.length + drift.extra.length;
        const shownInputs = inputs.map((f) => project.display(f)).join(', ');
        if (total === 0) {
          process.stdout.write(`${out}/ is up to date with ${shownInputs} (${files.size} files)\n`);
          return;
        }
        process.stderr.write(`${out}/ has drifted from the contracts (${total} file${total === 1 ? '' : 's'}):\n`);
        for (const f of drift.changed) process.stderr.write(`  changed  ${out}/${f}\n`);
        for (const f of drift.missing) process.stderr.write(`  missing  ${out}/${f}\n`);
        for (const f of drift.extra) process.stderr.write(`  extra    ${out}/${f}\n`);
        // The same command without --check, from the same folder, regenerates what was checked.
        const rerun = ['npx', 'charter', ...(explicitConfig ? ['--config', explicitConfig] : []), 'generate', ...contracts, ...(opts.out !== undefined ? ['-o', opts.out] : []), ...(opts.importExtension !== undefined ? ['--import-extension', opts.importExtension] : [])];
        process.stderr.write(`Run \`${rerun.map(shellArg).join(' ')}\` and commit the result. Never edit ${out}/ by hand.\n`);
        process.exitCode = 1;
        return;
      }
      const { written, removed } = writeFiles(files, outDir);
      const ms = Math.round(performance.now() - started);
      process.stdout.write(`generated ${files.size} files into ${out}/ (${written} written, ${removed} removed, ${files.size - written} unchanged) in ${ms} ms\n`);
      const missing = missingDependencies(dependencies, outDir);
      if (missing.length) process.stderr.write(missingDependenciesMessage(missing, out));
    });
}
