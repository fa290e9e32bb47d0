/**
 * `charter changelog BASE REVISION`: the diff of two versions of a contract as release
 * notes in Markdown, grouped by operation (or channel, error catalogue, document) and, in
 * each group, by kind: breaking, removed, deprecated, changed, added. The findings are those
 * of `charter diff` (same rules, same project policy); ignored ones are listed as breaking
 * changes accepted on purpose.
 */
import { ContractError } from '../loader/errors.ts';
import { loadContract } from '../loader/load.ts';
import { ALL_RULES, diffContracts } from './index.ts';
import { loadProjectConfig } from '../config/project.ts';
import { diffConfigOf } from './config.ts';
import { materialise, parseRevArg, type Materialised } from './git.ts';
import { applyIgnores, loadIgnoreFile } from './ignore.ts';
import type { Finding } from './types.ts';
import path from 'node:path';
import type { DiffIO } from './cli.ts';

export const KINDS = ['breaking', 'removed', 'deprecated', 'changed', 'added'] as const;
export type Kind = (typeof KINDS)[number];

const KIND_TITLE: Record<Kind, string> = { breaking: 'Breaking', removed: 'Removed', deprecated: 'Deprecated', changed: 'Changed', added: 'Added' };

/** The changelog kind of a finding: its level first (breaking), then what its rule id says. */
export function kindOf(f: Finding): Kind {
  if (f.level === 'breaking') return 'breaking';
  if (/(^|-)deprecated(-|$)/.test(f.id) && !/-removed/.test(f.id)) return 'deprecated';
  if (/-removed(-|$)/.test(f.id)) return 'removed';
  if (/-added(-|$)/.test(f.id)) return 'added';
  return 'changed';
}

function groupOf(f: Finding): string {
  if (f.operation) return `\`${f.operation}\``;
  if (f.channel) return `Channel \`${f.channel}\``;
  if (f.context?.errorCode) return 'Error catalogue';
  return 'Document';
}

export interface ChangelogMeta {
  title?: string;
  from?: string;
  to?: string;
  compared: string;
}

export function renderChangelog(findings: Finding[], meta: ChangelogMeta): string {
  const shown = findings.filter((f) => !f.id.startsWith('ignore-'));
  const out: string[] = [];
  const versions = meta.from && meta.to ? ` ${meta.from} → ${meta.to}` : '';
  out.push(`# ${meta.title ? `${meta.title}` : 'Changelog'}${versions}`, '', `_${meta.compared}_`, '');
  const count = (k: Kind) => shown.filter((f) => !f.ignored && kindOf(f) === k).length;
  const totals = KINDS.map((k) => [k, count(k)] as const).filter(([, n]) => n > 0);
  if (!shown.length) {
    out.push('No changes.', '');
    return out.join('\n');
  }
  out.push(totals.map(([k, n]) => `${n} ${k}`).join(' · ') + (shown.some((f) => f.ignored) ? ` · ${shown.filter((f) => f.ignored).length} accepted breaking` : ''), '');
  const breaking = shown.filter((f) => !f.ignored && kindOf(f) === 'breaking');
  if (breaking.length) {
    out.push('## ⚠️ Breaking changes', '');
    for (const f of breaking) out.push(`- ${groupOf(f)}: ${f.message}`);
    out.push('');
  }
  const groups = new Map<string, Finding[]>();
  for (const f of shown) {
    const g = groupOf(f);
    if (!groups.has(g)) groups.set(g, []);
    groups.get(g)!.push(f);
  }
  const order = (g: string) => (g === 'Document' ? 2 : g === 'Error catalogue' ? 1 : 0);
  for (const g of [...groups.keys()].sort((a, b) => order(a) - order(b) || a.localeCompare(b))) {
    out.push(`## ${g}`, '');
    const list = groups.get(g)!;
    for (const k of KINDS) {
      const items = list.filter((f) => !f.ignored && kindOf(f) === k);
      if (!items.length) continue;
      out.push(`### ${KIND_TITLE[k]}`, '');
      for (const f of items) out.push(`- ${f.message}${f.overridden ? ` _(${f.overridden.reason})_` : ''}`);
      out.push('');
    }
    const accepted = list.filter((f) => f.ignored);
    if (accepted.length) {
      out.push('### Accepted breaking changes', '');
      for (const f of accepted) out.push(`- ${f.message} — _${f.ignored!.reason}_`);
      out.push('');
    }
  }
  return out.join('\n');
}

export interface ChangelogOptions {
  base: string;
  revision: string;
  cwd?: string;
  config?: string;
  ignoreFile?: string;
  today?: string;
}

/** Exit 0 with the changelog on stdout; 2 on a usage or input error. */
export async function runChangelog(opts: ChangelogOptions, io: DiffIO): Promise<number> {
  const cwd = opts.cwd ?? process.cwd();
  const temps: Materialised[] = [];
  try {
    const project = loadProjectConfig({ explicit: opts.config, cwd });
    const settings = diffConfigOf(project, ALL_RULES.map((r) => r.id));
    const today = opts.today ?? new Date().toISOString().slice(0, 10);
    const open = (arg: string) => {
      const rev = parseRevArg(arg, cwd);
      if (rev) {
        const m = materialise(rev.ref, rev.path, cwd, rev.ref);
        temps.push(m);
        return { contract: loadContract(m.file), display: m.display, name: m.display(m.file) };
      }
      const file = path.resolve(cwd, arg);
      const display = (abs: string) => path.relative(cwd, abs) || abs;
      return { contract: loadContract(file), display, name: display(file) };
    };
    const b = open(opts.base);
    const h = open(opts.revision);
    const ignoreFile = opts.ignoreFile !== undefined ? path.resolve(cwd, opts.ignoreFile) : (settings.ignoreFile ?? path.resolve(project.root, 'contracts/charter-ignore.yaml'));
    const ignore = loadIgnoreFile(ignoreFile, { required: opts.ignoreFile !== undefined });
    const found = diffContracts(b.contract, h.contract, { today, baseDisplay: b.display, headDisplay: h.display, policy: settings.policy, overrides: settings.rules });
    const findings = applyIgnores(found, ignore, today, { reportUnmatched: false });
    const info = (c: typeof b.contract) => (c.doc as Record<string, any>).info ?? {};
    io.stdout(
      renderChangelog(findings, {
        title: typeof info(h.contract).title === 'string' ? info(h.contract).title : undefined,
        from: info(b.contract).version !== undefined ? String(info(b.contract).version) : undefined,
        to: info(h.contract).version !== undefined ? String(info(h.contract).version) : undefined,
        compared: `${b.name} → ${h.name}`,
      }),
    );
    return 0;
  } catch (e) {
    if (e instanceof ContractError) {
      io.stderr(`${e.format()}\n`);
      return 2;
    }
    if (e instanceof Error && /revision|git/i.test(e.message)) {
      io.stderr(`charter changelog: ${e.message}\n`);
      return 2;
    }
    throw e;
  } finally {
    for (const t of temps) t.cleanup();
  }
}
