/**
 * `charter init [dir]`: start a contract-first project, or adopt Charter in an existing one.
 *
 * It never overwrites: a contract that already exists is kept and named in the config (so
 * running init in a repository that has contracts/openapi.yaml adopts it), an existing
 * tsconfig.json is kept and checked, an existing package.json only gains the scripts it lacks,
 * and a project that already has charter.config.yaml is refused. Everything is planned first
 * and written only when the plan holds, so a refusal leaves the folder as it was.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { CONFIG_FILE, displayPath } from '../config/project.ts';
import { ContractError } from '../loader/errors.ts';
import {
  asyncapiTemplate,
  configTemplate,
  DEV_DEPENDENCIES,
  errorsTemplate,
  EVENTS_DEPENDENCIES,
  NPM_SCRIPTS,
  openapiTemplate,
  RUNTIME_DEPENDENCIES,
  tsconfigTemplate,
  type InitOptions,
} from '../init/templates.ts';
import { VERSION } from '../version.ts';

export interface InitCommandOptions {
  asyncapi?: boolean;
  title?: string;
  install?: boolean;
}

export interface InitResult {
  dir: string;
  written: string[];
  kept: string[];
  notes: string[];
  missingDependencies: string[];
  missingDevDependencies: string[];
  /** Whether package.json was there before (then it was updated, not created). */
  packageJsonExisted: boolean;
}

interface PackageJson {
  name?: string;
  type?: string;
  scripts?: Record<string, string>;
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
  [k: string]: unknown;
}

function packageName(dir: string): string {
  const base = path.basename(path.resolve(dir)).toLowerCase().replace(/[^a-z0-9._-]+/g, '-').replace(/^[._-]+/, '');
  return base || 'my-api';
}

function titleOf(dir: string): string {
  const words = packageName(dir).split(/[-_.]+/).filter(Boolean);
  const t = words.map((w) => w[0]!.toUpperCase() + w.slice(1)).join(' ');
  return `${t || 'My'} API`;
}

/** Plan and write the scaffold; no process state is touched (tests call this directly). */
export function runInit(dirArg: string, opts: InitCommandOptions, cwd: string = process.cwd()): InitResult {
  const dir = path.resolve(cwd, dirArg);
  const show = (rel: string) => displayPath(path.join(dir, rel), cwd);
  if (fs.existsSync(dir) && !fs.statSync(dir).isDirectory()) throw new ContractError(`${dirArg} is a file, not a folder`, { file: dirArg });
  if (fs.existsSync(path.join(dir, CONFIG_FILE))) {
    throw new ContractError(`${show(CONFIG_FILE)} already exists: this project is already set up for Charter`, { file: show(CONFIG_FILE) }, 'Edit that file instead; init never overwrites anything.');
  }
  const options: InitOptions = { title: opts.title ?? titleOf(dir), asyncapi: opts.asyncapi === true };
  const files = new Map<string, string>();
  const kept: string[] = [];
  const notes: string[] = [];

  const openapiExists = fs.existsSync(path.join(dir, 'contracts/openapi.yaml'));
  if (openapiExists) {
    kept.push('contracts/openapi.yaml');
    notes.push('contracts/openapi.yaml exists: it is kept and named in charter.config.yaml.');
  } else {
    if (fs.existsSync(path.join(dir, 'contracts/errors.yaml'))) {
      throw new ContractError('contracts/errors.yaml exists but contracts/openapi.yaml does not', { file: show('contracts/errors.yaml') }, 'Move it aside or add the OpenAPI contract that uses it, then run init again.');
    }
    files.set('contracts/openapi.yaml', openapiTemplate(options));
    files.set('contracts/errors.yaml', errorsTemplate());
  }
  const asyncapiExists = fs.existsSync(path.join(dir, 'contracts/asyncapi.yaml'));
  if (asyncapiExists) kept.push('contracts/asyncapi.yaml');
  else if (options.asyncapi) files.set('contracts/asyncapi.yaml', asyncapiTemplate(options));
  files.set(CONFIG_FILE, configTemplate({ ...options, asyncapi: options.asyncapi || asyncapiExists }));

  const tsconfigPath = path.join(dir, 'tsconfig.json');
  if (fs.existsSync(tsconfigPath)) {
    kept.push('tsconfig.json');
    notes.push(...checkTsconfig(fs.readFileSync(tsconfigPath, 'utf8')));
  } else {
    files.set('tsconfig.json', tsconfigTemplate());
  }

  const pkgPath = path.join(dir, 'package.json');
  const packageJsonExisted = fs.existsSync(pkgPath);
  let pkg: PackageJson;
  let typeSet = false;
  if (fs.existsSync(pkgPath)) {
    try {
      pkg = JSON.parse(fs.readFileSync(pkgPath, 'utf8')) as PackageJson;
    } catch (e) {
      throw new ContractError(`package.json is not valid JSON: ${(e as Error).message}`, { file: show('package.json') }, 'Fix it, then run init again.');
    }
    if (pkg.type === undefined && !hasJavaScriptSources(dir)) {
      // No "type" and no JavaScript yet (a package.json from `npm init` or `npm install`):
      // nothing can break, and the generated code is ES modules.
      pkg.type = 'module';
      typeSet = true;
      notes.push('package.json: set "type": "module" (the generated code is ES modules).');
    } else if (pkg.type !== 'module') {
      notes.push('package.json is not "type": "module": the generated code is ES modules, so set it (or compile the generated folder as .mts).');
    }
  } else {
    pkg = { name: packageName(dir), version: '0.1.0', private: true, type: 'module' };
  }
  const scripts = { ...(pkg.scripts ?? {}) };
  const added: string[] = [];
  for (const [name, command] of Object.entries(NPM_SCRIPTS)) {
    if (scripts[name] === undefined) {
      scripts[name] = command;
      added.push(name);
    } else if (scripts[name] !== command) {
      notes.push(`package.json already has a "${name}" script; it is kept (Charter's would be: ${command}).`);
    }
  }
  const pkgChanged = added.length > 0 || !fs.existsSync(pkgPath) || typeSet;
  if (pkgChanged) files.set('package.json', `${JSON.stringify({ ...pkg, scripts }, null, 2)}\n`);

  const has = (name: string) => Boolean(pkg.dependencies?.[name] ?? pkg.devDependencies?.[name]);
  const runtime = [...RUNTIME_DEPENDENCIES, ...(options.asyncapi || asyncapiExists ? EVENTS_DEPENDENCIES : [])];
  const missingDependencies = runtime.filter((d) => !has(d));
  const missingDevDependencies = [`@charter/cli@^${VERSION}`, ...DEV_DEPENDENCIES].filter((d) => !has(d.replace(/(?<=.)@.*$/, '')));

  for (const [rel, text] of files) {
    const abs = path.join(dir, rel);
    fs.mkdirSync(path.dirname(abs), { recursive: true });
    // 'wx': a file that appeared since the plan was made is still never overwritten.
    if (rel === 'package.json') fs.writeFileSync(abs, text);
    else fs.writeFileSync(abs, text, { flag: 'wx' });
  }
  return { dir, written: [...files.keys()], kept, notes, missingDependencies, missingDevDependencies, packageJsonExisted };
}

/** Whether the project already has JavaScript of its own (whose module format a "type" change would flip). */
function hasJavaScriptSources(dir: string): boolean {
  for (const sub of ['.', 'src', 'lib']) {
    const abs = path.join(dir, sub);
    if (!fs.existsSync(abs) || !fs.statSync(abs).isDirectory()) continue;
    if (fs.readdirSync(abs).some((n) => /\.(c?js|jsx)$/.test(n))) return true;
  }
  return false;
}

/** What an existing tsconfig.json lacks for the generated code, as notes (JSON with comments allowed). */
function checkTsconfig(text: string): string[] {
  let config: { compilerOptions?: Record<string, unknown> };
  try {
    config = JSON.parse(text.replace(/\/\*[\s\S]*?\*\/|(?<![:"\w])\/\/.*$/gm, '').replace(/,\s*([}\]])/g, '$1'));
  } catch {
    return ['tsconfig.json could not be read as JSON; check that it uses module NodeNext (or ESNext with moduleResolution bundler).'];
  }
  const o = config.compilerOptions ?? {};
  const lower = (v: unknown) => (typeof v === 'string' ? v.toLowerCase() : undefined);
  const mod = lower(o.module);
  const resolution = lower(o.moduleResolution);
  const okResolution = mod === 'nodenext' || mod === 'node16' || mod === 'node18' || mod === 'node20' || resolution === 'bundler' || resolution === 'nodenext' || resolution === 'node16';
  // A tsconfig that extends another may get its module settings from there: nothing to say.
  const extended = (config as { extends?: unknown }).extends !== undefined;
  if (!okResolution && !extended) {
    return ['tsconfig.json is kept; the generated code needs "module": "NodeNext" (or "moduleResolution": "bundler").'];
  }
  return [];
}

export function registerInit(program: Command): void {
  program
    .command('init')
    .description('Scaffold a contract-first project: contracts/openapi.yaml (OpenAPI 3.1, one example resource), contracts/errors.yaml (the error catalogue), charter.config.yaml, a tsconfig.json and npm scripts. Never overwrites: existing contracts are adopted, an existing tsconfig.json and package.json scripts are kept.')
    .argument('[dir]', 'the project folder (created if missing)', '.')
    .option('--asyncapi', 'also scaffold contracts/asyncapi.yaml (AsyncAPI 3.0, one event)')
    .option('--title <title>', 'the API title (default: from the folder name)')
    .option('--install', 'run npm install for the runtime and dev dependencies the generated code needs')
    .addHelpText(
      'after',
      `
Examples:
  $ charter init                   # in the current folder
  $ charter init my-api --asyncapi # a new folder, with an events contract too
  $ charter init --install         # and install express, ajv, … with npm

Exit codes: 0 ok, 2 refused (already initialised, a file in the way) or usage error.`,
    )
    .action((dir: string, opts: InitCommandOptions) => {
      const r = runInit(dir, opts);
      const rel = (f: string) => displayPath(path.join(r.dir, f));
      for (const f of r.written) process.stdout.write(`  ${f === 'package.json' && r.packageJsonExisted ? 'updated' : 'created'}  ${rel(f)}\n`);
      for (const f of r.kept) process.stdout.write(`  kept     ${rel(f)}\n`);
      for (const n of r.notes) process.stdout.write(`  note: ${n}\n`);
      const install: string[][] = [];
      if (r.missingDependencies.length) install.push(['install', ...r.missingDependencies]);
      if (r.missingDevDependencies.length) install.push(['install', '--save-dev', ...r.missingDevDependencies]);
      if (opts.install && install.length) {
        for (const args of install) {
          process.stdout.write(`\n$ npm ${args.join(' ')}\n`);
          execFileSync(process.platform === 'win32' ? 'npm.cmd' : 'npm', args, { cwd: r.dir, stdio: 'inherit' });
        }
      }
      const steps: string[] = [];
      if (r.dir !== process.cwd()) steps.push(`cd ${displayPath(r.dir)}`);
      if (!opts.install) for (const args of install) steps.push(`npm ${args.join(' ')}`);
      steps.push('npx charter generate        # contracts/ → generated/ (server, client, errors' + (r.written.includes('contracts/asyncapi.yaml') ? ', events' : '') + ')');
      steps.push('npx charter lint            # findings with file:line');
      steps.push('# write your handlers against generated/server (see the README of @charter/cli), then:');
      steps.push('npm run build && node dist/src/main.js');
      process.stdout.write(`\nNext steps:\n${steps.map((s) => `  ${s}`).join('\n')}\n`);
    });
}
