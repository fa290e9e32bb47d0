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
import type { LoadedContract } from '../loader/load.ts';
import { DocSide } from './docside.ts';
import { checkKinds, Engine, sortFindings, type DiffOptions } from './engine.ts';
import { ALL_RULES } from './rules/index.ts';
import type { Finding } from './types.ts';
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
  const b = new DocSide(base, { display: opts.baseDisplay });
  const h = new DocSide(head, { display: opts.headDisplay });
  const engine = new Engine(b, h, opts.rules ?? ALL_RULES, opts);
  if (base.kind === 'openapi') engine.openapi();
  else engine.asyncapi();
  const first = engine.finish();
  engine.raw.length = 0;
  versionPolicy(engine, first, opts.isIgnored);
  const second = engine.finish();
  if (stats) stats.schemaPairs = engine.schemas.pairs;
  return sortFindings([...first, ...second]);
}
