/**
 * `charter diff` as a library: compare two loaded contracts and get findings.
 *
 *   import { diffContracts } from './scripts/charter/diff/index.ts';
 *   const findings = diffContracts(loadContract(a), loadContract(b));
 *
 * Each finding carries its rule id, level, message, the operation or channel, a location
 * (file, line, JSON pointer) and a `context` (method, path, status, media type, schema
 * path) so later tools can map findings to the consumers they affect.
 */
import { ContractError } from '../loader/errors.ts';
import type { LoadedContract } from '../loader/load.ts';
import { DocSide } from './docside.ts';
import { checkKinds, Engine, sortFindings, type DiffOptions } from './engine.ts';
import { ALL_RULES } from './rules/index.ts';
import type { Finding, Level } from './types.ts';
import { DEFAULT_POLICY, type LifecyclePolicy, type RuleOverride } from './policy.ts';
import { versionPolicy } from './version.ts';

export type { DiffOptions } from './engine.ts';
export type { Finding, FindingContext, FindingLocation, Level, Direction, RuleMeta } from './types.ts';
export { LEVELS, LEVEL_RANK } from './types.ts';
export { ALL_RULES } from './rules/index.ts';

export interface DiffStats {
  schemaPairs: number;
}

export function diffContracts(base: LoadedContract, head: LoadedContract, opts: DiffOptions = {}, stats?: DiffStats): Finding[] {
  checkKinds(base, head);
  checkDocument(base);
  checkDocument(head);
  const b = new DocSide(base, { display: opts.baseDisplay });
  const h = new DocSide(head, { display: opts.headDisplay });
  const overrides = opts.overrides ?? {};
  const rules = (opts.rules ?? ALL_RULES).filter((r) => overrides[r.id]?.level !== 'off');
  const engine = new Engine(b, h, rules, opts);
  if (base.kind === 'openapi') engine.openapi();
  else engine.asyncapi();
  // The policy applies before the version policy: a change the project accepts needs no major bump.
  const first = applyPolicy(engine.finish(), overrides, engine.stability, opts.policy ?? DEFAULT_POLICY);
  engine.raw.length = 0;
  versionPolicy(engine, first, opts.isIgnored);
  const second = applyPolicy(engine.finish(), overrides, new Map(), opts.policy ?? DEFAULT_POLICY);
  if (stats) stats.schemaPairs = engine.schemas.pairs;
  return sortFindings([...first, ...second]);
}

/**
 * The project's levels: a `diff.rules` override replaces the rule's level; on an operation
 * whose (base) stability level allows breaking changes, breaking findings become info (or
 * warnings). Lifecycle findings about the stability level itself are left as they are.
 */
export function applyPolicy(findings: Finding[], overrides: Record<string, RuleOverride>, stability: Map<string, string>, policy: LifecyclePolicy): Finding[] {
  const out: Finding[] = [];
  for (const f of findings) {
    const o = overrides[f.id];
    if (o?.level === 'off') continue;
    if (o && o.level !== f.level) {
      out.push({ ...f, level: o.level, overridden: { from: f.level, reason: o.reason } });
      continue;
    }
    const op = f.operation ?? '';
    const level = stability.get(op);
    const allow = level ? policy.allow[level] : undefined;
    if (f.level === 'breaking' && allow && allow !== 'none' && !f.id.startsWith('stability-level-')) {
      const to: Level = allow === 'breaking' ? 'info' : 'warning';
      out.push({ ...f, level: to, overridden: { from: f.level, reason: `x-stability-level ${level} allows ${allow === 'breaking' ? 'breaking changes' : 'breaking changes, as warnings'}` } });
      continue;
    }
    out.push(f);
  }
  return out;
}

/** What the diff needs of a document beyond what the loader checks. */
function checkDocument(c: LoadedContract): void {
  if (c.kind !== 'asyncapi') return;
  const d = c.doc as Record<string, unknown>;
  const loc = { file: c.file, line: 1 };
  if (d.info === undefined || d.info === null || typeof d.info !== 'object') {
    throw new ContractError(`AsyncAPI ${c.specVersion} document without \`info\``, loc, 'Every AsyncAPI document needs `info` (title and version): the diff reads the version from it.');
  }
  if (c.specVersion.startsWith('2.') && (d.channels === undefined || d.channels === null || typeof d.channels !== 'object')) {
    throw new ContractError(`AsyncAPI ${c.specVersion} document without \`channels\``, loc, 'AsyncAPI 2.x requires `channels` (it may be empty: `channels: {}`).');
  }
}
