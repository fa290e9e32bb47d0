/**
 * charter.config.yaml: the one place for a project's settings.
 *
 * Every command calls loadProjectConfig(). The file is found by walking up from the working
 * directory (as git, eslint and tsc find theirs), or named with `--config`. Paths in it are
 * relative to the folder that holds it, so `charter generate` means the same thing from any
 * sub-folder of the project. Flags given on the command line override the file; their paths
 * are relative to the working directory, as a shell user expects.
 *
 *   contracts:
 *     openapi: contracts/openapi.yaml     # default: contracts/openapi.yaml when it exists
 *     asyncapi: contracts/asyncapi.yaml   # default: contracts/asyncapi.yaml when it exists
 *   output: generated                     # where `charter generate` writes
 *   pacts: pacts                          # recorded consumer pacts
 *   provider: { ... }                     # see pact/config.ts
 *   lint: { ... }                         # see lint/config.ts
 *   diff: { ... }                         # see diff/config.ts
 *
 * This module owns the top level and the project paths; each command's own section is read
 * and validated by that command's module, from `section()`, with located errors.
 */
import fs from 'node:fs';
import path from 'node:path';
import { ContractError } from '../loader/errors.ts';
import { readSource, type Location, type SourceFile } from '../loader/source.ts';
import { closest } from '../loader/suggest.ts';

export const CONFIG_FILE = 'charter.config.yaml';

/** Top-level keys, each owned by one module. A key not listed is a typo, and says so. */
export const TOP_LEVEL_KEYS = ['contracts', 'output', 'pacts', 'provider', 'lint', 'diff', 'generate'] as const;
export type TopLevelKey = (typeof TOP_LEVEL_KEYS)[number];

export const DEFAULT_OPENAPI = 'contracts/openapi.yaml';
export const DEFAULT_ASYNCAPI = 'contracts/asyncapi.yaml';
export const DEFAULT_OUTPUT = 'generated';
export const DEFAULT_PACTS = 'pacts';

export interface ProjectConfig {
  /** The folder that holds the config file; the working directory when there is none. */
  root: string;
  /** Absolute path of the config file read, if any. */
  file?: string;
  /** The parsed file, for located errors; undefined without a file. */
  source?: SourceFile;
  /** Absolute paths. `openapi`/`asyncapi` are set when configured or when the default file exists. */
  contracts: { openapi?: string; asyncapi?: string };
  /** Whether each contract path came from the file (true) or is the default (false). */
  contractsConfigured: { openapi: boolean; asyncapi: boolean };
  /** Absolute path of the output folder of `charter generate`. */
  output: string;
  /** Absolute path of the pacts folder. */
  pacts: string;
  /** A command's own section, raw (undefined when absent); validate it with its location. */
  section(key: TopLevelKey): unknown;
  /** Location of a JSON pointer in the config file (for a section's errors). */
  locate(pointer: string): Location;
  /** Resolve a path written in the config file (relative to its folder). */
  resolve(p: string): string;
  /** A path as the user should see it: relative to the working directory when inside it. */
  display(abs: string): string;
}

export interface LoadConfigOptions {
  /** `--config FILE`: this file, relative to cwd, and no walking up. */
  explicit?: string;
  cwd?: string;
}

/** The nearest charter.config.yaml from `cwd` up to the filesystem root, if any. */
export function findConfigFile(cwd: string = process.cwd()): string | undefined {
  let dir = path.resolve(cwd);
  for (;;) {
    const candidate = path.join(dir, CONFIG_FILE);
    if (fs.existsSync(candidate)) return candidate;
    const parent = path.dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

export function displayPath(abs: string, cwd: string = process.cwd()): string {
  const rel = path.relative(cwd, abs);
  if (rel === '') return '.';
  return (rel.startsWith('..') || path.isAbsolute(rel) ? abs : rel).split(path.sep).join('/');
}

const cache = new Map<string, ProjectConfig>();

/** Read the project's configuration (cached per file for the life of the process). */
export function loadProjectConfig(options: LoadConfigOptions = {}): ProjectConfig {
  const cwd = path.resolve(options.cwd ?? process.cwd());
  let file: string | undefined;
  if (options.explicit) {
    file = path.resolve(cwd, options.explicit);
    if (!fs.existsSync(file)) {
      throw new ContractError(`config file not found: ${options.explicit}`, { file: options.explicit }, 'Check the --config path, or run `charter init` to create charter.config.yaml.');
    }
  } else {
    file = findConfigFile(cwd);
  }
  const key = `${file ?? ''}\0${cwd}`;
  const hit = cache.get(key);
  if (hit) return hit;
  const config = file ? fromFile(file, cwd) : defaults(cwd, cwd);
  cache.set(key, config);
  return config;
}

/** Forget cached configurations (tests that rewrite a config file within one process). */
export function clearConfigCache(): void {
  cache.clear();
}

function defaults(root: string, cwd: string, source?: SourceFile, file?: string, raw: Record<string, unknown> = {}): ProjectConfig {
  const resolve = (p: string) => path.resolve(root, p);
  const existing = (p: string) => (fs.existsSync(resolve(p)) ? resolve(p) : undefined);
  return {
    root,
    file,
    source,
    contracts: { openapi: existing(DEFAULT_OPENAPI), asyncapi: existing(DEFAULT_ASYNCAPI) },
    contractsConfigured: { openapi: false, asyncapi: false },
    output: resolve(DEFAULT_OUTPUT),
    pacts: resolve(DEFAULT_PACTS),
    section: (k) => raw[k],
    locate: (pointer) => (source ? source.locate(pointer) : { file: CONFIG_FILE, pointer }),
    resolve,
    display: (abs) => displayPath(abs, cwd),
  };
}

function fromFile(file: string, cwd: string): ProjectConfig {
  const source = readSource(file);
  const shown = displayPath(file, cwd);
  const at = (pointer: string): Location => ({ ...source.locate(pointer), file: shown });
  const root = source.value;
  if (root === null || root === undefined) return defaults(path.dirname(file), cwd, source, file);
  if (typeof root !== 'object' || Array.isArray(root)) throw new ContractError('the config file must be a mapping of settings', at(''), `See the Configuration section of Charter's README.`);
  const raw = root as Record<string, unknown>;
  for (const k of Object.keys(raw)) {
    if (!(TOP_LEVEL_KEYS as readonly string[]).includes(k)) {
      const near = closest(k, TOP_LEVEL_KEYS);
      throw new ContractError(`unknown setting "${k}"`, at(`/${k}`), near ? `Did you mean ${near}?` : `The settings are: ${TOP_LEVEL_KEYS.join(', ')}.`);
    }
  }
  const config = defaults(path.dirname(file), cwd, source, file, raw);
  config.locate = at;

  const pathSetting = (pointer: string, value: unknown, name: string): string => {
    if (typeof value !== 'string' || value.trim() === '') throw new ContractError(`\`${name}\` must be a path (a non-empty string)`, at(pointer));
    return config.resolve(value);
  };
  const contracts = raw.contracts;
  if (contracts !== undefined && contracts !== null) {
    if (typeof contracts !== 'object' || Array.isArray(contracts)) {
      throw new ContractError('`contracts` must be a mapping with openapi and/or asyncapi', at('/contracts'), 'For example:\n    contracts:\n      openapi: contracts/openapi.yaml');
    }
    for (const [k, v] of Object.entries(contracts as Record<string, unknown>)) {
      if (k !== 'openapi' && k !== 'asyncapi') {
        const near = closest(k, ['openapi', 'asyncapi']);
        throw new ContractError(`unknown setting contracts.${k}`, at(`/contracts/${k}`), near ? `Did you mean ${near}?` : 'contracts takes openapi and asyncapi.');
      }
      if (v === null) {
        // `asyncapi: null` (or `~`) says the project has none, even if the default file exists.
        config.contracts[k] = undefined;
        config.contractsConfigured[k] = true;
        continue;
      }
      const abs = pathSetting(`/contracts/${k}`, v, `contracts.${k}`);
      if (!fs.existsSync(abs)) throw new ContractError(`contracts.${k}: ${v} does not exist`, at(`/contracts/${k}`), 'Fix the path (it is relative to charter.config.yaml), or run `charter init` to scaffold one.');
      config.contracts[k] = abs;
      config.contractsConfigured[k] = true;
    }
  }
  if (raw.output !== undefined) config.output = pathSetting('/output', raw.output, 'output');
  if (raw.pacts !== undefined) config.pacts = pathSetting('/pacts', raw.pacts, 'pacts');
  return config;
}

/** The contract files a command works on: those given as arguments, else the configured ones. */
export function contractFiles(config: ProjectConfig, args: string[] = []): string[] {
  if (args.length) return args.map((a) => path.resolve(a));
  return [config.contracts.openapi, config.contracts.asyncapi].filter((f): f is string => f !== undefined);
}

/** The error for "no contracts": said once, with what to do. */
export function noContractsError(config: ProjectConfig): ContractError {
  const where = config.file ? config.display(config.file) : `${displayPath(config.root)} (no ${CONFIG_FILE} found here or above)`;
  return new ContractError(
    'no contracts found',
    { file: config.file ? config.display(config.file) : CONFIG_FILE },
    `Looked for ${DEFAULT_OPENAPI} and ${DEFAULT_ASYNCAPI} under ${where}. Pass contract files, set contracts.openapi in ${CONFIG_FILE}, or run \`charter init\`.`,
  );
}
