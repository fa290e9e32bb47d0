/**
 * Line numbers for findings, fast.
 *
 * `contract.locate()` builds a full `yaml` CST of the file, about 1.2 s for a 2.8 MB
 * document, which alone would blow the diff's time budget on large contracts. This
 * module indexes a file in one linear scan instead: exact for JSON, and for YAML written
 * in block style (what contracts are); keys inside flow collections (`{ a: 1 }`) or
 * multi-line scalars map to the line of the enclosing key, as `locate()` falls back to
 * the closest ancestor. Small files (< 256 KiB) still use `locate()`, which is exact.
 */
import path from 'node:path';
import type { SourceFile } from '../loader/source.ts';
import type { DocSide } from './docside.ts';

const EXACT_BELOW = 256 * 1024;
const indexes = new WeakMap<SourceFile, { map: Map<string, number>; wanted?: Set<string>; full: boolean }>();

export function lineOf(doc: DocSide, file: string, pointer: string): number | undefined {
  const src = sourceOf(doc, file);
  return src ? lineIn(src, pointer) : undefined;
}

function sourceOf(doc: DocSide, file: string): SourceFile | undefined {
  const abs = path.resolve(file);
  const src = doc.contract.sources.get(abs);
  if (src) return src;
  if (doc.catalogue && path.resolve(doc.catalogue.file) === abs) return doc.catalogue.source;
  return undefined;
}

/**
 * Index the lines of the given pointers (and their ancestors) in one scan per file that
 * skips every subtree no pointer goes into; later `lineOf` calls for them are lookups.
 */
export function prepareLines(doc: DocSide, wanted: Array<{ file: string; pointer: string }>): void {
  const byFile = new Map<SourceFile, Set<string>>();
  for (const w of wanted) {
    const src = sourceOf(doc, w.file);
    if (!src || src.text.length < EXACT_BELOW) continue;
    if (!byFile.has(src)) byFile.set(src, new Set());
    byFile.get(src)!.add(w.pointer);
  }
  for (const [src, pointers] of byFile) {
    const have = indexes.get(src);
    if (have && [...pointers].every((p) => have.map.has(p) || have.full)) continue;
    const prefixes = new Set<string>(have?.wanted ?? []);
    for (const p of pointers) {
      let q = p;
      for (;;) {
        prefixes.add(q);
        if (q === '') break;
        q = q.slice(0, q.lastIndexOf('/'));
      }
    }
    indexes.set(src, { map: indexText(src.text, prefixes), wanted: prefixes, full: false });
  }
}

export function lineIn(src: SourceFile, pointer: string): number | undefined {
  if (src.text.length < EXACT_BELOW) return src.locate(pointer).line;
  let entry = indexes.get(src);
  if (!entry) {
    entry = { map: indexText(src.text), full: true };
    indexes.set(src, entry);
  }
  const map = entry.map;
  let p = pointer;
  for (;;) {
    const hit = map.get(p);
    if (hit !== undefined) return hit;
    if (p === '') return 1;
    p = p.slice(0, p.lastIndexOf('/'));
  }
}

/** Pointer → line of every key and item; with `wanted`, only of those pointers, skipping other subtrees (YAML). */
export function indexText(text: string, wanted?: Set<string>): Map<string, number> {
  const t = text.trimStart();
  return t.startsWith('{') || t.startsWith('[') ? indexJson(text) : indexYaml(text, wanted);
}

const esc = (k: string) => (k.includes('~') || k.includes('/') ? k.replace(/~/g, '~0').replace(/\//g, '~1') : k);

// ---------------------------------------------------------------- JSON

function indexJson(text: string): Map<string, number> {
  const map = new Map<string, number>();
  map.set('', 1);
  type Frame = { ptr: string; arr: boolean; idx: number; key?: string };
  const stack: Frame[] = [];
  let line = 1;
  let expectKey = false;
  let lastString: string | undefined;
  const startValue = () => {
    const top = stack[stack.length - 1];
    if (top && top.arr) {
      const ptr = `${top.ptr}/${top.idx}`;
      map.set(ptr, line);
      return ptr;
    }
    if (top && top.key !== undefined) return `${top.ptr}/${esc(top.key)}`;
    return '';
  };
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) {
      line++;
      continue;
    }
    if (c === 32 || c === 9 || c === 13) continue;
    if (c === 34) {
      // string
      let j = i + 1;
      let hasEscape = false;
      while (j < text.length) {
        const d = text.charCodeAt(j);
        if (d === 92) {
          hasEscape = true;
          j += 2;
          continue;
        }
        if (d === 34) break;
        j++;
      }
      const raw = text.slice(i + 1, j);
      const str = hasEscape ? safeJsonString(raw) : raw;
      const top = stack[stack.length - 1];
      if (top && !top.arr && expectKey) {
        lastString = str;
        top.key = str;
        map.set(`${top.ptr}/${esc(str)}`, line);
        expectKey = false;
      } else startValue();
      i = j;
      continue;
    }
    if (c === 123 || c === 91) {
      const ptr = startValue();
      stack.push({ ptr, arr: c === 91, idx: 0 });
      expectKey = c === 123;
      continue;
    }
    if (c === 125 || c === 93) {
      stack.pop();
      continue;
    }
    if (c === 44) {
      const top = stack[stack.length - 1];
      if (top) {
        if (top.arr) top.idx++;
        else expectKey = true;
      }
      continue;
    }
    if (c === 58) continue;
    // number, true, false, null
    startValue();
    while (i + 1 < text.length && !/[\s,\]}]/.test(text[i + 1]!)) i++;
  }
  void lastString;
  return map;
}

function safeJsonString(raw: string): string {
  try {
    return JSON.parse(`"${raw}"`);
  } catch {
    return raw;
  }
}

// ---------------------------------------------------------------- YAML (block style)

const KEY_DQ = /^"((?:[^"\\]|\\.)*)"\s*:(?=\s|$)/;
const KEY_SQ = /^'((?:[^']|'')*)'\s*:(?=\s|$)/;
const NOT_PLAIN_START = new Set([...'#\'"{[]},&*!|>%@`?']);

/** A plain (unquoted) mapping key at the start of `s`: `[match, key]`, like a RegExp match. */
function plainKey(s: string): [string, string] | undefined {
  const c0 = s[0];
  if (c0 === undefined || NOT_PLAIN_START.has(c0) || c0 === ' ' || c0 === '\t') return undefined;
  if (c0 === '-' && (s.length === 1 || s[1] === ' ')) return undefined;
  for (let i = 1; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 58 /* : */) {
      const n = s.charCodeAt(i + 1);
      if (i + 1 === s.length || n === 32 || n === 9) return [s.slice(0, i + 1), s.slice(0, i).trimEnd()];
    } else if (c === 35 /* # */ && s.charCodeAt(i - 1) === 32) return undefined;
  }
  return undefined;
}

interface YFrame {
  indent: number;
  ptr: string;
  seq: boolean;
  idx: number;
}

function indexYaml(text: string, wanted?: Set<string>): Map<string, number> {
  const map = new Map<string, number>();
  map.set('', 1);
  const stack: YFrame[] = [];
  let pending = ''; // pointer a more-indented block would belong to
  let skipIndent = -1; // skip lines indented more than this (block/plain multi-line scalars)
  let skipUntil: RegExp | undefined; // skip until a closing quote / bracket
  let flowDepth = 0;

  let lineNo = 0;
  for (let pos = 0; pos < text.length; ) {
    let end = text.indexOf('\n', pos);
    if (end === -1) end = text.length;
    lineNo++;
    // Count the indentation before slicing: most lines of a skipped subtree are never sliced.
    let indent = 0;
    while (pos + indent < end && text.charCodeAt(pos + indent) === 32) indent++;
    if (skipIndent >= 0 && flowDepth === 0 && !skipUntil && indent > skipIndent && pos + indent < end) {
      pos = end + 1;
      continue;
    }
    const raw = text.slice(pos, end);
    pos = end + 1;
    if (flowDepth > 0) {
      flowDepth += bracketBalance(raw);
      continue;
    }
    if (skipUntil) {
      if (skipUntil.test(raw)) skipUntil = undefined;
      continue;
    }
    const content = raw.charCodeAt(raw.length - 1) === 13 ? raw.slice(indent, -1) : indent ? raw.slice(indent) : raw;
    if (content === '' || content.startsWith('#')) continue;
    if (skipIndent >= 0) {
      if (indent > skipIndent) continue;
      skipIndent = -1;
    }
    if (indent === 0 && (content.startsWith('---') || content.startsWith('...') || content.startsWith('%'))) continue;

    let col = indent;
    let rest = content;
    for (;;) {
      // pop frames deeper than this column
      while (stack.length && stack[stack.length - 1]!.indent > col) stack.pop();
      const top = stack[stack.length - 1];
      if (rest === '-' || rest.startsWith('- ')) {
        let frame: YFrame;
        if (top && top.seq && top.indent === col) {
          top.idx++;
          frame = top;
        } else {
          frame = { indent: col, ptr: pending, seq: true, idx: 0 };
          stack.push(frame);
        }
        const itemPtr = `${frame.ptr}/${frame.idx}`;
        pending = itemPtr;
        if (wanted && !wanted.has(itemPtr)) {
          // Nothing wanted inside this item: skip it (its lines are indented deeper than the dash).
          skipIndent = col;
          break;
        }
        map.set(itemPtr, lineNo);
        pending = itemPtr;
        let k = 1;
        while (k < rest.length && rest[k] === ' ') k++;
        if (k >= rest.length) break;
        col += k;
        rest = rest.slice(k);
        continue;
      }
      const q = rest.charCodeAt(0);
      const m = q === 34 ? KEY_DQ.exec(rest) : q === 39 ? KEY_SQ.exec(rest) : plainKey(rest);
      if (!m) {
        // a scalar item or value: may open a multi-line construct
        skipFrom(rest, col);
        break;
      }
      if (top && top.seq && top.indent === col) stack.pop();
      const cur = stack[stack.length - 1];
      let frame: YFrame;
      if (cur && !cur.seq && cur.indent === col) frame = cur;
      else {
        frame = { indent: col, ptr: pending, seq: false, idx: 0 };
        stack.push(frame);
      }
      const key = q === 34 ? safeJsonString(m[1]!) : q === 39 ? m[1]!.replace(/''/g, "'") : m[1]!;
      const ptr = `${frame.ptr}/${esc(key)}`;
      pending = ptr;
      if (wanted && !wanted.has(ptr)) {
        skipIndent = col;
        break;
      }
      map.set(ptr, lineNo);
      pending = ptr;
      const after = rest.slice(m[0].length).trimStart();
      if (after === '' || after.startsWith('#')) break;
      if (after.startsWith('&') && !after.includes(' ')) break; // anchor, block follows
      skipFrom(after, col);
      break;
    }
  }
  return map;

  function skipFrom(value: string, col: number): void {
    const v = value.replace(/^&\S+\s+/, '').replace(/^!\S+\s+/, '');
    if (/^[|>][-+0-9]*\s*(#.*)?$/.test(v)) {
      skipIndent = col;
      return;
    }
    if (v.startsWith('{') || v.startsWith('[')) {
      const bal = bracketBalance(v);
      if (bal > 0) flowDepth = bal;
      return;
    }
    if (v.startsWith('"')) {
      if (!/^"(?:[^"\\]|\\.)*"/.test(v)) skipUntil = /(^|[^\\])"/;
      return;
    }
    if (v.startsWith("'")) {
      if (!/^'(?:[^']|'')*'/.test(v)) skipUntil = /'(?!')/;
      return;
    }
    // A plain scalar may continue on more-indented lines.
    skipIndent = col;
  }
}

function bracketBalance(s: string): number {
  let bal = 0;
  let q: string | undefined;
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if (q) {
      if (c === q) q = undefined;
      else if (c === '\\' && q === '"') i++;
      continue;
    }
    if (c === '"' || c === "'") q = c;
    else if (c === '{' || c === '[') bal++;
    else if (c === '}' || c === ']') bal--;
    else if (c === '#' && (i === 0 || s[i - 1] === ' ')) break;
  }
  return bal;
}
