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
const indexes = new WeakMap<SourceFile, Map<string, number>>();

export function lineOf(doc: DocSide, file: string, pointer: string): number | undefined {
  const abs = path.resolve(file);
  let src = doc.contract.sources.get(abs);
  if (!src && doc.catalogue && path.resolve(doc.catalogue.file) === abs) src = doc.catalogue.source;
  if (!src) return undefined;
  return lineIn(src, pointer);
}

export function lineIn(src: SourceFile, pointer: string): number | undefined {
  if (src.text.length < EXACT_BELOW) return src.locate(pointer).line;
  let map = indexes.get(src);
  if (!map) {
    map = indexText(src.text);
    indexes.set(src, map);
  }
  let p = pointer;
  for (;;) {
    const hit = map.get(p);
    if (hit !== undefined) return hit;
    if (p === '') return 1;
    p = p.slice(0, p.lastIndexOf('/'));
  }
}

export function indexText(text: string): Map<string, number> {
  const t = text.trimStart();
  return t.startsWith('{') || t.startsWith('[') ? indexJson(text) : indexYaml(text);
}

const esc = (k: string) => k.replace(/~/g, '~0').replace(/\//g, '~1');

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
const KEY_PLAIN = /^([^\s#'"{[\]},&*!|>%@`?-](?:[^:#\n]|:(?![\s]|$)|(?<=\S)#)*?|-[^\s](?:[^:#\n]|:(?![\s]|$))*?)\s*:(?=\s|$)/;

interface YFrame {
  indent: number;
  ptr: string;
  seq: boolean;
  idx: number;
}

function indexYaml(text: string): Map<string, number> {
  const map = new Map<string, number>();
  map.set('', 1);
  const lines = text.split('\n');
  const stack: YFrame[] = [];
  let pending = ''; // pointer a more-indented block would belong to
  let skipIndent = -1; // skip lines indented more than this (block/plain multi-line scalars)
  let skipUntil: RegExp | undefined; // skip until a closing quote / bracket
  let flowDepth = 0;

  for (let n = 0; n < lines.length; n++) {
    const raw = lines[n]!;
    const lineNo = n + 1;
    if (flowDepth > 0) {
      flowDepth += bracketBalance(raw);
      continue;
    }
    if (skipUntil) {
      if (skipUntil.test(raw)) skipUntil = undefined;
      continue;
    }
    let indent = 0;
    while (indent < raw.length && raw.charCodeAt(indent) === 32) indent++;
    const content = raw.slice(indent).replace(/\r$/, '');
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
        map.set(itemPtr, lineNo);
        pending = itemPtr;
        let k = 1;
        while (k < rest.length && rest[k] === ' ') k++;
        if (k >= rest.length) break;
        col += k;
        rest = rest.slice(k);
        continue;
      }
      const m = KEY_DQ.exec(rest) ?? KEY_SQ.exec(rest) ?? KEY_PLAIN.exec(rest);
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
      const key = rest.startsWith('"') ? safeJsonString(m[1]!) : rest.startsWith("'") ? m[1]!.replace(/''/g, "'") : m[1]!.trimEnd();
      const ptr = `${frame.ptr}/${esc(key)}`;
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
