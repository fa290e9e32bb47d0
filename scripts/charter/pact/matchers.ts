/**
 * Pact matching rules and generators, as the static check (`can-i-deploy`) honours them.
 *
 * A pact's body holds one example; its matching rules say what else the consumer accepts. The
 * comparator and ajv judge the example against the contract, which is right for an exact value and
 * for a `regex` (the example must satisfy both), but too strict under a type matcher (`type`,
 * `integer`, `decimal`, `number`, `boolean`, and `min`/`max` forms): there the consumer accepts any
 * value of that type, so the contract only has to allow the type, and a failure on a value
 * constraint (`enum`, `maximum`, `pattern`, `format`, …) of a type-matched field is no break.
 * Type matchers cascade to the children of the object or array they are on; the most specific
 * rule for a path wins (as in Pact).
 *
 * Generators replace a request value when the verifier replays it, so the static check judges the
 * value that will be sent: a generated UUID, date-time, random number or string stands in for the
 * example. `ProviderState`, `Regex`, `MockServerURL` and formatted dates keep the example.
 */
import type { PactInteraction, PactRequest } from './pact-files.ts';

const TYPE_MATCHERS = new Set(['type', 'integer', 'decimal', 'number', 'boolean']);
const VALUE_KEYWORDS = new Set(['enum', 'const', 'pattern', 'format', 'minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum', 'minLength', 'maxLength', 'multipleOf']);

type Segment = string;

/** `$.a.b[*]['c-d'][0]` → ['a', 'b', '*', 'c-d', '0']. */
export function parseRulePath(key: string): Segment[] | undefined {
  if (!key.startsWith('$')) return undefined;
  const out: Segment[] = [];
  const re = /\.([^.[\]]+)|\[\s*'((?:[^'\\]|\\.)*)'\s*\]|\[\s*"((?:[^"\\]|\\.)*)"\s*\]|\[\s*(\*|\d+)\s*\]/g;
  let at = 1;
  for (let m = re.exec(key); m; m = re.exec(key)) {
    if (m.index !== at) return undefined;
    out.push(m[1] ?? m[2] ?? m[3] ?? m[4]!);
    at = re.lastIndex;
  }
  return at === key.length ? out : undefined;
}

function prefixMatches(rule: Segment[], target: Segment[]): boolean {
  if (rule.length > target.length) return false;
  return rule.every((s, i) => s === '*' || s === target[i]);
}

interface Rule {
  path: Segment[];
  matchers: Array<Record<string, unknown>>;
}

function rulesOf(category: unknown): Rule[] {
  if (!category || typeof category !== 'object') return [];
  const out: Rule[] = [];
  for (const [key, value] of Object.entries(category as Record<string, unknown>)) {
    const p = parseRulePath(key);
    if (!p) continue;
    const matchers = Array.isArray((value as { matchers?: unknown })?.matchers) ? ((value as { matchers: Array<Record<string, unknown>> }).matchers) : [value as Record<string, unknown>];
    out.push({ path: p, matchers });
  }
  return out;
}

/** Whether the value at `target` (in the body these rules are for) is matched by type, not by value. */
export function matchedByType(bodyRules: unknown, target: Segment[]): boolean {
  const applicable = rulesOf(bodyRules).filter((r) => prefixMatches(r.path, target));
  if (!applicable.length) return false;
  // Most specific: the longest path, with fewer wildcards breaking ties.
  applicable.sort((a, b) => b.path.length - a.path.length || a.path.filter((s) => s === '*').length - b.path.filter((s) => s === '*').length);
  const best = applicable[0]!;
  return best.matchers.length > 0 && best.matchers.every((m) => TYPE_MATCHERS.has(String(m.match)) || (m.match === undefined && (m.min !== undefined || m.max !== undefined)));
}

/** Whether a schema finding by `keyword` at `target` is about a value the consumer matches only by type. */
export function excusedByTypeMatcher(bodyRules: unknown, target: Segment[], keyword: string): boolean {
  return VALUE_KEYWORDS.has(keyword) && matchedByType(bodyRules, target);
}

/** The body rules of an interaction part: v3/v4 `body`, or v4 messages' `content`. */
export function bodyRules(rules: Record<string, unknown> | undefined): unknown {
  return rules?.body ?? rules?.content;
}

// ---- generators -------------------------------------------------------------------------------

function generated(g: Record<string, unknown>, example: unknown): unknown {
  switch (g.type) {
    case 'Uuid':
      return '3f2a1c9e-8d4b-4e21-9f3a-0c5d7e8f9a1b';
    case 'RandomInt':
      return typeof g.min === 'number' ? g.min : 0;
    case 'RandomDecimal':
      return 1.5;
    case 'RandomHexadecimal':
      return 'a'.repeat(typeof g.digits === 'number' ? g.digits : 8);
    case 'RandomString':
      return 'x'.repeat(typeof g.size === 'number' ? g.size : 10);
    case 'RandomBoolean':
      return true;
    case 'DateTime':
      return g.format ? example : '2026-01-02T03:04:05.000Z';
    case 'Date':
      return g.format ? example : '2026-01-02';
    case 'Time':
      return g.format ? example : '03:04:05';
    default:
      return example; // ProviderState, Regex, MockServerURL: the example stands
  }
}

function setAt(value: unknown, p: Segment[], make: (old: unknown) => unknown): unknown {
  if (!p.length) return make(value);
  const [head, ...rest] = p as [Segment, ...Segment[]];
  if (Array.isArray(value)) return value.map((v, i) => (head === '*' || head === String(i) ? setAt(v, rest, make) : v));
  if (value && typeof value === 'object') {
    const o = { ...(value as Record<string, unknown>) };
    for (const k of Object.keys(o)) if (head === '*' || head === k) o[k] = setAt(o[k], rest, make);
    return o;
  }
  return value;
}

/** The request as the verifier will send it: generated values in place of the examples. */
export function withRequestGenerators(i: PactInteraction): PactInteraction {
  const g = i.request?.generators as Record<string, Record<string, Record<string, unknown>>> | undefined;
  if (!g || !i.request) return i;
  const request: PactRequest = { ...i.request };
  if (g.body && request.body) {
    let content = request.body.content;
    for (const [key, gen] of Object.entries(g.body)) {
      const p = parseRulePath(key);
      if (p) content = setAt(content, p, (old) => generated(gen, old));
    }
    request.body = { ...request.body, content };
  }
  if (g.query && request.query) {
    request.query = Object.fromEntries(Object.entries(request.query).map(([k, v]) => [k, g.query![k] ? v.map((x) => String(generated(g.query![k]!, x))) : v]));
  }
  if (g.header && request.headers) {
    request.headers = Object.fromEntries(
      Object.entries(request.headers).map(([k, v]) => {
        const gen = Object.entries(g.header!).find(([h]) => h.toLowerCase() === k.toLowerCase())?.[1];
        if (!gen) return [k, v];
        return [k, Array.isArray(v) ? v.map((x) => String(generated(gen, x))) : String(generated(gen, v))];
      }),
    );
  }
  return { ...i, request };
}
