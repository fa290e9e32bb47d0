/**
 * The lifecycle policy and the per-rule severity overrides of `charter diff`: what the
 * `diff:` section of charter.config.yaml says (read in config.ts), with defaults that
 * follow common practice (oasdiff's stability levels and deprecation windows, RFC 8594
 * sunset dates). Rules read the policy from their context; the engine applies it.
 */
import type { Level } from './types.ts';

/** What a stability level allows: `breaking` (breaking changes are only info there), `warning` (reported as warnings), `none` (nothing relaxed). */
export type Allowance = 'breaking' | 'warning' | 'none';
export const ALLOWANCES: Allowance[] = ['breaking', 'warning', 'none'];

/** How `x-sunset` dates are written: `date` (YYYY-MM-DD), `http-date` (RFC 9110 IMF-fixdate, as in the Sunset header), `any` (either). */
export type DateFormat = 'date' | 'http-date' | 'any';
export const DATE_FORMATS: DateFormat[] = ['date', 'http-date', 'any'];

export interface LifecyclePolicy {
  /** Stability levels, least stable first. `x-stability-level` must be one of them. */
  levels: string[];
  /** Level → what it allows to change. */
  allow: Record<string, Allowance>;
  /** Level → minimum days between deprecation and sunset (and so before removal). */
  deprecationDays: Record<string, number>;
  /** The level of an operation without `x-stability-level`. */
  defaultLevel: string;
  /** Whether deprecating an operation or parameter requires an `x-sunset` date. */
  requireSunset: boolean;
  dateFormat: DateFormat;
}

export const DEFAULT_POLICY: LifecyclePolicy = {
  levels: ['draft', 'alpha', 'beta', 'stable'],
  allow: { draft: 'breaking', alpha: 'breaking', beta: 'none', stable: 'none' },
  deprecationDays: { draft: 0, alpha: 0, beta: 31, stable: 180 },
  defaultLevel: 'stable',
  requireSunset: false,
  dateFormat: 'any',
};

export interface RuleOverride {
  /** The new level, or `off`. */
  level: Level | 'off';
  reason: string;
}

export interface DiffSettings {
  policy: LifecyclePolicy;
  rules: Record<string, RuleOverride>;
  /** The config file read, if any. */
  file?: string;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** A sunset date read under the policy's format, as YYYY-MM-DD; undefined when invalid. */
export function parseSunset(value: unknown, format: DateFormat): string | undefined {
  if (typeof value !== 'string') return undefined;
  const s = value.trim();
  if (format !== 'http-date') {
    const m = /^(\d{4})-(\d{2})-(\d{2})(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2}))?$/.exec(s);
    if (m && validDay(+m[1]!, +m[2]!, +m[3]!)) return `${m[1]}-${m[2]}-${m[3]}`;
  }
  if (format !== 'date') {
    const m = /^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), (\d{2}) (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) (\d{4}) (\d{2}):(\d{2}):(\d{2}) GMT$/.exec(s);
    if (m) {
      const month = MONTHS.indexOf(m[3]!) + 1;
      if (validDay(+m[4]!, month, +m[2]!)) return `${m[4]}-${String(month).padStart(2, '0')}-${m[2]}`;
    }
  }
  return undefined;
}

function validDay(y: number, m: number, d: number): boolean {
  if (m < 1 || m > 12 || d < 1) return false;
  const days = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return d <= days;
}

export function addDays(day: string, n: number): string {
  const t = Date.parse(`${day}T00:00:00Z`) + n * 86400000;
  return new Date(t).toISOString().slice(0, 10);
}

/** The stability level of an operation-like object (its `x-stability-level`, else the policy default). */
export function stabilityOf(v: unknown, policy: LifecyclePolicy): string {
  const s = v && typeof v === 'object' ? (v as Record<string, unknown>)['x-stability-level'] : undefined;
  return typeof s === 'string' && policy.levels.includes(s) ? s : policy.defaultLevel;
}

export const formatText: Record<DateFormat, string> = { date: 'YYYY-MM-DD', 'http-date': 'an HTTP date (Sun, 06 Nov 2026 08:49:37 GMT)', any: 'YYYY-MM-DD or an HTTP date' };
