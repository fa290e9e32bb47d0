/**
 * Parsing of one contract file, with source locations kept.
 *
 * Values are parsed with the fast parsers (JSON.parse, js-yaml); positions are computed
 * lazily, on the first locate() of a file, by a one-pass scanner (JSON, or block-style
 * YAML). The full `yaml` CST — exact but over a second on a 3 MB file — is built only for
 * a pointer the scanner could not place (inside a flow collection, an explicit key, an
 * anchored node). That keeps the common path fast while every error stays located, and
 * this is the one place every command (lint, diff, generate) gets its locations from.
 */
import fs from 'node:fs';
import path from 'node:path';
import { load as loadYaml, JSON_SCHEMA } from 'js-yaml';
import YAML from 'yaml';
import { ContractError } from './errors.ts';
import { jsonPositions, type Positions } from './json-positions.ts';
import { yamlPositions, type YamlPositions } from './yaml-positions.ts';

export interface Location {
  file: string;
  line?: number;
  column?: number;
  pointer?: string;
}

/** Largest contract file accepted; beyond this a file is almost certainly not a contract. */
export const MAX_FILE_BYTES = 64 * 1024 * 1024;
/** YAML aliases allowed before a document is treated as an alias bomb. */
const MAX_ALIASES = 1000;
/** Largest file whose exact `yaml` CST is built when the fast scanner cannot place a pointer. */
const EXACT_PARSE_MAX_CHARS = 16 * 1024 * 1024;

export class SourceFile {
  readonly file: string;
  readonly text: string;
  readonly value: unknown;
  /** From the scanner; null when it could not read the file (then every lookup is exact). */
  #fast?: YamlPositions | null;
  #exact?: Positions;

  constructor(file: string, text: string, value: unknown) {
    this.file = file;
    this.text = text;
    this.value = value;
  }

  /** 1-based line and column of the node at a JSON pointer ('' is the root), or of its closest ancestor. */
  locate(pointer: string): Location {
    const fast = this.#scan();
    if (fast) {
      let p = pointer;
      for (;;) {
        const hit = fast.positions.get(p);
        // An ancestor is the answer only if the scanner read its contents: then the pointer is not in the file.
        // In a huge file the exact parse would cost gigabytes (the `yaml` CST is ~40 bytes a character),
        // so there the opaque ancestor's line is the answer.
        if (hit) {
          if (p === pointer || !fast.opaque.has(p) || this.text.length > EXACT_PARSE_MAX_CHARS) return { file: this.file, line: hit[0], column: hit[1], pointer };
          break;
        }
        if (p === '') {
          if (!fast.opaque.has('') || this.text.length > EXACT_PARSE_MAX_CHARS) return { file: this.file, pointer };
          break;
        }
        p = p.slice(0, p.lastIndexOf('/'));
      }
    }
    if (!fast && this.text.length > EXACT_PARSE_MAX_CHARS) return { file: this.file, pointer };
    return this.locateExact(pointer);
  }

  /** locate() from the full `yaml` CST, whatever the scanner knows: the reference the fast path is tested against. */
  locateExact(pointer: string): Location {
    const map = this.#lineMap();
    let p = pointer;
    for (;;) {
      const hit = map.get(p);
      if (hit) return { file: this.file, line: hit[0], column: hit[1], pointer };
      if (p === '') return { file: this.file, pointer };
      p = p.slice(0, p.lastIndexOf('/'));
    }
  }

  #scan(): YamlPositions | null {
    if (this.#fast !== undefined) return this.#fast;
    const t = this.text.trimStart();
    try {
      this.#fast = t.startsWith('{') || t.startsWith('[') ? { positions: jsonPositions(this.text), opaque: new Set() } : yamlPositions(this.text);
    } catch {
      // Text the scanner does not expect (it only ever sees text a parser accepted): use the exact parse.
      this.#fast = null;
    }
    return this.#fast;
  }

  #lineMap(): Positions {
    if (this.#exact) return this.#exact;
    const map = new Map<string, [number, number]>();
    const lc = new YAML.LineCounter();
    const doc = YAML.parseDocument(this.text, { lineCounter: lc, uniqueKeys: false, strict: false });
    const at = (offset: number): [number, number] => {
      const { line, col } = lc.linePos(offset);
      return [line, col];
    };
    const walk = (node: unknown, ptr: string, depth: number): void => {
      if (depth > 256 || node == null) return;
      if (YAML.isMap(node)) {
        for (const pair of node.items) {
          const key = YAML.isScalar(pair.key) ? String(pair.key.value) : String(pair.key);
          const child = `${ptr}/${escapePointer(key)}`;
          const keyNode = pair.key as { range?: [number, number, number] } | null;
          if (keyNode?.range) map.set(child, at(keyNode.range[0]));
          walk(pair.value, child, depth + 1);
        }
      } else if (YAML.isSeq(node)) {
        node.items.forEach((item, i) => {
          const child = `${ptr}/${i}`;
          const r = (item as { range?: [number, number, number] } | null)?.range;
          if (r) map.set(child, at(r[0]));
          walk(item, child, depth + 1);
        });
      }
    };
    if (doc.contents && (doc.contents as { range?: [number, number, number] }).range) {
      map.set('', at((doc.contents as { range: [number, number, number] }).range[0]));
    }
    walk(doc.contents, '', 0);
    this.#exact = map;
    return map;
  }
}

export function escapePointer(segment: string): string {
  return segment.replace(/~/g, '~0').replace(/\//g, '~1');
}

export function unescapePointer(segment: string): string {
  return segment.replace(/~1/g, '/').replace(/~0/g, '~');
}

export function readSource(file: string): SourceFile {
  const abs = path.resolve(file);
  let stat: fs.Stats;
  try {
    stat = fs.statSync(abs);
  } catch {
    throw new ContractError(`cannot read ${file}: no such file`, { file }, 'Check the path, or run the command from the project root.');
  }
  if (stat.isDirectory()) {
    throw new ContractError(`${file} is a directory, not a contract file`, { file }, 'Name a .yaml, .yml or .json file.');
  }
  if (stat.size > MAX_FILE_BYTES) {
    throw new ContractError(
      `${file} is ${(stat.size / 1048576).toFixed(1)} MiB; contracts larger than ${MAX_FILE_BYTES / 1048576} MiB are refused`,
      { file },
      'Split the contract into several files joined by relative $refs.',
    );
  }
  const text = fs.readFileSync(abs, 'utf8');
  return parseSource(file, text);
}

export function parseSource(file: string, text: string): SourceFile {
  if (text.includes('\u0000')) {
    throw new ContractError(`${file} is not a text file (it contains NUL bytes)`, { file }, 'Point Charter at an OpenAPI or AsyncAPI YAML or JSON file.');
  }
  const trimmed = text.trimStart();
  if (trimmed.startsWith('{') || trimmed.startsWith('[')) {
    try {
      return new SourceFile(file, text, JSON.parse(text));
    } catch (e) {
      const m = /position (\d+)/.exec(String((e as Error).message));
      const loc = m ? offsetToLine(text, Number(m[1])) : undefined;
      throw new ContractError(`invalid JSON: ${(e as Error).message}`, { file, ...loc }, 'Fix the JSON syntax at this location.');
    }
  }
  // Anchors are rare in API contracts; when present, parse with the `yaml` package,
  // which caps alias expansion (a "billion laughs" document cannot exhaust memory).
  if (/(^|[\s[{,:-])&[^\s[\]{},]+/m.test(text)) {
    const lc = new YAML.LineCounter();
    const doc = YAML.parseDocument(text, { lineCounter: lc, uniqueKeys: true });
    if (doc.errors.length) {
      const err = doc.errors[0]!;
      const { line, col } = lc.linePos(err.pos[0]);
      throw new ContractError(`invalid YAML: ${firstLine(err.message)}`, { file, line, column: col }, 'Fix the YAML syntax at this location.');
    }
    try {
      return new SourceFile(file, text, doc.toJS({ maxAliasCount: MAX_ALIASES }));
    } catch (e) {
      throw new ContractError(`YAML aliases expand too far: ${firstLine((e as Error).message)}`, { file }, 'Remove the recursive or repeated aliases (`*name`); write the values out.');
    }
  }
  try {
    const value = loadYaml(text, { filename: file, schema: JSON_SCHEMA });
    return new SourceFile(file, text, value);
  } catch (e) {
    const err = e as { mark?: { line: number; column: number }; reason?: string; message: string };
    throw new ContractError(
      `invalid YAML: ${err.reason ?? firstLine(err.message)}`,
      { file, line: err.mark ? err.mark.line + 1 : undefined, column: err.mark ? err.mark.column + 1 : undefined },
      'Fix the YAML syntax at this location.',
    );
  }
}

function firstLine(s: string): string {
  return s.split('\n')[0] ?? s;
}

function offsetToLine(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let last = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      last = i + 1;
    }
  }
  return { line, column: offset - last + 1 };
}
