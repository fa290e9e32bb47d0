/**
 * Where pacts live and how they are read. pacts/ holds one file per consumer–provider pair,
 * written by the consumers' Pact tests and committed, so `charter diff`, `can-i-deploy` and
 * `verify` can read them without running any consumer code.
 */
import fs from 'node:fs';
import path from 'node:path';
import { ContractError } from '../loader/errors.ts';

export const PACT_DIR = 'pacts';
export const PROVIDER = 'users-service';

export interface PactRequest {
  method: string;
  path: string;
  query?: Record<string, string[]>;
  headers?: Record<string, string[] | string>;
  body?: { content?: unknown; contentType?: string };
  matchingRules?: Record<string, unknown>;
}

export interface PactResponse {
  status: number;
  headers?: Record<string, string[] | string>;
  body?: { content?: unknown; contentType?: string };
  matchingRules?: Record<string, unknown>;
}

export interface PactInteraction {
  type: string;
  description: string;
  providerStates?: Array<{ name: string; params?: Record<string, unknown> }>;
  request?: PactRequest;
  response?: PactResponse;
  contents?: { content?: unknown; contentType?: string };
  metadata?: Record<string, unknown>;
  matchingRules?: Record<string, unknown>;
}

export interface PactFile {
  /** Absolute path. */
  file: string;
  consumer: string;
  provider: string;
  interactions: PactInteraction[];
}

export function pactDir(cwd: string, dir?: string): string {
  return path.resolve(cwd, dir ?? PACT_DIR);
}

/** Every pact in `dir`, sorted by file name; an absent folder means no recorded consumers. */
export function readPacts(dir: string): PactFile[] {
  if (!fs.existsSync(dir)) return [];
  const files = fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort();
  return files.map((name) => readPact(path.join(dir, name)));
}

export function readPact(file: string): PactFile {
  let doc: any;
  try {
    doc = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (e) {
    throw new ContractError(`not a readable pact file: ${(e as Error).message}`, { file, line: 1 }, 'Regenerate it with `npm run pact:consumers`.');
  }
  const consumer = doc?.consumer?.name;
  const provider = doc?.provider?.name;
  if (typeof consumer !== 'string' || typeof provider !== 'string' || !Array.isArray(doc.interactions)) {
    throw new ContractError('not a pact file: it needs consumer.name, provider.name and interactions', { file, line: 1 });
  }
  return { file, consumer, provider, interactions: doc.interactions as PactInteraction[] };
}

export function isHttpInteraction(i: PactInteraction): boolean {
  return i.type === 'Synchronous/HTTP' || (i.type === undefined && i.request !== undefined);
}

export function isMessageInteraction(i: PactInteraction): boolean {
  return i.type === 'Asynchronous/Messages';
}

/**
 * Brings a freshly written pact into pacts/. The consumer tests write into an empty temp folder
 * (Pact merges into an existing file, which would keep interactions a test no longer records),
 * then this copies the result over the committed file with a rename, so a reader in another test
 * never sees a half-written file. Returns whether the committed file was stale.
 */
export function publishPact(written: string, targetDir: string): { changed: boolean; target: string } {
  const target = path.join(targetDir, path.basename(written));
  const fresh = `${JSON.stringify(JSON.parse(fs.readFileSync(written, 'utf8')), null, 2)}\n`;
  const current = fs.existsSync(target) ? fs.readFileSync(target, 'utf8') : undefined;
  if (current === fresh) return { changed: false, target };
  fs.mkdirSync(targetDir, { recursive: true });
  const tmp = `${target}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, fresh);
  fs.renameSync(tmp, target);
  return { changed: true, target };
}
