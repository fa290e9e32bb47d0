/**
 * `charter diff` without commander: arguments in, exit code out, so tests can run it in
 * process. Exit codes: 0 nothing at or above --fail-on, 1 findings, 2 usage or input error.
 */
import fs from 'node:fs';
import path from 'node:path';
import { ContractError } from '../loader/errors.ts';
import { loadContract, type LoadedContract } from '../loader/load.ts';
import { render, renderRules, failing, FORMATS, type Format } from './format.ts';
import { defaultBaseRef, existsAt, materialise, parseRevArg, refExists, repoRoot, tryGit, type Materialised } from './git.ts';
import { applyIgnores, isActive, loadIgnoreFile, matches } from './ignore.ts';
import { diffContracts, ALL_RULES } from './index.ts';
import { loadProjectConfig, type ProjectConfig } from '../config/project.ts';
import { diffConfigOf, type DiffConfig } from './config.ts';
import { sortFindings } from './engine.ts';
import type { Finding, Level } from './types.ts';
import { LEVELS } from './types.ts';

export const DEFAULT_CONTRACTS = ['contracts/openapi.yaml', 'contracts/asyncapi.yaml'];
export const DEFAULT_IGNORE_FILE = 'contracts/charter-ignore.yaml';

export interface DiffCliOptions {
  base?: string;
  head?: string;
  baseRef?: string;
  failOn?: string;
  format?: string;
  ignoreFile?: string;
  rules?: boolean;
  color?: boolean;
  /** Working directory (default: process.cwd()). */
  cwd?: string;
  /** YYYY-MM-DD, for tests (default: today). */
  today?: string;
  /** charter.config.yaml to read (the global --config); default: found walking up from cwd. */
  config?: string;
}

export interface DiffIO {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
}

export const EXIT = { OK: 0, FINDINGS: 1, USAGE: 2 } as const;

class UsageError extends Error {}

export async function runDiff(opts: DiffCliOptions, io: DiffIO): Promise<number> {
  try {
    return await run(opts, io);
  } catch (e) {
    if (e instanceof UsageError) {
      io.stderr(`charter diff: ${e.message}\n`);
      return EXIT.USAGE;
    }
    if (e instanceof ContractError) {
      io.stderr(`${e.format()}\n`);
      return EXIT.USAGE;
    }
    throw e;
  }
}

async function run(opts: DiffCliOptions, io: DiffIO): Promise<number> {
  const cwd = opts.cwd ?? process.cwd();
  const format = (opts.format ?? 'text') as Format;
  if (!FORMATS.includes(format)) throw new UsageError(`--format must be one of ${FORMATS.join(', ')}, not ${opts.format}`);
  const failOn = (opts.failOn ?? 'breaking') as Level;
  if (!LEVELS.includes(failOn)) throw new UsageError(`--fail-on must be one of ${LEVELS.join(', ')}, not ${opts.failOn}`);

  if (opts.rules) {
    if (format !== 'text' && format !== 'markdown' && format !== 'json') throw new UsageError('--rules prints as text, markdown or json');
    io.stdout(renderRules(format, ALL_RULES));
    return EXIT.OK;
  }
  if ((opts.base === undefined) !== (opts.head === undefined)) throw new UsageError('give both <base> and <head>, or neither (to compare the project contracts with --base-ref)');
  if (opts.base !== undefined && opts.baseRef !== undefined) throw new UsageError('--base-ref applies only when no files are given');

  const today = opts.today ?? new Date().toISOString().slice(0, 10);
  const { project, settings } = projectOf(opts, cwd);
  const ignoreFile = opts.ignoreFile !== undefined ? path.resolve(cwd, opts.ignoreFile) : (settings.ignoreFile ?? path.resolve(project.root, DEFAULT_IGNORE_FILE));
  const ignore = loadIgnoreFile(ignoreFile, { required: opts.ignoreFile !== undefined || settings.ignoreFile !== undefined });
  const ignoreDisplay = path.relative(cwd, ignoreFile) || ignoreFile;
  ignore.file = ignoreDisplay;
  const isIgnored = (f: Finding) => ignore.entries.some((e) => isActive(e, today) && matches(e, f));

  const notes: string[] = [];
  const pairs: Array<{ base: string; head: string }> = [];
  let baseRef: { ref: string; label: string } | undefined;

  if (opts.base !== undefined) {
    pairs.push({ base: opts.base, head: opts.head! });
  } else {
    if (!repoRoot(cwd)) throw new UsageError('not in a git repository: give <base> and <head> files, or run from the repository');
    if (opts.baseRef) baseRef = { ref: opts.baseRef, label: opts.baseRef };
    else {
      const d = defaultBaseRef(cwd);
      if (!d) {
        const shallow = tryGit(['rev-parse', '--is-shallow-repository'], cwd) === 'true';
        io.stdout(
          shallow
            ? 'charter diff: nothing to compare: this is a shallow clone without the previous commit (fetch more history, e.g. `git fetch --deepen=1`, or pass --base-ref)\n'
            : 'charter diff: nothing to compare: no merge-base with main and no previous commit (first commit?)\n',
        );
        return EXIT.OK;
      }
      baseRef = d;
      notes.push(`base: ${d.why}`);
    }
    const contracts = [project.contracts.openapi, project.contracts.asyncapi].filter((c): c is string => !!c);
    for (const abs of contracts) {
      const c = path.relative(cwd, abs);
      if (!fs.existsSync(abs)) continue;
      if (!existsAt(baseRef.ref, c, cwd)) {
        if (refExists(baseRef.ref, cwd)) {
          notes.push(`${c} is new since ${baseRef.label}: nothing to compare`);
          continue;
        }
        throw new UsageError(`unknown git revision ${baseRef.ref} (charter never fetches: name a local branch, tag or commit)`);
      }
      pairs.push({ base: `${baseRef.ref}:${c}`, head: c });
    }
    if (!pairs.length) {
      const looked = contracts.length ? contracts.map((c) => project.display(c)).join(', ') : DEFAULT_CONTRACTS.join(', ');
      io.stdout(`${notes.join('\n')}${notes.length ? '\n' : ''}charter diff: no contracts to compare (looked for ${looked})\n`);
      return EXIT.OK;
    }
  }

  const all: Finding[] = [];
  const temps: Materialised[] = [];
  try {
    for (const pair of pairs) {
      const b = open(pair.base, cwd, temps, baseRef);
      const h = open(pair.head, cwd, temps);
      notes.push(`compared ${b.name} → ${h.name}`);
      all.push(...diffContracts(b.contract, h.contract, { today, baseDisplay: b.display, headDisplay: h.display, isIgnored, policy: settings.policy, overrides: settings.rules }));
    }
  } finally {
    for (const t of temps) t.cleanup();
  }
  // The project's ignore file speaks about the project's contracts: with other files, entries it has for them are not "unmatched".
  const reportUnmatched = opts.base === undefined || opts.ignoreFile !== undefined;
  const findings = sortFindings(applyIgnores(all, ignore, today, { reportUnmatched }));
  io.stdout(render(format, { findings, notes: format === 'github' ? [] : notes, failOn }, { color: opts.color }));
  return failing(findings, failOn).length ? EXIT.FINDINGS : EXIT.OK;
}

/**
 * The project (charter.config.yaml found from cwd, or --config) and its `diff:` settings.
 * Without a config file, the current directory when it has contracts, else the repository root.
 */
function projectOf(opts: DiffCliOptions, cwd: string): { project: ProjectConfig; settings: DiffConfig } {
  let project = loadProjectConfig({ explicit: opts.config, cwd });
  if (!project.file && !project.contracts.openapi && !project.contracts.asyncapi) {
    const root = repoRoot(cwd);
    if (root && path.resolve(root) !== path.resolve(cwd)) project = loadProjectConfig({ cwd: root });
  }
  return { project, settings: diffConfigOf(project, ALL_RULES.map((r) => r.id)) };
}

function open(arg: string, cwd: string, temps: Materialised[], ref?: { ref: string; label: string }): { contract: LoadedContract; display: (abs: string) => string; name: string } {
  const rev = parseRevArg(arg, cwd);
  if (rev) {
    const label = ref && rev.ref === ref.ref ? ref.label : rev.ref;
    const m = materialise(rev.ref, rev.path, cwd, label);
    temps.push(m);
    return { contract: loadContract(m.file), display: m.display, name: m.display(m.file) };
  }
  const file = path.resolve(cwd, arg);
  const display = (abs: string) => path.relative(cwd, abs) || abs;
  return { contract: loadContract(file), display, name: display(file) };
}
