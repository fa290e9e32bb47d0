/**
 * A string that matches a JSON Schema `pattern`, for the patterns contracts commonly write:
 * literals, escapes (`\d \w \s \.`, `\uXXXX`), `.`, character classes with ranges and negation,
 * groups (capturing and `(?:…)`) with alternation, and the quantifiers `* + ? {n} {n,} {n,m}`.
 * Anchors are honoured by construction (the whole string is one match). Lookarounds,
 * backreferences and word boundaries are not supported: `patternString` says so by returning
 * undefined, and every string it does return has been tested against the pattern itself.
 */
import type { Random } from './random.ts';

type Node =
  | { kind: 'chars'; set: string[] }
  | { kind: 'seq'; items: Node[] }
  | { kind: 'alt'; options: Node[] }
  | { kind: 'repeat'; node: Node; min: number; max: number };

class Unsupported extends Error {}

const DIGITS = '0123456789'.split('');
const LOWER = 'abcdefghijklmnopqrstuvwxyz'.split('');
const UPPER = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ'.split('');
const WORD = [...LOWER, ...UPPER, ...DIGITS, '_'];
const SPACE = [' '];
// Printable ASCII, the universe a negated class or `.` picks from.
const PRINTABLE = Array.from({ length: 95 }, (_, i) => String.fromCharCode(32 + i));

function escapeSet(c: string): string[] | undefined {
  switch (c) {
    case 'd': return DIGITS;
    case 'w': return WORD;
    case 's': return SPACE;
    case 'D': return PRINTABLE.filter((x) => !DIGITS.includes(x));
    case 'W': return PRINTABLE.filter((x) => !WORD.includes(x));
    case 'S': return PRINTABLE.filter((x) => x !== ' ');
    default: return undefined;
  }
}

const CONTROL: Record<string, string> = { n: '\n', r: '\r', t: '\t', f: '\f', v: '\v', '0': '\0' };

class Parser {
  i = 0;
  readonly src: string;
  constructor(src: string) {
    this.src = src;
  }

  parse(): Node {
    const node = this.alternation();
    if (this.i < this.src.length) throw new Unsupported(`unexpected ${this.src[this.i]}`);
    return node;
  }

  alternation(): Node {
    const options = [this.sequence()];
    while (this.src[this.i] === '|') {
      this.i++;
      options.push(this.sequence());
    }
    return options.length === 1 ? options[0]! : { kind: 'alt', options };
  }

  sequence(): Node {
    const items: Node[] = [];
    while (this.i < this.src.length && this.src[this.i] !== '|' && this.src[this.i] !== ')') {
      const c = this.src[this.i]!;
      if (c === '^' || c === '$') {
        // Anchors at the ends; one in the middle of a sequence is not a pattern we generate for.
        if (c === '^' && items.length) throw new Unsupported('^ inside the pattern');
        this.i++;
        continue;
      }
      const atom = this.atom();
      items.push(this.quantified(atom));
    }
    return { kind: 'seq', items };
  }

  quantified(node: Node): Node {
    const c = this.src[this.i];
    let min: number;
    let max: number;
    if (c === '*') [min, max] = [0, 3];
    else if (c === '+') [min, max] = [1, 3];
    else if (c === '?') [min, max] = [0, 1];
    else if (c === '{') {
      const m = /^\{(\d+)(,(\d*))?\}/.exec(this.src.slice(this.i));
      if (!m) return node;
      min = Number(m[1]);
      max = m[2] === undefined ? min : m[3] === '' ? min + 3 : Number(m[3]);
      this.i += m[0].length - 1;
    } else return node;
    this.i++;
    if (this.src[this.i] === '?') this.i++; // lazy: the same strings
    return { kind: 'repeat', node, min, max };
  }

  atom(): Node {
    const c = this.src[this.i]!;
    if (c === '(') {
      this.i++;
      if (this.src[this.i] === '?') {
        if (this.src[this.i + 1] === ':') this.i += 2;
        else if (this.src[this.i + 1] === '<' && /^[A-Za-z]/.test(this.src[this.i + 2] ?? '')) {
          const close = this.src.indexOf('>', this.i);
          if (close === -1) throw new Unsupported('named group');
          this.i = close + 1;
        } else throw new Unsupported('lookaround');
      }
      const inner = this.alternation();
      if (this.src[this.i] !== ')') throw new Unsupported('unclosed group');
      this.i++;
      return inner;
    }
    if (c === '[') return this.charClass();
    if (c === '.') {
      this.i++;
      return { kind: 'chars', set: PRINTABLE.filter((x) => /[A-Za-z0-9]/.test(x)) };
    }
    if (c === '\\') {
      this.i++;
      return { kind: 'chars', set: this.escape() };
    }
    if (c === '*' || c === '+' || c === '?' || c === '{' && /^\{\d/.test(this.src.slice(this.i))) throw new Unsupported('dangling quantifier');
    this.i++;
    return { kind: 'chars', set: [c] };
  }

  escape(): string[] {
    const c = this.src[this.i++];
    if (c === undefined) throw new Unsupported('trailing backslash');
    const set = escapeSet(c);
    if (set) return set;
    if (c === 'b' || c === 'B' || /[1-9]/.test(c) || c === 'k' || c === 'p' || c === 'P') throw new Unsupported(`\\${c}`);
    if (c === 'u') {
      const m = /^\{?([0-9a-fA-F]{4,6})\}?/.exec(this.src.slice(this.i));
      if (!m) throw new Unsupported('\\u');
      this.i += m[0].length;
      return [String.fromCodePoint(parseInt(m[1]!, 16))];
    }
    if (c === 'x') {
      const m = /^[0-9a-fA-F]{2}/.exec(this.src.slice(this.i));
      if (!m) throw new Unsupported('\\x');
      this.i += 2;
      return [String.fromCharCode(parseInt(m[0], 16))];
    }
    return [CONTROL[c] ?? c];
  }

  charClass(): Node {
    this.i++;
    let negate = false;
    if (this.src[this.i] === '^') {
      negate = true;
      this.i++;
    }
    const chars = new Set<string>();
    let first = true;
    while (this.i < this.src.length && (this.src[this.i] !== ']' || first)) {
      first = false;
      let lo: string[];
      if (this.src[this.i] === '\\') {
        this.i++;
        lo = this.escape();
      } else lo = [this.src[this.i++]!];
      if (lo.length === 1 && this.src[this.i] === '-' && this.src[this.i + 1] !== ']' && this.i + 1 < this.src.length) {
        this.i++;
        let hi: string[];
        if (this.src[this.i] === '\\') {
          this.i++;
          hi = this.escape();
        } else hi = [this.src[this.i++]!];
        if (hi.length !== 1) throw new Unsupported('range to a class');
        const from = lo[0]!.codePointAt(0)!;
        const to = hi[0]!.codePointAt(0)!;
        for (let cp = from; cp <= to && cp - from < 512; cp++) chars.add(String.fromCodePoint(cp));
      } else for (const x of lo) chars.add(x);
    }
    if (this.src[this.i] !== ']') throw new Unsupported('unclosed class');
    this.i++;
    const set = negate ? PRINTABLE.filter((x) => !chars.has(x) && /[A-Za-z0-9]/.test(x)) : [...chars];
    if (!set.length) throw new Unsupported('empty class');
    return { kind: 'chars', set };
  }
}

function render(node: Node, random: Random): string {
  switch (node.kind) {
    case 'chars': {
      // Prefer letters and digits when the class offers them: they read better and never need escaping.
      const plain = node.set.filter((c) => /[A-Za-z0-9]/.test(c));
      return random.pick(plain.length ? plain : node.set);
    }
    case 'seq': return node.items.map((n) => render(n, random)).join('');
    case 'alt': return render(random.pick(node.options), random);
    case 'repeat': {
      const n = random.int(node.min, Math.max(node.min, node.max));
      let out = '';
      for (let k = 0; k < n; k++) out += render(node.node, random);
      return out;
    }
  }
}

/** Whether `patternString` can generate for this pattern at all (its syntax is supported). */
export function patternSupported(pattern: string): boolean {
  try {
    new Parser(pattern).parse();
    return true;
  } catch {
    return false;
  }
}

/**
 * A string matching `pattern` (tested with `new RegExp(pattern, 'u')`, as Ajv tests it) and,
 * when given, the length bounds; undefined when the pattern uses syntax this does not support
 * or no attempt produced a match within the bounds.
 */
export function patternString(pattern: string, random: Random, minLength = 0, maxLength = Infinity): string | undefined {
  let re: RegExp;
  let node: Node;
  try {
    re = new RegExp(pattern, 'u');
    node = new Parser(pattern).parse();
  } catch {
    return undefined;
  }
  for (let attempt = 0; attempt < 20; attempt++) {
    const s = render(node, random);
    if (s.length >= minLength && s.length <= maxLength && re.test(s)) return s;
  }
  return undefined;
}
