/**
 * Small builders for families of rules that differ only in a keyword and a direction
 * (numeric bounds), and helpers shared by rule checks. Each rule still has its own
 * module, id, level, summary and doc.
 */
import { defineRule, type Rule } from '../rule.ts';
import { isUpperBound, readView, typesCover, type Bound, type BoundKeyword, type SchemaView } from '../schema-view.ts';
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
  maxContains: 'maxContains',
  minContains: 'minContains',
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

// ------------------------------------------------------------------ JSON Schema 2020-12

/** The 2020-12 keywords compared as constraints: present on one side only means the accepted instances changed. */
export type Constraint =
  | 'prefixItems'
  | 'contains'
  | 'dependentRequired'
  | 'dependentSchemas'
  | 'conditional'
  | 'patternProperties'
  | 'propertyNames'
  | 'unevaluatedProperties'
  | 'unevaluatedItems'
  | 'contentSchema'
  | 'not';

const CONSTRAINT_TEXT: Record<Constraint, string> = {
  prefixItems: '`prefixItems` (positional item schemas)',
  contains: '`contains`',
  dependentRequired: '`dependentRequired`',
  dependentSchemas: '`dependentSchemas`',
  conditional: '`if`/`then`/`else`',
  patternProperties: '`patternProperties`',
  propertyNames: '`propertyNames`',
  unevaluatedProperties: 'a schema for `unevaluatedProperties`',
  unevaluatedItems: '`unevaluatedItems`',
  contentSchema: '`contentSchema`',
  not: '`not`',
};

interface ConstraintChange {
  message: string;
  side: 'base' | 'head';
  node?: import('../types.ts').Node;
}

const canon = (side: import('../docside.ts').DocSide, n: import('../types.ts').Node | undefined) => (n ? JSON.stringify(side.deref(n).value ?? null) : undefined);

/**
 * What one side constrains and the other does not, for a 2020-12 keyword. `added`: the head
 * accepts fewer instances there (a request narrows); `removed`: the head accepts more (a
 * response widens). Sub-schemas present on both sides are compared by the engine.
 */
export function constraintChanges(c: Constraint, base: SchemaView, head: SchemaView, ctx: import('../rule.ts').RuleCtx): { added: ConstraintChange[]; removed: ConstraintChange[] } {
  const added: ConstraintChange[] = [];
  const removed: ConstraintChange[] = [];
  const presence = (b: unknown, h: unknown, what: string, hn?: import('../types.ts').Node, bn?: import('../types.ts').Node) => {
    if (!b && h) added.push({ message: `${what} added`, side: 'head', node: hn });
    if (b && !h) removed.push({ message: `${what} removed`, side: 'base', node: bn });
  };
  switch (c) {
    case 'prefixItems': {
      // Position i is governed by prefixItems[i], else by items (nothing when items is false).
      const at = (v: SchemaView, i: number): unknown => (v.prefixItems && i < v.prefixItems.length ? v.prefixItems[i] : v.itemsFalse ? false : v.items);
      const bl = base.prefixItems?.length ?? 0;
      const hl = head.prefixItems?.length ?? 0;
      for (let i = 0; i < Math.max(bl, hl); i++) {
        const b = at(base, i);
        const h = at(head, i);
        if (b === undefined && h !== undefined && i < hl) added.push({ message: `item ${i} must now match prefixItems/${i}`, side: 'head', node: head.prefixItems![i] });
        if (b !== undefined && h === undefined && i < bl) removed.push({ message: `item ${i} no longer has a schema (prefixItems/${i} removed)`, side: 'base', node: base.prefixItems![i] });
      }
      if (head.itemsFalse && !base.itemsFalse && !base.items && hl) added.push({ message: `no items allowed after the first ${hl}`, side: 'head', node: head.at.items });
      if (base.itemsFalse && !head.itemsFalse && !head.items && bl) removed.push({ message: `items after the first ${bl} are allowed again`, side: 'base', node: base.at.items });
      break;
    }
    case 'contains':
      presence(base.contains, head.contains, '`contains`', head.contains, base.contains);
      break;
    case 'dependentRequired': {
      for (const [k, names] of head.dependentRequired) {
        const had = new Set(base.dependentRequired.get(k) ?? []);
        const more = names.filter((n) => !had.has(n));
        if (more.length) added.push({ message: `when \`${k}\` is present, ${list(more)} now required too`, side: 'head', node: head.at.dependentRequired });
      }
      for (const [k, names] of base.dependentRequired) {
        const has = new Set(head.dependentRequired.get(k) ?? []);
        const fewer = names.filter((n) => !has.has(n));
        if (fewer.length) removed.push({ message: `when \`${k}\` is present, ${list(fewer)} no longer required`, side: 'base', node: base.at.dependentRequired });
      }
      break;
    }
    case 'dependentSchemas':
      for (const [k, n] of head.dependentSchemas) if (!base.dependentSchemas.has(k)) added.push({ message: `dependent schema for \`${k}\` added`, side: 'head', node: n });
      for (const [k, n] of base.dependentSchemas) if (!head.dependentSchemas.has(k)) removed.push({ message: `dependent schema for \`${k}\` removed`, side: 'base', node: n });
      break;
    case 'conditional': {
      const b = base.conditional;
      const h = head.conditional;
      if (!b || !h) {
        presence(b, h, 'condition (`if`/`then`/`else`)', head.at.if, base.at.if);
        break;
      }
      if (canon(ctx.base, b.if) !== canon(ctx.head, h.if)) {
        added.push({ message: 'condition (`if`) changed: other instances must now match `then`/`else`', side: 'head', node: h.if ?? head.at.if });
        removed.push({ message: 'condition (`if`) changed: instances the old condition constrained may now differ', side: 'head', node: h.if ?? head.at.if });
        break;
      }
      presence(b.then, h.then, '`then` branch', h.then, b.then);
      presence(b.else, h.else, '`else` branch', h.else, b.else);
      break;
    }
    case 'patternProperties':
      // On a closed object a pattern allows properties instead of constraining them: left to the additionalProperties rules.
      if (!isClosed(head)) for (const [k, n] of head.patternProperties) if (!base.patternProperties.has(k)) added.push({ message: `properties matching /${k}/ must now match a schema`, side: 'head', node: n });
      if (!isClosed(base)) for (const [k, n] of base.patternProperties) if (!head.patternProperties.has(k)) removed.push({ message: `properties matching /${k}/ no longer have a schema`, side: 'base', node: n });
      break;
    case 'propertyNames':
      presence(base.propertyNames, head.propertyNames, '`propertyNames` constraint', head.propertyNames, base.propertyNames);
      break;
    case 'unevaluatedProperties':
      if (base.additionalProperties === undefined && head.additionalProperties === undefined) presence(base.unevaluatedProperties, head.unevaluatedProperties, '`unevaluatedProperties` schema', head.unevaluatedProperties, base.unevaluatedProperties);
      break;
    case 'unevaluatedItems':
      if (base.unevaluatedItems === undefined && head.unevaluatedItems !== undefined) added.push({ message: head.unevaluatedItems === false ? 'unevaluated items are now refused (`unevaluatedItems: false`)' : '`unevaluatedItems` schema added', side: 'head', node: head.at.unevaluatedItems });
      if (base.unevaluatedItems !== undefined && head.unevaluatedItems === undefined) removed.push({ message: '`unevaluatedItems` removed', side: 'base', node: base.at.unevaluatedItems });
      if (base.unevaluatedItems !== undefined && base.unevaluatedItems !== false && head.unevaluatedItems === false) added.push({ message: 'unevaluated items are now refused (`unevaluatedItems: false`)', side: 'head', node: head.at.unevaluatedItems });
      if (base.unevaluatedItems === false && head.unevaluatedItems !== undefined && head.unevaluatedItems !== false) removed.push({ message: 'unevaluated items are allowed again', side: 'head', node: head.at.unevaluatedItems });
      break;
    case 'contentSchema':
      presence(base.contentSchema, head.contentSchema, '`contentSchema`', head.contentSchema, base.contentSchema);
      break;
    case 'not':
      presence(base.not, head.not, '`not` exclusion', head.not, base.not);
      break;
  }
  return { added, removed };
}

/** A rule for one 2020-12 keyword, one direction and one change (see constraintChanges). */
export function constraintRule(o: { id: string; keyword: Constraint; direction: Direction; change: 'added' | 'removed' }): Rule<'schema'> {
  const narrows = o.change === 'added';
  const breaking = (o.direction === 'request') === narrows;
  const text = CONSTRAINT_TEXT[o.keyword];
  const who = o.direction === 'request' ? 'request' : 'response';
  const why = breaking
    ? o.direction === 'request'
      ? 'The request accepts fewer instances than before: clients that send what the old contract allowed are rejected.'
      : 'The response may contain instances the old contract ruled out: clients that rely on the old promise break.'
    : o.direction === 'request'
      ? 'The request accepts more instances than before: what clients send still works.'
      : 'The response promises more than before: what clients read still fits.';
  return defineRule({
    id: o.id,
    level: breaking ? 'breaking' : 'info',
    direction: o.direction,
    on: 'schema',
    summary: `A ${who} schema ${narrows ? 'gained' : 'lost'} a ${text} constraint${o.keyword === 'conditional' || o.keyword === 'not' ? ' (or it changed)' : ''}.`,
    doc:
      `Compares ${text} as a constraint on the accepted instances (JSON Schema 2020-12, as OpenAPI 3.1 and AsyncAPI use it), through \`$ref\`s and \`allOf\`. ${why}` +
      (o.keyword === 'prefixItems' ? ' Positions are compared one by one: position i is governed by `prefixItems[i]`, else by `items`.' : '') +
      (o.keyword === 'not' ? ' When both sides have `not`, the excluded schemas are compared in the opposite direction: a wider exclusion is a narrower schema.' : '') +
      ' Sub-schemas present on both sides are compared like any other schema.',
    check({ base, head }, ctx) {
      const found = constraintChanges(o.keyword, base, head, ctx)[o.change];
      for (const f of found) ctx.report(f.message, f.node ? { side: f.side, pointer: f.node.pointer, file: f.node.file } : { side: f.side });
    },
  });
}

// ------------------------------------------------------------------ oneOf exclusivity

/**
 * A schema became a `oneOf` whose variants overlap for the instances the base described:
 * every old instance matches two or more variants, so `oneOf` (exactly one) rejects it.
 * A variant is counted when nothing in it can tell an old instance apart: its types cover
 * the base's, it requires only what the base required, its properties (of those the base
 * required) are no narrower in type and fix no value, and it is not closed.
 */
export function oneOfOverlap({ base, head }: { base: SchemaView; head: SchemaView }, ctx: import('../rule.ts').RuleCtx): void {
  if (head.branches?.kind !== 'oneOf' || head.branches.nodes.length < 2) return;
  if (base.branches || base.never) return;
  const matching: string[] = [];
  head.branches.nodes.forEach((n, i) => {
    const v = readView(ctx.head, n);
    if (v.never || v.not || v.const || v.enum) return;
    if (!typesCover(v.types, base.types)) return;
    for (const r of v.required) if (!base.required.has(r)) return;
    if (isClosed(v) && !(isClosed(base) && [...base.properties.keys()].every((k) => v.properties.has(k)))) return;
    for (const [name, p] of v.properties) {
      if (!base.required.has(name)) continue;
      const pv = readView(ctx.head, p.node);
      const bp = base.properties.get(name);
      const bpv = bp ? readView(ctx.base, bp.node) : undefined;
      if (pv.const || pv.enum || pv.never) return;
      if (pv.types && !typesCover(pv.types, bpv?.types)) return;
    }
    matching.push(`#${i}`);
  });
  if (matching.length >= 2) {
    ctx.report(`became a oneOf whose variants ${matching.join(', ')} all match every instance valid before: oneOf accepts exactly one, so those instances are rejected`, { keyword: 'oneOf' });
  }
}
