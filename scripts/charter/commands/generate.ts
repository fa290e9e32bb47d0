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
import { loadContract, getPointer, type LoadedContract } from '../loader/load.ts';
import { bundleContract } from '../loader/bundle.ts';
import { ContractError } from '../loader/errors.ts';
import type { Location } from '../loader/source.ts';
import { expandCatalogue, loadCatalogue, operationCodes, type ErrorCatalogue } from '../loader/catalogue.ts';
import { canBeSent, listOperations, type OperationView } from '../model/openapi.ts';
import { brokenDefaults } from '../emit/validation.ts';
import { validateOpenApiForGenerate } from '../model/validate.ts';
import { emitServer } from '../emit/server.ts';
import { emitErrors } from '../emit/errors.ts';
import { emitEvents, eventsWarnings } from '../emit/events.ts';
import { emitClient, heyApiRequestFunctions, HeyApiError } from '../emit/client.ts';
import { emitSdk, readHeyApiFunctions } from '../emit/sdk.ts';
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
  /** What an emitter warned about (hey-api's warnings), each as `file[:line:col]: warning: …`, to be printed. */
  warnings: string[];
}

/** A contract as generated headers name it: relative to the project root, so output does not depend on the working directory. */
function displayPath(file: string, root: string): string {
  const rel = path.relative(root, path.resolve(file));
  return (rel.startsWith('..') ? path.basename(file) : rel).split(path.sep).join('/');
}

/** A location as the user reads it: a file inside the working directory relative to it. */
function shown(loc: Location): Location {
  const abs = path.resolve(loc.file);
  const rel = path.relative(process.cwd(), abs);
  return { ...loc, file: rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel : loc.file };
}

function formatLocation(loc: Location): string {
  const l = shown(loc);
  return [l.file, l.line, l.line && l.column].filter((x) => x !== undefined && x !== '').join(':');
}

/**
 * A contract as generate reads it: loaded with every `$ref` problem collected, refused if it has
 * any (all of them listed, each at its `$ref`, as lint's ref-exists and no-remote-refs report
 * them), then bundled into one self-contained document. The result is the loaded contract with
 * the bundle as its document and the bundle's locations, so the checks and emitters that take a
 * LoadedContract see every file's content and still report the file and line it is written at.
 */
function readContract(file: string): LoadedContract {
  const c = loadContract(file, { collectRefProblems: true });
  if (c.refProblems.length) {
    // In file order (the entry first, then as the loader reached them), then line by line.
    const order = [...c.sources.keys()];
    const rank = (e: ContractError) => order.indexOf(path.resolve(e.location.file));
    const errors = c.refProblems.map((p) => p.error).sort((a, b) => rank(a) - rank(b) || (a.location.line ?? 0) - (b.location.line ?? 0) || (a.location.column ?? 0) - (b.location.column ?? 0));
    const [first, ...rest] = errors;
    let message = first!.message;
    if (rest.length) {
      const more = rest.slice(0, 5).map((e) => `${formatLocation(e.location)}: ${e.message}`).join('; ');
      message += ` (and ${rest.length} more: ${more}${rest.length > 5 ? '; …' : ''})`;
    }
    const hint = [first!.hint, 'Generation needs every reference resolved; `charter lint` lists each one.'].filter(Boolean).join(' ');
    throw new ContractError(message, shown(first!.location), hint);
  }
  const bundle = bundleContract(c);
  return {
    ...c,
    doc: bundle.doc,
    locate: (pointer: string, f?: string) => shown(f ? c.locate(pointer, f) : bundle.locate(pointer)),
  };
}

/** Keys under which a value is a schema, or a map or list of schemas, inside a schema. */
const SCHEMA_VALUE = new Set(['items', 'additionalProperties', 'not', 'if', 'then', 'else', 'contains', 'propertyNames', 'unevaluatedItems', 'unevaluatedProperties', 'contentSchema', 'additionalItems']);
const SCHEMA_MAP = new Set(['properties', 'patternProperties', '$defs', 'definitions', 'dependentSchemas']);
const SCHEMA_LIST = new Set(['allOf', 'anyOf', 'oneOf', 'prefixItems']);
const DATA_KEYS = new Set(['example', 'examples', 'default', 'const', 'enum', 'x-examples']);
const COMPONENT_KIND: Record<string, string> = {
  headers: 'a header', parameters: 'a parameter', responses: 'a response', requestBodies: 'a request body', examples: 'an example',
  securitySchemes: 'a security scheme', links: 'a link', callbacks: 'a callback', pathItems: 'a path item',
};

/**
 * A schema `$ref` must name a schema. One that names a whole header, parameter or response
 * component (`schema: { $ref: '#/components/headers/RateLimit' }`) gives the server types a
 * header object printed as a type, and makes hey-api crash ("Symbol finalName has not been
 * resolved yet"), so it is refused here, at the `$ref`, with the schema it probably meant.
 */
function checkSchemaRefs(contract: LoadedContract): void {
  const doc = contract.doc;
  const problems: Array<{ pointer: string; message: string; hint: string }> = [];
  const seen = new Set<unknown>();
  const schema = (node: unknown, at: string, depth: number): void => {
    if (depth > 256 || node === null || typeof node !== 'object' || Array.isArray(node) || seen.has(node)) return;
    seen.add(node);
    const s = node as Record<string, unknown>;
    if (typeof s.$ref === 'string' && s.$ref.startsWith('#/components/')) {
      const m = /^#\/components\/([^/]+)\/([^/]+)$/.exec(s.$ref);
      if (m && m[1] !== 'schemas') {
        const target = getPointer(doc, s.$ref.slice(1)) as { schema?: unknown } | undefined;
        const kind = COMPONENT_KIND[m[1]!] ?? `a ${m[1]} component`;
        problems.push({
          pointer: `${at}/$ref`,
          message: `schema $ref "${s.$ref}" points at ${kind}, not a schema`,
          hint:
            target && typeof target === 'object' && target.schema !== undefined
              ? `Point it at the schema inside it: \`$ref: '${s.$ref}/schema'\`, or move that schema to #/components/schemas.`
              : 'A schema `$ref` must name a schema, e.g. one under #/components/schemas.',
        });
      }
    }
    for (const [k, v] of Object.entries(s)) {
      if (DATA_KEYS.has(k) || v === null || typeof v !== 'object') continue;
      const below = `${at}/${k.replace(/~/g, '~0').replace(/\//g, '~1')}`;
      if (SCHEMA_VALUE.has(k)) schema(v, below, depth + 1);
      else if (SCHEMA_MAP.has(k) && !Array.isArray(v)) for (const [n, x] of Object.entries(v)) schema(x, `${below}/${n.replace(/~/g, '~0').replace(/\//g, '~1')}`, depth + 1);
      else if (SCHEMA_LIST.has(k) && Array.isArray(v)) v.forEach((x, i) => schema(x, `${below}/${i}`, depth + 1));
    }
  };
  // Outside schemas, every `schema` key (of a parameter, header or media type) holds one.
  const outside = (node: unknown, at: string, depth: number): void => {
    if (depth > 64 || node === null || typeof node !== 'object') return;
    if (Array.isArray(node)) return node.forEach((x, i) => outside(x, `${at}/${i}`, depth + 1));
    for (const [k, v] of Object.entries(node as Record<string, unknown>)) {
      if (DATA_KEYS.has(k)) continue;
      const below = `${at}/${k.replace(/~/g, '~0').replace(/\//g, '~1')}`;
      if (k === 'schema') schema(v, below, 0);
      else if (at === '/components' && k === 'schemas') {
        if (v && typeof v === 'object') for (const [n, x] of Object.entries(v)) schema(x, `${below}/${n.replace(/~/g, '~0').replace(/\//g, '~1')}`, 0);
      } else outside(v, below, depth + 1);
    }
  };
  outside(doc, '', 0);
  if (!problems.length) return;
  const [first, ...rest] = problems.map((p) => ({ ...p, loc: contract.locate(p.pointer) }));
  let message = first!.message;
  if (rest.length) message += ` (and ${rest.length} more: ${rest.slice(0, 5).map((r) => `${formatLocation(r.loc)}: ${r.message}`).join('; ')}${rest.length > 5 ? '; …' : ''})`;
  throw new ContractError(message, first!.loc, first!.hint);
}

/** The first `#/…` pointer a hey-api message names (its symbols name the schema they stand for). */
function pointerIn(message: string): string | undefined {
  const m = /#(\/[^\s"'`\]),]*)/.exec(message);
  return m ? m[1] : undefined;
}

function opName(o: OperationView): string {
  return `${o.method.toUpperCase()} ${o.path}${o.declaredOperationId ? ` (${o.operationId})` : ''}`;
}

/** Run hey-api, turning its failure into a located ContractError and its warnings into located lines. */
async function runHeyApi(contract: LoadedContract, doc: Record<string, any>, sources: string[], x: ImportExtension, warnings: string[]): Promise<FileMap> {
  const where = (message: string): Location => {
    const p = pointerIn(message);
    const loc = p !== undefined && getPointer(doc, p) !== undefined ? contract.locate(p) : undefined;
    return loc ?? shown({ file: contract.file });
  };
  const warn = (message: string) => warnings.push(`${formatLocation(where(message))}: warning: hey-api: ${message}`);
  let client: FileMap;
  try {
    client = await emitClient(doc, sources, x, { onWarning: warn });
  } catch (e) {
    if (!(e instanceof HeyApiError)) throw e;
    for (const l of e.logs) if (l.level === 'warn') warn(l.message);
    const finalName = /finalName has not been resolved/.test(e.message);
    throw new ContractError(
      `hey-api, which generates the client SDK, failed on this contract: ${e.message}`,
      where(e.message),
      finalName
        ? 'hey-api could not name a type the document refers to. That happens when a `$ref` points at something that is not what its place needs (a schema `$ref` to a header or parameter, say). `charter lint` checks every reference; if it finds nothing, report the message above to hey-api with the contract.'
        : '`charter lint` reports what is wrong with the contract, located; if it finds nothing, report the message above to hey-api with the contract.',
    );
  }
  checkClientCoverage(contract, doc, client, warnings);
  return client;
}

/**
 * No false success from hey-api: its sdk.gen.ts must exist and hold a request function for
 * every operation of the contract, else generate fails at the first operation without one
 * (listing the others). An operation that hey-api serves but the typed SDK cannot wrap (a
 * signature it does not know) is a warning: the client has it, through sdk.gen.ts.
 */
export function checkClientCoverage(contract: LoadedContract, doc: Record<string, any>, client: FileMap, warnings: string[]): void {
  const sdk = client.get('client/sdk.gen.ts');
  const ops = listOperations(doc);
  if (ops.length && sdk === undefined) {
    throw new ContractError(
      `hey-api generated no client/sdk.gen.ts for the ${ops.length} operation${ops.length === 1 ? '' : 's'} of this contract`,
      shown({ file: contract.file }),
      'Run `charter lint` on the contract; if it is clean, report this to hey-api with the contract.',
    );
  }
  const functions = heyApiRequestFunctions(sdk ?? '');
  const without = ops.filter((o) => !functions.has(`${o.method} ${o.path}`));
  if (without.length) {
    const [first, ...rest] = without.map((o) => ({ o, loc: contract.locate(o.pointer) }));
    let message = `hey-api generated no SDK function for ${opName(first!.o)}`;
    if (rest.length) message += ` (and ${rest.length} more: ${rest.slice(0, 5).map((r) => `${formatLocation(r.loc)}: ${opName(r.o)}`).join('; ')}${rest.length > 5 ? '; …' : ''})`;
    throw new ContractError(message, first!.loc, 'The client would lack these operations. Check the operation with `charter lint`; if it is clean, report it to hey-api with the contract.');
  }
  // The typed SDK (charter.ts) wraps the functions whose signature it knows (plain requests and
  // server-sent event streams); any other is still in hey-api's sdk.gen.ts, and listed in client/README.md.
  const wrapped = readHeyApiFunctions(sdk ?? '');
  for (const o of ops) {
    if (wrapped.has(`${o.method} ${o.path}`)) continue;
    warnings.push(`${formatLocation(contract.locate(o.pointer))}: warning: the typed SDK (client/charter.ts) has no method for ${opName(o)}; call hey-api's \`${functions.get(`${o.method} ${o.path}`)}\` from client/sdk.gen.ts instead`);
  }
}

/**
 * What the generated server reads differently from the contract's letter, located: a path
 * parameter the template does not name (it can never be sent, so it is not required), and a
 * `default` that fails its own schema (it is not applied).
 */
export function serverWarnings(contract: LoadedContract, warnings: string[]): void {
  for (const o of listOperations(contract.doc)) {
    for (const p of o.parameters) {
      if (canBeSent(p)) continue;
      warnings.push(`${formatLocation(contract.locate(p.pointer))}: warning: path parameter "${p.name}" of ${opName(o)} is not in the template ${o.path}, so no request can carry it; the generated server does not require it (add {${p.name}} to the path or remove the parameter)`);
    }
  }
  for (const pointer of brokenDefaults(contract.doc)) {
    warnings.push(`${formatLocation(contract.locate(pointer))}: warning: this default does not match its own schema, so the generated server does not apply it (fix the default or the schema)`);
  }
}

/**
 * Run every emitter over the given contracts and return the files they produce. Each contract
 * is bundled first (a multi-file contract becomes one self-contained document), so every
 * emitter, hey-api included, and openapi.json see the whole contract with local `$ref`s only.
 */
export async function generateFiles(inputs: string[], options: GenerateOptions = {}): Promise<GenerateResult> {
  const x = options.importExtension ?? '.js';
  const root = options.root ?? process.cwd();
  let openapi: LoadedContract | undefined;
  let asyncapi: LoadedContract | undefined;
  for (const file of inputs) {
    const c = readContract(file);
    if (c.kind === 'openapi') {
      if (openapi) throw new ContractError(`only one OpenAPI document per output folder (already have ${openapi.file})`, { file });
      openapi = c;
    } else {
      if (asyncapi) throw new ContractError(`only one AsyncAPI document per output folder (already have ${asyncapi.file})`, { file });
      asyncapi = c;
    }
  }
  const files: FileMap = new Map();
  const warnings: string[] = [];
  let catalogue: ErrorCatalogue | undefined;
  if (openapi) {
    validateOpenApiForGenerate(openapi);
    checkSchemaRefs(openapi);
    catalogue = loadCatalogue(openapi);
    const sources = [displayPath(openapi.file, root), ...(catalogue ? [displayPath(catalogue.file, root)] : [])];
    const doc = catalogue ? expandCatalogue(openapi, catalogue) : openapi.doc;
    files.set('openapi.json', JSON.stringify(doc, null, 2) + '\n');
    for (const [f, text] of emitServer({ doc, sources, importExtension: x })) files.set(f, text);
    serverWarnings(openapi, warnings);
    const ops = listOperations(openapi.doc).map((o) => ({
      operationId: o.operationId,
      method: o.method,
      path: o.path,
      codes: catalogue ? operationCodes(o.op, catalogue, openapi.doc) : [],
    }));
    for (const [f, text] of emitErrors(catalogue, ops, sources)) files.set(f, text);
    const client = await runHeyApi(openapi, doc, sources, x, warnings);
    for (const [f, text] of client) files.set(f, text);
    for (const [f, text] of emitSdk({ doc, sources, heyApiSdk: client.get('client/sdk.gen.ts') ?? '', importExtension: x })) files.set(f, text);
  }
  for (const [f, text] of emitEvents(asyncapi?.doc, asyncapi ? [displayPath(asyncapi.file, root)] : [], x)) files.set(f, text);
  if (asyncapi) for (const w of eventsWarnings(asyncapi)) warnings.push(`${formatLocation(w)}: warning: ${w.message}`);
  return { files: new Map([...files.entries()].sort(([a], [b]) => a.localeCompare(b))), dependencies: runtimeDependencies(files), warnings };
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
    // Multipart bodies are read with busboy, imported on the first one: needed only when the contract takes them.
    if (files.get('openapi.json')?.includes('"multipart/form-data"')) add('busboy', '^1.6.0', 'server (multipart/form-data bodies)');
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

A contract split over several files is bundled first: every emitter, hey-api included, and
openapi.json get one self-contained document whose \$refs are all local. Generation stops, with
the file and line, on a \$ref that cannot be resolved, on a contract the output cannot survive
(duplicate operationIds, a server without a url, a schema \$ref to a header or parameter), on an
error from hey-api, and on an operation hey-api made no SDK function for. hey-api's warnings are
printed.

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
      const { files, dependencies, warnings } = await generateFiles(inputs, { importExtension, root: project.root });
      for (const w of warnings) process.stderr.write(`${w}\n`);
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
