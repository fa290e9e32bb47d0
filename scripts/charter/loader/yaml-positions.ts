/**
 * Line and column of the keys and sequence items of a block-style YAML text, in one linear
 * scan of its lines.
 *
 * A full `yaml` CST of a 3 MB contract takes over a second; contracts are written in block
 * style, where indentation alone says where each key and item sits, so one pass over the
 * lines places them in a small fraction of that. Positions match the CST's: a key at its
 * first character (the quote, when quoted), an item at the first character of its node.
 *
 * What the scanner does not read — the inside of flow collections (`{ a: 1 }`, `[a, b]`),
 * explicit `? ` keys, anchored or tagged items, aliases — is recorded in `opaque`: the
 * pointer owning it is known, what lies beneath is not. `SourceFile.locate()` answers a
 * pointer under an opaque one from the exact CST, so the fast path is never less precise
 * than the exact one. Scalars (plain, quoted, block) are skipped without being opaque:
 * nothing can be located inside a scalar, so the scalar's own position is the answer.
 */
import type { Positions } from './json-positions.ts';

export interface YamlPositions {
  positions: Positions;
  /** Pointers whose contents the scanner skipped: locations beneath them need the exact parse. */
  opaque: Set<string>;
}

// Kept local (not imported from source.ts) so the loader's modules have no import cycle.
const esc = (k: string): string => (k.includes('~') || k.includes('/') ? k.replace(/~/g, '~0').replace(/\//g, '~1') : k);

const KEY_DQ = /^"((?:[^"\\]|\\.)*)"[ \t]*:(?=[ \t]|$)/;
const KEY_SQ = /^'((?:[^']|'')*)'[ \t]*:(?=[ \t]|$)/;
const NOT_PLAIN_START = new Set([...'#\'"{[]},&*!|>%@`?']);
/** Characters that, starting a line's value, make it something other than a plain scalar. */
const INDICATORS = new Set([...'?:,%@`]}']);
const PROPS = /^(?:[&!]\S*)(?:[ \t]+|$)/;
const BLOCK_HEADER = /^[|>][-+0-9]*[ \t]*(#.*)?$/;
const EMPTY_FLOW = /^(?:\{[ \t]*\}|\[[ \t]*\])[ \t]*(#.*)?$/;

/** A plain (unquoted) mapping key at the start of `s`: `[match, key]`, like a RegExp match. */
function plainKey(s: string): [string, string] | undefined {
  const c0 = s[0];
  if (c0 === undefined || NOT_PLAIN_START.has(c0) || c0 === ' ' || c0 === '\t') return undefined;
  if (c0 === '-' && (s.length === 1 || s[1] === ' ' || s[1] === '\t')) return undefined;
  for (let i = 1; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 58 /* : */) {
      const n = s.charCodeAt(i + 1);
      if (i + 1 === s.length || n === 32 || n === 9) return [s.slice(0, i + 1), s.slice(0, i).trimEnd()];
    } else if (c === 35 /* # */ && (s.charCodeAt(i - 1) === 32 || s.charCodeAt(i - 1) === 9)) return undefined;
  }
  return undefined;
}

function isItem(s: string): boolean {
  if (s.charCodeAt(0) !== 45 /* - */) return false;
  const c = s.charCodeAt(1);
  return s.length === 1 || c === 32 || c === 9;
}

interface Frame {
  indent: number;
  ptr: string;
  seq: boolean;
  idx: number;
}

export function yamlPositions(text: string): YamlPositions {
  const positions: Positions = new Map();
  const opaque = new Set<string>();
  const stack: Frame[] = [];
  let pending = ''; // the pointer a more-indented line would belong to
  let skipIndent = -1; // skip non-empty lines indented more than this (the rest of a scalar or skipped node)
  let skipQuote = 0; // 34 or 39 while inside a quoted scalar spanning lines
  let flowDepth = 0; // open brackets of a flow collection spanning lines
  let rootSeen = false;
  let openItem: { ptr: string; seq: string; dash: number } | undefined; // a `-` with its node on a later line

  let lineNo = 0;
  for (let pos = 0; pos < text.length; ) {
    let end = text.indexOf('\n', pos);
    if (end === -1) end = text.length;
    lineNo++;
    // Count the indentation before slicing: most lines of a skipped subtree are never sliced.
    let indent = 0;
    while (pos + indent < end && text.charCodeAt(pos + indent) === 32) indent++;
    if (skipIndent >= 0 && flowDepth === 0 && skipQuote === 0 && indent > skipIndent && pos + indent < end && text.charCodeAt(pos + indent) !== 13) {
      pos = end + 1;
      continue;
    }
    const raw = text.slice(pos, end);
    pos = end + 1;
    if (flowDepth > 0) {
      flowDepth += bracketBalance(raw);
      continue;
    }
    if (skipQuote) {
      if (closesQuote(raw, 0, skipQuote) >= 0) skipQuote = 0;
      continue;
    }
    const content = raw.charCodeAt(raw.length - 1) === 13 ? raw.slice(indent, -1) : indent ? raw.slice(indent) : raw;
    if (content === '' || content.charCodeAt(0) === 35 /* # */) continue;
    if (skipIndent >= 0) {
      if (indent > skipIndent) continue;
      skipIndent = -1;
    }
    if (indent === 0 && /^(?:---|\.\.\.)(?:[ \t]|$)/.test(content)) {
      // A document marker with content after it, or a second document: not the layout this scanner reads.
      const after = content.slice(3).trim();
      if (rootSeen || (after !== '' && !after.startsWith('#'))) return unreadable();
      continue;
    }
    if (indent === 0 && content.startsWith('%')) continue; // directive
    if (!rootSeen) {
      rootSeen = true;
      const c0 = content[0]!;
      if (c0 === '&' || c0 === '!' || c0 === '{' || c0 === '[' || c0 === '?' || c0 === '*') return unreadable();
      positions.set('', [lineNo, indent + 1]);
    }
    if (openItem) {
      // The node of `-` alone on its line starts here, if indented deeper than the dash.
      const c0 = content[0]!;
      if (indent > openItem.dash && c0 !== '&' && c0 !== '!') positions.set(openItem.ptr, [lineNo, indent + 1]);
      else opaque.add(openItem.seq);
      openItem = undefined;
    }

    let col = indent;
    let rest = content;
    for (;;) {
      while (stack.length && stack[stack.length - 1]!.indent > col) stack.pop();
      const top = stack[stack.length - 1];
      if (isItem(rest)) {
        let frame: Frame;
        if (top && top.seq && top.indent === col) {
          top.idx++;
          frame = top;
        } else {
          frame = { indent: col, ptr: pending, seq: true, idx: 0 };
          stack.push(frame);
        }
        const dash = col;
        const itemPtr = `${frame.ptr}/${frame.idx}`;
        pending = itemPtr;
        let k = 1;
        while (k < rest.length && (rest.charCodeAt(k) === 32 || rest.charCodeAt(k) === 9)) k++;
        if (k >= rest.length || rest.charCodeAt(k) === 35) {
          openItem = { ptr: itemPtr, seq: frame.ptr, dash };
          break;
        }
        col += k;
        rest = rest.slice(k);
        const c0 = rest[0]!;
        if (c0 === '&' || c0 === '!' || c0 === '?') {
          // Where the CST starts a node with properties is not worth guessing: leave it to the exact parse.
          opaque.add(frame.ptr);
          opaque.add(itemPtr);
          skipIndent = dash;
          break;
        }
        positions.set(itemPtr, [lineNo, col + 1]);
        continue;
      }
      const q = rest.charCodeAt(0);
      const m = q === 34 ? KEY_DQ.exec(rest) : q === 39 ? KEY_SQ.exec(rest) : plainKey(rest);
      if (!m) {
        if (top && top.indent === col) {
          // Not a key where a key belongs (`? key`, `: value`, `&anchor key: …`): leave this mapping's
          // unlisted keys to the exact parse, and skip what this line opens.
          opaque.add(top.ptr);
          skipIndent = col;
        } else {
          // The value of `pending`, on the line after its key or dash.
          value(rest, top ? top.indent : -1, pending);
        }
        break;
      }
      if (top && top.seq && top.indent === col) stack.pop();
      const cur = stack[stack.length - 1];
      let frame: Frame;
      if (cur && !cur.seq && cur.indent === col) frame = cur;
      else {
        frame = { indent: col, ptr: pending, seq: false, idx: 0 };
        stack.push(frame);
      }
      const key = q === 34 ? unquoteDouble(m[1]!) : q === 39 ? m[1]!.replace(/''/g, "'") : m[1]!;
      const ptr = `${frame.ptr}/${esc(key)}`;
      pending = ptr;
      positions.set(ptr, [lineNo, col + 1]);
      const after = rest.slice(m[0].length).trimStart();
      if (after !== '' && after.charCodeAt(0) !== 35) value(after, col, ptr);
      break;
    }
  }
  return { positions, opaque };

  function unreadable(): YamlPositions {
    // Nothing placed and the root opaque: every locate() goes to the exact parse.
    return { positions: new Map(), opaque: new Set(['']) };
  }

  /** A value starting on this line, owned by `owner`, in a node indented at `parent`. */
  function value(text: string, parent: number, owner: string): void {
    let v = text;
    for (let m = PROPS.exec(v); m && m[0] !== ''; m = PROPS.exec(v)) v = v.slice(m[0].length);
    if (v === '' || v.charCodeAt(0) === 35) return; // properties only: the node follows on deeper lines
    const c0 = v[0]!;
    if (c0 === '*') {
      // An alias: the CST has no children under it, but the exact parse decides.
      opaque.add(owner);
      skipIndent = parent;
      return;
    }
    if ((c0 === '|' || c0 === '>') && BLOCK_HEADER.test(v)) {
      skipIndent = parent;
      return;
    }
    if (c0 === '{' || c0 === '[') {
      if (EMPTY_FLOW.test(v)) return;
      opaque.add(owner);
      const bal = bracketBalance(v);
      if (bal > 0) flowDepth = bal;
      return;
    }
    if (c0 === '"' || c0 === "'") {
      const q = v.charCodeAt(0);
      if (closesQuote(v, 1, q) < 0) skipQuote = q;
      else skipIndent = parent;
      return;
    }
    if (INDICATORS.has(c0)) opaque.add(owner);
    // A plain scalar may continue on more-indented lines.
    skipIndent = parent;
  }
}

/** Index just past the closing quote `q` (34 or 39) in `s` from `from`, or -1. */
function closesQuote(s: string, from: number, q: number): number {
  for (let i = from; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (q === 34 && c === 92) i++;
    else if (c === q) {
      if (q === 39 && s.charCodeAt(i + 1) === 39) i++;
      else return i + 1;
    }
  }
  return -1;
}

function unquoteDouble(raw: string): string {
  try {
    return JSON.parse(`"${raw}"`) as string;
  } catch {
    return raw;
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
