/**
 * SourceFile.locate() answers from a one-pass scanner (JSON, block-style YAML) and falls back
 * to the full `yaml` CST only where the scanner could not look. These tests hold it to the
 * exact CST answer (`locateExact`): on every pointer of real contracts, and on the YAML
 * constructs the scanner deliberately does not read.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseSource, readSource, escapePointer, type SourceFile } from '../../scripts/charter/loader/source.ts';
import { yamlPositions } from '../../scripts/charter/loader/yaml-positions.ts';
import { jsonPositions } from '../../scripts/charter/loader/json-positions.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
const CORPUS = path.resolve(ROOT, '../shared/corpus');

/** Every pointer of the parsed value, parents before children (what a finding may point at). */
function pointersOf(value: unknown): string[] {
  const out: string[] = [];
  const walk = (v: unknown, p: string): void => {
    out.push(p);
    if (v === null || typeof v !== 'object') return;
    if (Array.isArray(v)) v.forEach((x, i) => walk(x, `${p}/${i}`));
    else for (const [k, x] of Object.entries(v)) walk(x, `${p}/${escapePointer(k)}`);
  };
  walk(value, '');
  return out;
}

/** Pointers where the fast locate() and the exact CST disagree, as readable lines (at most 5). */
function disagreements(src: SourceFile, pointers: string[]): string[] {
  const wrong: string[] = [];
  for (const p of pointers) {
    const fast = src.locate(p);
    const exact = src.locateExact(p);
    if (fast.line !== exact.line || fast.column !== exact.column) {
      wrong.push(`${p}: fast ${fast.line}:${fast.column}, exact ${exact.line}:${exact.column}`);
      if (wrong.length === 5) break;
    }
  }
  return wrong;
}

const corpus = [
  path.join(CORPUS, 'openapi/redocly-museum.yaml'),
  path.join(CORPUS, 'openapi/oai-petstore-expanded.yaml'),
  path.join(CORPUS, 'openapi/adyen-webhooks-v1.json'),
  path.join(CORPUS, 'asyncapi/slack-rtm.3.0.yml'),
  path.join(CORPUS, 'openapi-pairs/twilio-messaging.head.yaml'),
  path.join(ROOT, 'contracts/openapi.yaml'),
  path.join(ROOT, 'contracts/asyncapi.yaml'),
  path.join(ROOT, 'contracts/errors.yaml'),
].filter((f) => fs.existsSync(f));

describe('SourceFile.locate() on real contracts', () => {
  it.each(corpus.map((f) => [path.relative(ROOT, f), f]))('gives the exact CST line and column for every pointer of %s', (_name, file) => {
    const src = readSource(file);
    const pointers = pointersOf(src.value);
    expect(pointers.length).toBeGreaterThan(50);
    expect(disagreements(src, pointers)).toEqual([]);
  });

  it('gives the exact CST line and column on a sample of openai.yaml (3 MB), scanning without building the CST', () => {
    const file = path.join(CORPUS, 'openapi/openai.yaml');
    if (!fs.existsSync(file)) return;
    const src = readSource(file);
    const all = pointersOf(src.value);
    const sample = all.filter((_, i) => i % 97 === 0);
    // Also pointers that are not in the file: they must land on their closest ancestor, as the CST does.
    sample.push('/paths/~1no-such-path/get', '/components/schemas/NoSuchSchema/properties/x', '/info/title/deeper');
    const started = performance.now();
    for (const p of sample) src.locate(p);
    const fastMs = performance.now() - started;
    expect(disagreements(src, sample)).toEqual([]);
    // Generous: the scan takes a fraction of a second, the CST well over one; only a regression to the CST fails this.
    expect(fastMs).toBeLessThan(2500);
  }, 60_000);
});

describe('SourceFile.locate() on YAML the scanner does not read', () => {
  const cases: Record<string, string> = {
    'flow collections': 'a:\n  b: { c: 1, d: [x, { e: 2 }] }\n  f: [\n    1,\n    { g: 3 }\n    ]\n  h: {}\n  i: []\nj: 1\n',
    'explicit keys': 'a:\n  ? b\n  : c: 1\n    d: 2\n  e: 3\n',
    'anchors and aliases': 'a: &x\n  b: 1\n  c: [1, 2]\nd: *x\ne:\n  - &y\n    f: 1\n  - *y\n  - g: 2\n',
    'tagged values': 'a: !!map\n  b: 1\nc: !!str 2\nd:\n  - !!map\n    e: 1\n',
    'items whose node starts on the next line': 'a:\n  -\n    b: 1\n  - # note\n    c: 2\n  -\n  - d\n',
    'multi-line scalars that look like keys': 'a: "first\n  b: not a key"\nc: \'x\n  d: no\'\ne: |\n  f: not a key\ng: plain\n  h continues\ni:\n  more plain\n  and more\nk: 1\n',
    'sequences at their key\'s indent, nested items, quoted keys': 'a:\n- b: 1\n  c: 2\n- - d\n  - e\n"q/k~": 1\n\'s\'\'q\': 2\nz: 3\n',
    'comments, a directive and a document start': '%YAML 1.2\n# lead\n---\n# more\na: 1 # trailing\nb:\n  # inside\n  c: 2\n',
    'CRLF line ends': 'a:\r\n  b: 1\r\n  c:\r\n    - d\r\n',
  };
  it.each(Object.entries(cases))('matches the exact CST on every pointer: %s', (_name, text) => {
    const src = parseSource('t.yaml', text);
    const pointers = pointersOf(src.value);
    // Pointers absent from the file (under scalars, aliases, missing keys) must fall back the same way too.
    const extra = pointers.flatMap((p) => [`${p}/nope`, `${p}/0/deeper`]);
    expect(disagreements(src, [...pointers, ...extra])).toEqual([]);
  });

  it('marks the flow collection as opaque instead of guessing inside it', () => {
    const { positions, opaque } = yamlPositions('a:\n  b: { c: 1 }\n  d: []\n');
    expect(positions.get('/a/b')).toEqual([2, 3]);
    expect(positions.has('/a/b/c')).toBe(false);
    expect([...opaque]).toEqual(['/a/b']);
  });
});

describe('jsonPositions', () => {
  it('places members at their key and items at their first character, with escapes decoded', () => {
    const map = jsonPositions('{\n  "a": [1, {"b/c": true}],\n  "d\\"e": null\n}');
    expect(map.get('')).toEqual([1, 1]);
    expect(map.get('/a')).toEqual([2, 3]);
    expect(map.get('/a/1')).toEqual([2, 12]);
    expect(map.get('/a/1/b~1c')).toEqual([2, 13]);
    expect(map.get('/d"e')).toEqual([3, 3]);
  });

  it('throws on text that is not JSON, so the loader falls back to the exact parse', () => {
    expect(() => jsonPositions('{ a: 1 }')).toThrow();
    const src = parseSource('t.json', '{"a": {"b": 1}}');
    expect(src.locate('/a/b')).toMatchObject({ line: 1, column: 8 });
  });
});
