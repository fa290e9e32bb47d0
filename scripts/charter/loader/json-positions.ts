/**
 * Line and column of every member and item of a JSON text, in one pass over the characters.
 *
 * `SourceFile.locate()` uses this for JSON files instead of a full `yaml` CST parse: it gives
 * the same positions (a member at its key's opening quote, an item at its first character)
 * in about a tenth of the time on multi-megabyte contracts. Only called on text that
 * JSON.parse already accepted; anything unexpected throws, and the caller then falls back
 * to the exact parse rather than trusting a half-built map.
 */
export type Positions = Map<string, [line: number, column: number]>;

// Kept local (not imported from source.ts) so the loader's modules have no import cycle.
const esc = (k: string): string => (k.includes('~') || k.includes('/') ? k.replace(/~/g, '~0').replace(/\//g, '~1') : k);

export function jsonPositions(text: string): Positions {
  const map: Positions = new Map();
  let i = 0;
  let line = 1;
  let lineStart = 0;
  const n = text.length;
  const ws = (): void => {
    while (i < n) {
      const c = text.charCodeAt(i);
      if (c === 10) {
        line++;
        i++;
        lineStart = i;
      } else if (c === 32 || c === 9 || c === 13) i++;
      else break;
    }
  };
  const str = (): string => {
    if (text.charCodeAt(i) !== 34) throw new Error(`json-positions: expected a string at offset ${i}`);
    const start = ++i;
    let simple = true;
    while (i < n) {
      const c = text.charCodeAt(i);
      if (c === 34) break;
      if (c === 92) {
        simple = false;
        i += 2;
      } else i++;
    }
    const raw = text.slice(start, i);
    i++; // closing quote
    return simple ? raw : (JSON.parse(`"${raw}"`) as string);
  };
  const skipScalar = (): void => {
    if (text.charCodeAt(i) === 34) {
      str();
      return;
    }
    const from = i;
    while (i < n) {
      const c = text.charCodeAt(i);
      if (c === 44 || c === 125 || c === 93 || c === 32 || c === 10 || c === 13 || c === 9) break;
      i++;
    }
    if (i === from) throw new Error(`json-positions: expected a value at offset ${i}`);
  };
  // Iterative over containers (deep documents cannot overflow the call stack).
  const stack: Array<{ ptr: string; arr: boolean; idx: number }> = [];
  const value = (ptr: string): void => {
    const c = text.charCodeAt(i);
    if (c === 123 || c === 91) {
      stack.push({ ptr, arr: c === 91, idx: 0 });
      i++;
    } else skipScalar();
  };
  ws();
  map.set('', [line, i - lineStart + 1]);
  value('');
  while (stack.length) {
    ws();
    if (i >= n) throw new Error('json-positions: unexpected end of text');
    const top = stack[stack.length - 1]!;
    const c = text.charCodeAt(i);
    if (c === 44) {
      i++;
      continue;
    }
    if (c === 125 || c === 93) {
      i++;
      stack.pop();
      continue;
    }
    if (top.arr) {
      const ptr = `${top.ptr}/${top.idx++}`;
      map.set(ptr, [line, i - lineStart + 1]);
      value(ptr);
    } else {
      const at: [number, number] = [line, i - lineStart + 1];
      const ptr = `${top.ptr}/${esc(str())}`;
      map.set(ptr, at);
      ws();
      if (text.charCodeAt(i) !== 58) throw new Error(`json-positions: expected ':' at offset ${i}`);
      i++;
      ws();
      value(ptr);
    }
  }
  return map;
}
