/**
 * JSON Schema → TypeScript type expressions, for what hey-api does not type: the error
 * catalogue, the AsyncAPI events, and the schemas written inline in an OpenAPI operation
 * (the server's request and result shapes). OpenAPI component schemas are hey-api's types
 * (client/types.gen.ts), which the server aliases (server.ts); `refName` points at those.
 * Named schemas become type references; everything else prints inline. Output is
 * deterministic: it depends only on the schema, never on iteration accidents.
 */

export type RefNamer = (ref: string) => string | undefined;

export interface PrintOptions {
  /** Map a `$ref` to a type name, or undefined to inline it. */
  refName: RefNamer;
  /** Resolve a `$ref` that is printed inline. */
  resolve: (ref: string) => unknown;
}

const IDENT = /^[A-Za-z_$][A-Za-z0-9_$]*$/;
const MAX_DEPTH = 64;

export function propertyKey(name: string): string {
  return IDENT.test(name) ? name : JSON.stringify(name);
}

/** A safe, PascalCase TypeScript identifier for an arbitrary name. */
export function typeIdentifier(name: string): string {
  const parts = name.split(/[^A-Za-z0-9]+/).filter(Boolean);
  let id = parts.map((p) => p[0]!.toUpperCase() + p.slice(1)).join('');
  if (!id) id = 'Schema';
  if (/^[0-9]/.test(id)) id = `T${id}`;
  return id;
}

export function camelIdentifier(name: string): string {
  const pascal = typeIdentifier(name);
  const id = pascal[0]!.toLowerCase() + pascal.slice(1);
  return RESERVED.has(id) ? `${id}_` : id;
}

const RESERVED = new Set([
  'break', 'case', 'catch', 'class', 'const', 'continue', 'debugger', 'default', 'delete', 'do', 'else', 'enum', 'export',
  'extends', 'false', 'finally', 'for', 'function', 'if', 'import', 'in', 'instanceof', 'new', 'null', 'return', 'super',
  'switch', 'this', 'throw', 'true', 'try', 'typeof', 'var', 'void', 'while', 'with', 'yield', 'let', 'static', 'implements',
  'interface', 'package', 'private', 'protected', 'public', 'await', 'constructor',
]);

/** Give each name a unique identifier, in sorted order so the result never depends on input order. */
export function uniqueIdentifiers(names: string[], make: (n: string) => string, taken: Iterable<string> = []): Map<string, string> {
  const used = new Set(taken);
  const out = new Map<string, string>();
  for (const name of [...names].sort()) {
    const base = make(name);
    let id = base;
    for (let i = 2; used.has(id); i++) id = `${base}${i}`;
    used.add(id);
    out.set(name, id);
  }
  return out;
}

export function literal(v: unknown): string {
  if (v === null) return 'null';
  if (typeof v === 'string' || typeof v === 'boolean') return JSON.stringify(v);
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : 'number';
  return 'unknown';
}

export function printType(schema: unknown, opts: PrintOptions, indent = '', depth = 0, inlining: Set<string> = new Set()): string {
  if (depth > MAX_DEPTH) return 'unknown';
  if (schema === true || schema === undefined) return 'unknown';
  if (schema === false) return 'never';
  if (schema === null || typeof schema !== 'object' || Array.isArray(schema)) return 'unknown';
  const s = schema as Record<string, any>;

  if (typeof s.$ref === 'string') {
    const named = opts.refName(s.$ref);
    if (named) return named;
    if (inlining.has(s.$ref)) return 'unknown';
    const target = opts.resolve(s.$ref);
    const next = new Set(inlining).add(s.$ref);
    return printType(target, opts, indent, depth + 1, next);
  }

  const nullable = s.nullable === true;
  let out: string;
  if ('const' in s) out = literal(s.const);
  else if (Array.isArray(s.enum)) out = s.enum.length ? unique(s.enum.map(literal)).join(' | ') : 'never';
  else out = printStructure(s, opts, indent, depth, inlining);
  if (nullable && out !== 'unknown' && out !== 'null') out = `${wrap(out)} | null`;
  return out;
}

function printStructure(s: Record<string, any>, opts: PrintOptions, indent: string, depth: number, inlining: Set<string>): string {
  const parts: string[] = [];
  const base = printBase(s, opts, indent, depth, inlining);
  if (base !== undefined) parts.push(base);
  for (const key of ['oneOf', 'anyOf'] as const) {
    if (Array.isArray(s[key]) && s[key].length) {
      const alts = unique(s[key].map((x: unknown) => printType(x, opts, indent, depth + 1, inlining)));
      parts.push(alts.length === 1 ? alts[0]! : `(${alts.map(wrap).join(' | ')})`);
    }
  }
  if (Array.isArray(s.allOf) && s.allOf.length) {
    for (const x of s.allOf) parts.push(wrap(printType(x, opts, indent, depth + 1, inlining)));
  }
  const meaningful = parts.filter((p) => p !== 'unknown');
  if (meaningful.length === 0) return 'unknown';
  return meaningful.length === 1 ? meaningful[0]! : meaningful.map(wrap).join(' & ');
}

function printBase(s: Record<string, any>, opts: PrintOptions, indent: string, depth: number, inlining: Set<string>): string | undefined {
  let types: string[] | undefined;
  if (Array.isArray(s.type)) types = s.type.filter((t: unknown) => typeof t === 'string');
  else if (typeof s.type === 'string') types = [s.type];
  else if (s.properties || s.additionalProperties !== undefined || s.required) types = ['object'];
  else if (s.items || s.prefixItems) types = ['array'];
  if (!types) return undefined;
  const printed = unique(types.map((t) => printPrimitive(t, s, opts, indent, depth, inlining)));
  return printed.length === 1 ? printed[0] : printed.map(wrap).join(' | ');
}

function printPrimitive(t: string, s: Record<string, any>, opts: PrintOptions, indent: string, depth: number, inlining: Set<string>): string {
  switch (t) {
    case 'string':
      return 'string';
    case 'integer':
    case 'number':
      return 'number';
    case 'boolean':
      return 'boolean';
    case 'null':
      return 'null';
    case 'array': {
      const items = Array.isArray(s.prefixItems)
        ? unique(s.prefixItems.map((x: unknown) => printType(x, opts, indent, depth + 1, inlining))).join(' | ')
        : printType(s.items, opts, indent, depth + 1, inlining);
      return `Array<${items}>`;
    }
    case 'object':
      return printObject(s, opts, indent, depth, inlining);
    default:
      return 'unknown';
  }
}

function printObject(s: Record<string, any>, opts: PrintOptions, indent: string, depth: number, inlining: Set<string>): string {
  const props = s.properties && typeof s.properties === 'object' ? (s.properties as Record<string, unknown>) : {};
  const required = new Set<string>(Array.isArray(s.required) ? s.required : []);
  const inner = `${indent}  `;
  const lines: string[] = [];
  for (const name of Object.keys(props)) {
    const t = printType(props[name], opts, inner, depth + 1, inlining);
    lines.push(`${inner}${propertyKey(name)}${required.has(name) ? '' : '?'}: ${t};`);
  }
  const ap = s.additionalProperties;
  if (ap !== undefined && ap !== false) {
    // An index signature must admit every declared property's type, so open maps are `unknown`-valued
    // when they also declare properties.
    const valueType = ap === true || lines.length ? 'unknown' : printType(ap, opts, inner, depth + 1, inlining);
    lines.push(`${inner}[key: string]: ${valueType};`);
  }
  if (!lines.length) return ap === false ? 'Record<string, never>' : 'Record<string, unknown>';
  return `{\n${lines.join('\n')}\n${indent}}`;
}

function wrap(t: string): string {
  return /^[A-Za-z0-9_$.<>[\]"' ]+$/.test(t) || t.startsWith('{') || t.startsWith('(') ? t : `(${t})`;
}

function unique(xs: string[]): string[] {
  return [...new Set(xs)];
}

/** A JSDoc comment that cannot be broken out of. */
export function docComment(text: unknown, indent = ''): string {
  if (typeof text !== 'string' || !text.trim()) return '';
  const body = text.trim().replace(/\*\//g, '*\\/').split('\n').slice(0, 20);
  return `${indent}/**\n${body.map((l) => `${indent} * ${l}`.trimEnd()).join('\n')}\n${indent} */\n`;
}
