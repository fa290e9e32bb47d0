/**
 * Direction-aware comparison of two schemas. Each (base node, head node, direction) pair
 * is compared once: results are memoised, and a pair met again while it is being
 * compared (a circular schema) contributes nothing the second time.
 */
import type { DocSide } from './docside.ts';
import { DeepHasher, structHash } from './hash.ts';
import type { Rule, RuleCtx } from './rule.ts';
import { readView, typesCover, type SchemaView } from './schema-view.ts';
import type { Direction, Node, Side } from './types.ts';
import { DEFAULT_POLICY, type LifecyclePolicy } from './policy.ts';
import { escapePointer } from '../loader/source.ts';

/** A finding inside a schema, before it is attached to an operation or message. */
export interface SchemaFinding {
  rule: Rule;
  message: string;
  side: Side;
  file: string;
  pointer: string;
  schemaPath: string[];
}

export interface BranchMatch {
  pairs: Array<[Node, Node]>;
  removed: Node[];
  added: Node[];
  /** One side has oneOf/anyOf and the other a plain schema. */
  mixed: boolean;
}

export class SchemaComparer {
  readonly #memo = new Map<string, SchemaFinding[]>();
  readonly #active = new Set<string>();
  readonly #rules: Record<Direction, Rule<'schema'>[]>;
  readonly #base: DocSide;
  readonly #head: DocSide;
  readonly #today: string;
  readonly #policy: LifecyclePolicy;
  /** The rule reporting a `not` schema that changed so that the direction breaks, per direction. */
  readonly #notRule: Partial<Record<Direction, Rule<'schema'>>>;
  pairs = 0;
  readonly #baseHash: DeepHasher;
  readonly #headHash: DeepHasher;

  constructor(base: DocSide, head: DocSide, rules: Rule<'schema'>[], today: string, policy: LifecyclePolicy = DEFAULT_POLICY) {
    this.#base = base;
    this.#head = head;
    this.#today = today;
    this.#policy = policy;
    this.#notRule = { request: rules.find((r) => r.id === 'request-not-added'), response: rules.find((r) => r.id === 'response-not-removed') };
    this.#baseHash = new DeepHasher(base);
    this.#headHash = new DeepHasher(head);
    this.#rules = {
      request: rules.filter((r) => r.direction === 'request' || r.direction === 'both'),
      response: rules.filter((r) => r.direction === 'response' || r.direction === 'both'),
    };
  }

  compare(b: Node, h: Node, dir: Direction): SchemaFinding[] {
    const bn = this.#base.deref(b);
    const hn = this.#head.deref(h);
    const key = `${bn.file}#${bn.pointer}\u0000${hn.file}#${hn.pointer}\u0000${dir}`;
    const memo = this.#memo.get(key);
    if (memo) return memo;
    if (this.#active.has(key)) return [];
    const bh = structHash(bn.value);
    const hh = structHash(hn.value);
    if (!bh.hasRef && !hh.hasRef ? bh.hash === hh.hash : sameDeep(this.#baseHash.hash(bn), this.#headHash.hash(hn))) {
      this.#memo.set(key, []);
      return [];
    }
    this.#active.add(key);
    this.pairs++;
    const out: SchemaFinding[] = [];
    try {
      this.#compareViews(readView(this.#base, bn), readView(this.#head, hn), dir, out);
    } finally {
      this.#active.delete(key);
    }
    this.#memo.set(key, out);
    return out;
  }

  #compareViews(bv: SchemaView, hv: SchemaView, dir: Direction, out: SchemaFinding[]): void {
    const match = bv.branches || hv.branches ? this.#matchBranches(bv, hv, dir) : undefined;
    const payload = { base: bv, head: hv, dir, branches: match };
    let current: Rule<'schema'> | undefined;
    const ctx: RuleCtx = {
      base: this.#base,
      head: this.#head,
      today: this.#today,
      policy: this.#policy,
      context: {},
      report: (message, opts = {}) => {
        const side: Side = opts.side ?? 'head';
        const view = side === 'base' ? bv : hv;
        const kw = opts.keyword;
        const at = kw ? view.at[kw] : undefined;
        out.push({
          rule: current as unknown as Rule,
          message,
          side,
          file: opts.file ?? at?.file ?? view.node.file,
          pointer: opts.pointer ?? (at ? at.pointer : kw ? `${view.node.pointer}/${kw}` : view.node.pointer),
          schemaPath: opts.schemaPath ?? [],
        });
      },
    };
    for (const rule of this.#rules[dir]) {
      if (match?.mixed && !rule.alsoWhenMixed) continue;
      current = rule;
      rule.check!(payload, ctx);
    }
    const sub = (b: Node, h: Node, prefix: string[]) => {
      for (const f of this.compare(b, h, dir)) out.push({ ...f, schemaPath: [...prefix, ...f.schemaPath] });
    };
    if (!match?.mixed) {
      for (const [name, bp] of bv.properties) {
        const hp = hv.properties.get(name);
        if (!hp) continue;
        if (dir === 'request' && bp.readOnly && hp.readOnly) continue;
        if (dir === 'response' && bp.writeOnly && hp.writeOnly) continue;
        sub(bp.node, hp.node, ['properties', name]);
      }
      if (bv.items && hv.items) sub(bv.items, hv.items, ['items']);
      this.#compare2020(bv, hv, dir, out, sub);
      if (bv.additionalProperties && hv.additionalProperties && typeof bv.additionalProperties === 'object' && typeof hv.additionalProperties === 'object') {
        sub(bv.additionalProperties, hv.additionalProperties, ['additionalProperties']);
      }
    }
    if (match) {
      for (const [b, h] of match.pairs) {
        const label = branchLabel(this.#head, h);
        sub(b, h, [hv.branches?.kind ?? bv.branches?.kind ?? 'oneOf', label]);
      }
    }
  }

  /** Sub-schemas of the 2020-12 applicators present on both sides, compared in the same direction (`not`: the opposite one). */
  #compare2020(bv: SchemaView, hv: SchemaView, dir: Direction, out: SchemaFinding[], sub: (b: Node, h: Node, prefix: string[]) => void): void {
    if (bv.prefixItems || hv.prefixItems) {
      const n = Math.max(bv.prefixItems?.length ?? 0, hv.prefixItems?.length ?? 0);
      const at = (v: SchemaView, i: number) => (v.prefixItems && i < v.prefixItems.length ? v.prefixItems[i] : v.itemsFalse ? undefined : v.items);
      for (let i = 0; i < n; i++) {
        const b = at(bv, i);
        const h = at(hv, i);
        if (b && h && !(b === bv.items && h === hv.items)) sub(b, h, ['prefixItems', String(i)]);
      }
    }
    if (bv.contains && hv.contains) sub(bv.contains, hv.contains, ['contains']);
    for (const [k, b] of bv.dependentSchemas) {
      const h = hv.dependentSchemas.get(k);
      if (h) sub(b, h, ['dependentSchemas', k]);
    }
    const bc = bv.conditional;
    const hc = hv.conditional;
    if (bc && hc && JSON.stringify(bc.if ? this.#base.deref(bc.if).value : null) === JSON.stringify(hc.if ? this.#head.deref(hc.if).value : null)) {
      if (bc.then && hc.then) sub(bc.then, hc.then, ['then']);
      if (bc.else && hc.else) sub(bc.else, hc.else, ['else']);
    }
    for (const [k, b] of bv.patternProperties) {
      const h = hv.patternProperties.get(k);
      if (h) sub(b, h, ['patternProperties', k]);
    }
    if (bv.propertyNames && hv.propertyNames) sub(bv.propertyNames, hv.propertyNames, ['propertyNames']);
    if (bv.unevaluatedProperties && hv.unevaluatedProperties) sub(bv.unevaluatedProperties, hv.unevaluatedProperties, ['unevaluatedProperties']);
    if (bv.unevaluatedItems && hv.unevaluatedItems) sub(bv.unevaluatedItems, hv.unevaluatedItems, ['unevaluatedItems']);
    if (bv.contentSchema && hv.contentSchema) sub(bv.contentSchema, hv.contentSchema, ['contentSchema']);
    const notRule = this.#notRule[dir];
    if (bv.not && hv.not && notRule) {
      // `not S`: the instances accepted shrink exactly when S grows, so S is compared the other way round.
      const inner = this.compare(bv.not, hv.not, dir === 'request' ? 'response' : 'request').filter((f) => f.rule.level === 'breaking');
      if (inner.length) {
        const first = inner[0]!;
        out.push({
          rule: notRule as unknown as Rule,
          message: `the \`not\` exclusion changed so that ${dir === 'request' ? 'fewer' : 'more'} instances are accepted (${first.message})`,
          side: 'head',
          file: hv.not.file,
          pointer: hv.not.pointer,
          schemaPath: ['not'],
        });
      }
    }
  }

  #matchBranches(bv: SchemaView, hv: SchemaView, dir: Direction): BranchMatch {
    const bList = bv.branches?.nodes ?? [bv.node];
    const hList = hv.branches?.nodes ?? [hv.node];
    const mixed = !bv.branches || !hv.branches;
    // One side plain, the other a composition. Where every variant must fit in the plain
    // schema (head variants in a response, base variants in a request), compare each
    // variant with it; otherwise find the variant that stands for it, as below.
    // When the types do not fit, the type rules report it once, at this level.
    if (mixed && !(dir === 'request' ? typesCover(hv.types, bv.types) : typesCover(bv.types, hv.types))) return { pairs: [], removed: [], added: [], mixed };
    if (mixed && !bv.branches && dir === 'response') return { pairs: hList.map((h): [Node, Node] => [bv.node, h]), removed: [], added: [], mixed };
    if (mixed && !hv.branches && dir === 'request') return { pairs: bList.map((b): [Node, Node] => [b, hv.node]), removed: [], added: [], mixed };
    const pairs: Array<[Node, Node]> = [];
    const bLeft = new Set(bList.map((_, i) => i));
    const hLeft = new Set(hList.map((_, i) => i));
    const bInfo = bList.map((n) => branchInfo(this.#base, n, bv));
    const hInfo = hList.map((n) => branchInfo(this.#head, n, hv));
    const pass = (keyOf: (i: BranchInfo) => string | undefined) => {
      const index = new Map<string, number[]>();
      for (const i of hLeft) {
        const k = keyOf(hInfo[i]!);
        if (k === undefined) continue;
        if (!index.has(k)) index.set(k, []);
        index.get(k)!.push(i);
      }
      for (const i of [...bLeft]) {
        const k = keyOf(bInfo[i]!);
        if (k === undefined) continue;
        const cands = index.get(k);
        if (!cands || cands.length === 0) continue;
        const j = cands.shift()!;
        pairs.push([bList[i]!, hList[j]!]);
        bLeft.delete(i);
        hLeft.delete(j);
      }
    };
    pass((i) => i.mapping);
    pass((i) => i.tag);
    pass((i) => i.ref);
    pass((i) => i.title);
    pass((i) => i.shape);
    if (bLeft.size === 1 && hLeft.size === 1) {
      pass((i) => i.types);
      if (bLeft.size === 1 && hLeft.size === 1 && (mixed || bList.length === hList.length)) pass(() => 'last');
    }
    // A plain schema no variant was recognised as: it stands for the variant it differs
    // least from (fewest breaking findings), the others are additions or removals.
    if (mixed && pairs.length === 0 && bLeft.size && hLeft.size) {
      const score = (b: Node, h: Node) => this.compare(b, h, dir).filter((f) => f.rule.level === 'breaking').length;
      let best: [number, number] | undefined;
      let bestScore = Infinity;
      for (const i of bLeft) {
        for (const j of hLeft) {
          const sc = score(bList[i]!, hList[j]!);
          if (sc < bestScore) {
            bestScore = sc;
            best = [i, j];
          }
        }
      }
      if (best) {
        pairs.push([bList[best[0]]!, hList[best[1]]!]);
        bLeft.delete(best[0]);
        hLeft.delete(best[1]);
      }
    }
    return { pairs, removed: [...bLeft].map((i) => bList[i]!), added: [...hLeft].map((i) => hList[i]!), mixed };
  }
}

function sameDeep(a: string | null, b: string | null): boolean {
  return a !== null && a === b;
}

interface BranchInfo {
  mapping?: string;
  tag?: string;
  ref?: string;
  title?: string;
  shape?: string;
  types?: string;
}

function branchInfo(side: DocSide, n: Node, parent: SchemaView): BranchInfo {
  const raw = n.value;
  const ref = raw && typeof raw === 'object' && typeof raw.$ref === 'string' ? raw.$ref.split('/').pop() : undefined;
  const v = readView(side, n);
  const info: BranchInfo = { ref, title: typeof v.node.value?.title === 'string' ? v.node.value.title : undefined };
  if (parent.discriminator && ref) {
    for (const [k, target] of Object.entries(parent.discriminator.mapping)) if (String(target).split('/').pop() === ref) info.mapping = k;
  }
  // A property with a single constant value ("type": "message") tags the branch.
  const tags: string[] = [];
  for (const [name, p] of v.properties) {
    const pv = side.deref(p.node).value;
    if (!pv || typeof pv !== 'object') continue;
    if ('const' in pv) tags.push(`${name}=${JSON.stringify(pv.const)}`);
    else if (Array.isArray(pv.enum) && pv.enum.length === 1) tags.push(`${name}=${JSON.stringify(pv.enum[0])}`);
  }
  if (tags.length) info.tag = tags.sort().join('&');
  const types = v.types ? [...v.types].sort().join('|') : 'any';
  info.types = types;
  info.shape = `${types}:${[...v.properties.keys()].sort().join(',')}${v.items ? `[${structHash(side.deref(v.items).value).hash}]` : ''}`;
  if (!v.properties.size && !v.items) info.shape = `${types}:${v.format ?? ''}:${v.enum ? 'enum' : ''}${v.const ? 'const' : ''}`;
  return info;
}

/** The index of a branch node, or its name. */
export function branchLabel(_side: DocSide, n: Node): string {
  const last = n.pointer.split('/').pop() ?? '';
  return /^\d+$/.test(last) ? last : escapePointer(last);
}

/**
 * The check shared by the request and response twins of the oneOf/anyOf variant rules: the
 * twins differ in level and docs, not in what they find. `added` reports variants the head
 * gained (located in the head), `removed` those the base had (located in the base).
 */
export function reportVariantChanges(
  change: 'added' | 'removed',
  { base, head, branches }: { base: SchemaView; head: SchemaView; branches?: BranchMatch },
  ctx: RuleCtx,
): void {
  if (!branches) return;
  const kind = head.branches?.kind ?? base.branches?.kind ?? 'oneOf';
  const sideName = change === 'added' ? 'head' : 'base';
  const side = ctx[sideName];
  for (const n of branches[change]) {
    const title = side.deref(n).value?.title;
    const name = n.value && typeof n.value.$ref === 'string' ? n.value.$ref.split('/').pop() : typeof title === 'string' ? title : `#${branchLabel(side, n)}`;
    ctx.report(`${kind} variant ${name} ${change}`, { side: sideName, pointer: n.pointer, file: n.file, schemaPath: [kind, branchLabel(side, n)] });
  }
}
