/**
 * The `diff:` section of charter.config.yaml (found and parsed by config/project.ts):
 *
 *   diff:
 *     ignoreFile: contracts/charter-ignore.yaml   # accepted changes (default)
 *     lifecycle:
 *       levels: [draft, alpha, beta, stable]      # x-stability-level values, least stable first
 *       defaultLevel: stable                      # for operations without x-stability-level
 *       allow: { draft: breaking, alpha: breaking, beta: none, stable: none }
 *       deprecationDays: { beta: 31, stable: 180 }
 *       requireSunset: false
 *       dateFormat: any                           # date | http-date | any
 *     rules:
 *       request-default-changed: { level: breaking, reason: Our clients rely on defaults. }
 *       response-property-added: { level: off, reason: Tracked by the changelog instead. }
 *
 * A mistake in the section (an unknown rule id, a bad level, an override without a reason)
 * is a located ContractError: exit 2.
 */
import { ContractError } from '../loader/errors.ts';
import type { ProjectConfig } from '../config/project.ts';
import { ALLOWANCES, DATE_FORMATS, DEFAULT_POLICY, type Allowance, type DateFormat, type DiffSettings, type LifecyclePolicy, type RuleOverride } from './policy.ts';
import { LEVELS } from './types.ts';

const KEYS = ['ignoreFile', 'lifecycle', 'rules'];
const LIFECYCLE_KEYS = ['levels', 'defaultLevel', 'allow', 'deprecationDays', 'requireSunset', 'dateFormat'];

export interface DiffConfig extends DiffSettings {
  /** Absolute path of the configured ignore file, when set. */
  ignoreFile?: string;
}

export function defaultDiffConfig(): DiffConfig {
  return { policy: clonePolicy(DEFAULT_POLICY), rules: {} };
}

function clonePolicy(p: LifecyclePolicy): LifecyclePolicy {
  return { ...p, levels: [...p.levels], allow: { ...p.allow }, deprecationDays: { ...p.deprecationDays } };
}

const isMap = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/** The diff settings of a project; `ruleIds` are the known rule ids (overrides naming others are refused). */
export function diffConfigOf(project: ProjectConfig, ruleIds: Iterable<string>): DiffConfig {
  const out = defaultDiffConfig();
  if (project.file) out.file = project.display(project.file);
  const diff = project.section('diff');
  const at = (pointer: string) => project.locate(pointer);
  if (diff === undefined || diff === null) return out;
  if (!isMap(diff)) throw new ContractError('`diff` must be a mapping (ignoreFile, lifecycle, rules)', at('/diff'));
  for (const [key, value] of Object.entries(diff)) {
    if (key === 'ignoreFile') {
      if (typeof value !== 'string' || !value) throw new ContractError('`diff.ignoreFile` must be a file path', at('/diff/ignoreFile'));
      out.ignoreFile = project.resolve(value);
    } else if (key === 'lifecycle') {
      if (value === null) continue;
      out.policy = readLifecycle(value, at);
    } else if (key === 'rules') {
      if (value === null) continue;
      out.rules = readOverrides(value, new Set(ruleIds), at);
    } else throw new ContractError(`unknown setting diff.${key}`, at(`/diff/${key}`), `The diff section takes ${KEYS.join(', ')}.`);
  }
  return out;
}

function readLifecycle(value: unknown, at: ProjectConfig['locate']): LifecyclePolicy {
  if (!isMap(value)) throw new ContractError('`diff.lifecycle` must be a mapping', at('/diff/lifecycle'), `Keys: ${LIFECYCLE_KEYS.join(', ')}.`);
  const p = clonePolicy(DEFAULT_POLICY);
  const here = (k: string) => at(`/diff/lifecycle/${k}`);
  for (const k of Object.keys(value)) if (!LIFECYCLE_KEYS.includes(k)) throw new ContractError(`unknown setting diff.lifecycle.${k}`, here(k), `Keys: ${LIFECYCLE_KEYS.join(', ')}.`);
  if (value.levels !== undefined) {
    const l = value.levels;
    if (!Array.isArray(l) || !l.length || !l.every((x) => typeof x === 'string' && x) || new Set(l).size !== l.length) {
      throw new ContractError('`diff.lifecycle.levels` must be a list of distinct level names, least stable first', here('levels'));
    }
    p.levels = l as string[];
    // Levels the defaults do not know allow nothing and need no deprecation window until configured.
    p.allow = Object.fromEntries(p.levels.map((n) => [n, DEFAULT_POLICY.allow[n] ?? 'none']));
    p.deprecationDays = Object.fromEntries(p.levels.map((n) => [n, DEFAULT_POLICY.deprecationDays[n] ?? 0]));
    if (!p.levels.includes(p.defaultLevel)) p.defaultLevel = p.levels[p.levels.length - 1]!;
  }
  if (value.defaultLevel !== undefined) {
    if (typeof value.defaultLevel !== 'string' || !p.levels.includes(value.defaultLevel)) throw new ContractError(`\`diff.lifecycle.defaultLevel\` must be one of ${p.levels.join(', ')}`, here('defaultLevel'));
    p.defaultLevel = value.defaultLevel;
  }
  if (value.allow !== undefined) {
    if (!isMap(value.allow)) throw new ContractError('`diff.lifecycle.allow` must map stability levels to breaking, warning or none', here('allow'));
    for (const [lvl, a] of Object.entries(value.allow)) {
      if (!p.levels.includes(lvl)) throw new ContractError(`unknown stability level "${lvl}"`, at(`/diff/lifecycle/allow/${lvl}`), `Levels: ${p.levels.join(', ')}.`);
      if (typeof a !== 'string' || !ALLOWANCES.includes(a as Allowance)) throw new ContractError(`what ${lvl} allows must be one of ${ALLOWANCES.join(', ')}`, at(`/diff/lifecycle/allow/${lvl}`));
      p.allow[lvl] = a as Allowance;
    }
  }
  if (value.deprecationDays !== undefined) {
    const d = value.deprecationDays;
    if (typeof d === 'number') {
      if (!Number.isInteger(d) || d < 0) throw new ContractError('`diff.lifecycle.deprecationDays` must be a whole number of days, or a mapping level → days', here('deprecationDays'));
      for (const lvl of p.levels) p.deprecationDays[lvl] = d;
    } else if (isMap(d)) {
      for (const [lvl, n] of Object.entries(d)) {
        if (!p.levels.includes(lvl)) throw new ContractError(`unknown stability level "${lvl}"`, at(`/diff/lifecycle/deprecationDays/${lvl}`), `Levels: ${p.levels.join(', ')}.`);
        if (typeof n !== 'number' || !Number.isInteger(n) || n < 0) throw new ContractError(`the deprecation window of ${lvl} must be a whole number of days`, at(`/diff/lifecycle/deprecationDays/${lvl}`));
        p.deprecationDays[lvl] = n;
      }
    } else throw new ContractError('`diff.lifecycle.deprecationDays` must be a whole number of days, or a mapping level → days', here('deprecationDays'));
  }
  if (value.requireSunset !== undefined) {
    if (typeof value.requireSunset !== 'boolean') throw new ContractError('`diff.lifecycle.requireSunset` must be true or false', here('requireSunset'));
    p.requireSunset = value.requireSunset;
  }
  if (value.dateFormat !== undefined) {
    if (typeof value.dateFormat !== 'string' || !DATE_FORMATS.includes(value.dateFormat as DateFormat)) throw new ContractError(`\`diff.lifecycle.dateFormat\` must be one of ${DATE_FORMATS.join(', ')}`, here('dateFormat'));
    p.dateFormat = value.dateFormat as DateFormat;
  }
  return p;
}

function readOverrides(value: unknown, known: Set<string>, at: ProjectConfig['locate']): Record<string, RuleOverride> {
  if (!isMap(value)) throw new ContractError('`diff.rules` must map rule ids to { level, reason }', at('/diff/rules'));
  const out: Record<string, RuleOverride> = {};
  for (const [id, o] of Object.entries(value)) {
    const here = at(`/diff/rules/${id}`);
    if (!known.has(id)) throw new ContractError(`unknown diff rule "${id}"`, here, 'See docs/diff-rules.md (or `charter diff --rules`) for the rule ids.');
    if (!isMap(o)) throw new ContractError(`the override of ${id} must be a mapping { level, reason }`, here);
    for (const k of Object.keys(o)) if (k !== 'level' && k !== 'reason') throw new ContractError(`unknown setting diff.rules.${id}.${k}`, at(`/diff/rules/${id}/${k}`), 'An override takes level and reason.');
    const levels = [...LEVELS, 'off'];
    if (typeof o.level !== 'string' || !levels.includes(o.level)) throw new ContractError(`the level of ${id} must be one of ${levels.join(', ')}`, at(`/diff/rules/${id}/level`));
    if (typeof o.reason !== 'string' || !o.reason.trim()) throw new ContractError(`the override of ${id} needs a reason`, here, 'Say why the project treats this rule differently: reviewers read it.');
    out[id] = { level: o.level as RuleOverride['level'], reason: o.reason.trim() };
  }
  return out;
}
