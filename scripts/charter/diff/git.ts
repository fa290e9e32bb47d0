/**
 * Contracts at a git revision (`REF:path`), read with the local git only (`git show`,
 * `git ls-tree`): never a fetch. The contract's folder at that revision is written to a
 * temporary directory so relative `$ref`s and `x-error-catalogue` resolve as they did
 * then, and the normal loader reads it from there.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ContractError } from '../loader/errors.ts';

const MAX_FILES = 2000;

function git(args: string[], cwd: string): string {
  return execFileSync('git', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 256 * 1024 * 1024 });
}

export function tryGit(args: string[], cwd: string): string | undefined {
  try {
    return git(args, cwd).trim();
  } catch {
    return undefined;
  }
}

export function repoRoot(cwd: string): string | undefined {
  return tryGit(['rev-parse', '--show-toplevel'], cwd);
}

/** `main:contracts/openapi.yaml` → { ref, path }, unless the argument names an existing file. */
export function parseRevArg(arg: string, cwd: string): { ref: string; path: string } | undefined {
  if (fs.existsSync(path.resolve(cwd, arg))) return undefined;
  const m = /^([^:]+):(.+)$/.exec(arg);
  if (!m || /^[a-zA-Z]$/.test(m[1]!)) return undefined;
  return { ref: m[1]!, path: m[2]! };
}

export interface Materialised {
  /** Path of the entry file in the temporary tree. */
  file: string;
  /** Absolute temp path → `REF:repo/relative/path`. */
  display: (abs: string) => string;
  cleanup: () => void;
}

/** Whether `path` (relative to cwd) exists at `ref`. */
export function existsAt(ref: string, file: string, cwd: string): boolean {
  const root = repoRoot(cwd);
  if (!root) return false;
  const rel = path.relative(root, path.resolve(cwd, file));
  return tryGit(['cat-file', '-e', `${ref}:${rel}`], root) !== undefined;
}

export function materialise(ref: string, file: string, cwd: string, label = ref): Materialised {
  const root = repoRoot(cwd);
  if (!root) throw new ContractError(`${ref}:${file}: not inside a git repository`, { file }, 'Run charter from the repository, or give two files.');
  if (tryGit(['rev-parse', '--verify', '--quiet', `${ref}^{commit}`], root) === undefined) {
    throw new ContractError(`${ref}:${file}: unknown git revision ${ref}`, { file }, 'Name a branch, tag or commit that exists locally (charter never fetches).');
  }
  const rel = path.relative(root, path.resolve(cwd, file)).split(path.sep).join('/');
  if (rel.startsWith('..')) throw new ContractError(`${file} is outside the repository`, { file });
  if (tryGit(['cat-file', '-e', `${ref}:${rel}`], root) === undefined) {
    throw new ContractError(`${rel} does not exist at ${ref}`, { file: `${ref}:${rel}` }, 'Check the path: it is relative to the current directory.');
  }
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'charter-diff-'));
  const dir = path.posix.dirname(rel);
  const listed = git(['ls-tree', '-r', '--name-only', ref, '--', dir === '.' ? rel : dir], root)
    .split('\n')
    .filter((f) => f && (/\.(ya?ml|json)$/i.test(f) || f === rel))
    .slice(0, MAX_FILES);
  if (!listed.includes(rel)) listed.push(rel);
  for (const f of listed) {
    const content = execFileSync('git', ['show', `${ref}:${f}`], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 256 * 1024 * 1024 });
    const target = path.join(tmp, f);
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.writeFileSync(target, content);
  }
  return {
    file: path.join(tmp, rel),
    display: (abs) => {
      const r = path.relative(tmp, abs);
      return r.startsWith('..') ? abs : `${label}:${r.split(path.sep).join('/')}`;
    },
    cleanup: () => fs.rmSync(tmp, { recursive: true, force: true }),
  };
}

/**
 * The revision to compare the working tree with when no arguments are given: the
 * merge-base with `main` (when it is not HEAD itself), else HEAD~1, else none.
 */
export function defaultBaseRef(cwd: string): { ref: string; label: string; why: string } | undefined {
  const root = repoRoot(cwd);
  if (!root) return undefined;
  const head = tryGit(['rev-parse', '--verify', '--quiet', 'HEAD'], root);
  if (!head) return undefined;
  const mb = tryGit(['merge-base', 'HEAD', 'main'], root);
  if (mb && mb !== head) return { ref: mb, label: mb.slice(0, 8), why: 'the merge-base with main' };
  const prev = tryGit(['rev-parse', '--verify', '--quiet', 'HEAD~1'], root);
  if (prev) return { ref: prev, label: 'HEAD~1', why: mb ? 'HEAD~1 (HEAD is on main)' : 'HEAD~1 (no main branch)' };
  return undefined;
}

export function refExists(ref: string, cwd: string): boolean {
  return tryGit(['rev-parse', '--verify', '--quiet', `${ref}^{commit}`], cwd) !== undefined;
}
