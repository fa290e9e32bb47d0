/**
 * Small builders for families of rules that differ only in a keyword and a direction
 * (numeric bounds), and helpers shared by rule checks. Each rule still has its own
 * module, id, level, summary and doc.
 */
import { defineRule, type Rule } from '../rule.ts';
import { isUpperBound, type Bound, type BoundKeyword, type SchemaView } from '../schema-view.ts';
import type { Direction, Level } from '../types.ts';

const KEYWORD_TEXT: Record<BoundKeyword, string> = {
  maximum: 'maximum',
  minimum: 'minimum',
  maxLength: 'maxLength',
  minLength: 'minLength',
  maxItems: 'maxItems',
  minItems: 'minItems',
  maxProperties: 'maxProperties',
  minProperties: 'minProperties',
};

const show = (b: Bound | undefined) => (b ? `${b.exclusive ? '<' : ''}${b.value}` : 'none');

/**
 * A bound rule: `tighter` means the head accepts fewer values than the base
 * (a max decreased or added, a min increased or added).
 */
export function boundRule(o: { id: string; keyword: BoundKeyword; direction: Direction; change: 'tighter' | 'looser'; level: Level; doc?: string }): Rule<'schema'> {
  const upper = isUpperBound(o.keyword);
  const verb = (o.change === 'tighter') === upper ? 'decreased' : 'increased';
  const summary = `${o.direction === 'request' ? 'A request' : 'A response'} ${KEYWORD_TEXT[o.keyword]} ${verb}${o.change === 'tighter' ? (upper ? ' (or was added)' : ' (or was added)') : ' (or was removed)'}.`;
  const why =
    o.level === 'breaking'
      ? o.direction === 'request'
        ? 'Clients may send values the old contract allowed and the new one rejects.'
        : 'Clients may receive values outside the range the old contract promised.'
      : 'The change accepts everything the old contract accepted in this direction, so no client breaks.';
  return defineRule({
    id: o.id,
    level: o.level,
    direction: o.direction,
    on: 'schema',
    summary,
    doc: o.doc ?? `Compares \`${o.keyword}\`${o.keyword === 'maximum' || o.keyword === 'minimum' ? ` (with \`exclusive${upper ? 'Maximum' : 'Minimum'}\`, as a 3.0 boolean or a 3.1 number)` : ''} of the same value on both sides, through \`$ref\`s and \`allOf\`. ${why}`,
    check({ base, head }, ctx) {
      const b = base.bounds[o.keyword];
      const h = head.bounds[o.keyword];
      if (!b && !h) return;
      const t = tightness(b, h, upper);
      if (t === 0) return;
      if ((o.change === 'tighter') !== t > 0) return;
      const side = h ? 'head' : 'base';
      ctx.report(!b ? `${o.keyword} ${show(h)} added` : !h ? `${o.keyword} ${show(b)} removed` : `${o.keyword} ${verb} from ${show(b)} to ${show(h)}`, { keyword: o.keyword, side });
    },
  });
}

/** >0 when head is tighter than base, <0 when looser, 0 when equal. */
function tightness(b: Bound | undefined, h: Bound | undefined, upper: boolean): number {
  if (!b) return h ? 1 : 0;
  if (!h) return -1;
  if (b.value === h.value) return b.exclusive === h.exclusive ? 0 : h.exclusive ? 1 : -1;
  return upper ? (h.value < b.value ? 1 : -1) : h.value > b.value ? 1 : -1;
}

export function fmt(v: unknown): string {
  return typeof v === 'string' ? `"${v}"` : JSON.stringify(v);
}

export function list(vs: unknown[], max = 6): string {
  const shown = vs.slice(0, max).map(fmt).join(', ');
  return vs.length > max ? `${shown} and ${vs.length - max} more` : shown;
}

/** Whether a property is part of the data in that direction (readOnly ones are not sent, writeOnly ones not returned). */
export function visible(v: SchemaView, name: string, dir: Direction): boolean {
  const p = v.properties.get(name);
  if (!p) return false;
  return dir === 'request' ? !p.readOnly : !p.writeOnly;
}

export function isClosed(v: SchemaView): boolean {
  return v.additionalProperties === false;
}

export const isSuccess = (status: string) => /^2(\d\d|XX)$/i.test(status);

/** Compare dates written YYYY-MM-DD or as an HTTP date; undefined when unreadable. */
export function isoDate(s: string | undefined): string | undefined {
  if (!s) return undefined;
  if (/^\d{4}-\d{2}-\d{2}/.test(s)) return s.slice(0, 10);
  const t = Date.parse(s);
  return Number.isNaN(t) ? undefined : new Date(t).toISOString().slice(0, 10);
}

/** The parameter with the same name in another location on the other side, if any. */
export function movedFrom(p: import('../rule.ts').Parameter, others: import('../rule.ts').Parameter[]): import('../rule.ts').Parameter | undefined {
  const lname = p.name.toLowerCase();
  return others.find((o) => o.in !== p.in && o.name.toLowerCase() === lname);
}
