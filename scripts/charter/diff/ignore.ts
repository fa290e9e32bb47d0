/**
 * The ignore file (`contracts/charter-ignore.yaml`): accepted breaking changes, each with
 * a reason and an expiry date. Past its date an entry stops hiding its finding and is a
 * failure itself (`ignore-expired`), so accepted breaks get looked at again.
 *
 *   ignore:
 *     - id: response-success-status-removed
 *       fingerprint: 3f2a9c0d1e4b5a6c        # from `charter diff --format json`
 *       reason: Clients were migrated to 201 in March (TICKET-123).
 *       expires: 2026-12-31
 *     - id: request-property-removed
 *       operation: POST /users                # or channel: userCreated
 *       pointer: /components/schemas/CreateUserRequest/properties/nickname
 *       reason: ...
 *       expires: 2026-12-31
 */
import fs from 'node:fs';
import { ContractError } from '../loader/errors.ts';
import { parseSource, type SourceFile } from '../loader/source.ts';
import { fingerprint } from './hash.ts';
import { ALL_RULES } from './rules/index.ts';
import type { Finding } from './types.ts';

export interface IgnoreEntry {
  id: string;
  fingerprint?: string;
  operation?: string;
  channel?: string;
  pointer?: string;
  reason: string;
  expires: string;
  index: number;
  line?: number;
}

export interface IgnoreFile {
  file: string;
  entries: IgnoreEntry[];
  source?: SourceFile;
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

export function loadIgnoreFile(file: string, opts: { required?: boolean } = {}): IgnoreFile {
  if (!fs.existsSync(file)) {
    if (opts.required) throw new ContractError(`ignore file ${file} does not exist`, { file }, 'Create it with `ignore: []`, or drop --ignore-file.');
    return { file, entries: [] };
  }
  const source = parseSource(file, fs.readFileSync(file, 'utf8'));
  const root = source.value as any;
  const fail = (msg: string, pointer: string, hint?: string): never => {
    throw new ContractError(`ignore file: ${msg}`, source.locate(pointer), hint ?? 'Each entry needs `id`, a `fingerprint` (or `operation`/`channel` + `pointer`), a `reason` and an `expires` date (YYYY-MM-DD).');
  };
  if (root == null) return { file, entries: [], source };
  if (typeof root !== 'object' || Array.isArray(root)) fail('the top level must be a mapping with an `ignore:` list', '');
  const list = root.ignore ?? [];
  if (!Array.isArray(list)) fail('`ignore` must be a list', '/ignore');
  const known = new Set(ALL_RULES.map((r) => r.id));
  const entries: IgnoreEntry[] = list.map((e: any, i: number) => {
    const ptr = `/ignore/${i}`;
    if (!e || typeof e !== 'object' || Array.isArray(e)) fail(`entry ${i + 1} must be a mapping`, ptr);
    if (typeof e.id !== 'string' || !e.id) fail(`entry ${i + 1} has no rule \`id\``, ptr);
    if (!known.has(e.id)) fail(`entry ${i + 1}: unknown rule id \`${e.id}\``, `${ptr}/id`, 'See `charter diff --rules` for the rule ids.');
    if (typeof e.reason !== 'string' || !e.reason.trim()) fail(`entry ${i + 1} (${e.id}) has no \`reason\``, ptr, 'Say why the change is accepted: who agreed, which clients were checked.');
    const expires = typeof e.expires === 'string' ? e.expires : e.expires instanceof Date ? e.expires.toISOString().slice(0, 10) : undefined;
    if (!expires) fail(`entry ${i + 1} (${e.id}) has no \`expires\` date`, ptr, 'Add `expires: YYYY-MM-DD`: ignores are temporary by design.');
    const m = DATE.exec(expires!);
    if (!m || Number.isNaN(Date.parse(`${expires}T00:00:00Z`)) || new Date(`${expires}T00:00:00Z`).toISOString().slice(0, 10) !== expires) {
      fail(`entry ${i + 1} (${e.id}): \`expires\` must be a date written YYYY-MM-DD, not ${JSON.stringify(e.expires)}`, `${ptr}/expires`);
    }
    if (e.fingerprint === undefined && e.pointer === undefined) fail(`entry ${i + 1} (${e.id}) needs a \`fingerprint\`, or a \`pointer\` with an \`operation\` or \`channel\``, ptr);
    for (const k of ['fingerprint', 'operation', 'channel', 'pointer']) {
      if (e[k] !== undefined && typeof e[k] !== 'string') fail(`entry ${i + 1} (${e.id}): \`${k}\` must be a string`, `${ptr}/${k}`);
    }
    return { id: e.id, fingerprint: e.fingerprint, operation: e.operation, channel: e.channel, pointer: e.pointer, reason: e.reason.trim(), expires: expires!, index: i, line: source.locate(ptr).line };
  });
  return { file, entries, source };
}

export function matches(e: IgnoreEntry, f: Finding): boolean {
  if (e.id !== f.id) return false;
  if (e.fingerprint !== undefined) return e.fingerprint === f.fingerprint;
  if (e.pointer !== f.location.pointer) return false;
  if (e.operation !== undefined && e.operation !== f.operation) return false;
  if (e.channel !== undefined && e.channel !== f.channel) return false;
  return true;
}

export const isActive = (e: IgnoreEntry, today: string) => e.expires >= today;

/** Mark ignored findings; add `ignore-expired` and `ignore-unmatched` findings. */
/** `reportUnmatched: false` when the ignore file was not chosen for these contracts (explicit files compared with the project's default ignore file). */
export function applyIgnores(findings: Finding[], ignore: IgnoreFile, today: string, opts: { reportUnmatched?: boolean } = {}): Finding[] {
  const used = new Set<number>();
  for (const f of findings) {
    for (const e of ignore.entries) {
      if (!matches(e, f)) continue;
      used.add(e.index);
      if (isActive(e, today)) {
        f.ignored = { reason: e.reason, expires: e.expires };
        break;
      }
    }
  }
  const extra: Finding[] = [];
  for (const e of ignore.entries) {
    const pointer = `/ignore/${e.index}`;
    const location = { file: ignore.file, ...(e.line ? { line: e.line } : {}), pointer };
    if (!isActive(e, today)) {
      extra.push({
        id: 'ignore-expired',
        level: 'breaking',
        message: `ignore entry for ${e.id}${e.operation ? ` on ${e.operation}` : ''} expired on ${e.expires} (reason was: ${e.reason})`,
        location,
        fingerprint: fingerprint('ignore-expired', e.id, e.fingerprint ?? `${e.operation ?? e.channel ?? ''}${e.pointer ?? ''}`),
      });
    } else if (!used.has(e.index) && opts.reportUnmatched !== false) {
      extra.push({
        id: 'ignore-unmatched',
        level: 'info',
        message: `ignore entry for ${e.id} matches no finding: remove it`,
        location,
        fingerprint: fingerprint('ignore-unmatched', e.id, e.fingerprint ?? `${e.operation ?? e.channel ?? ''}${e.pointer ?? ''}`),
      });
    }
  }
  return [...findings, ...extra];
}
