/**
 * The fast line index used for large files must agree with the loader's exact
 * `locate()` (a full YAML CST) wherever it claims to know a line.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readSource } from '../../scripts/charter/loader/source.ts';
import { indexText } from '../../scripts/charter/diff/locate.ts';
import { CORPUS, ROOT } from './helpers.ts';

const files = [
  path.join(ROOT, 'contracts/openapi.yaml'),
  path.join(ROOT, 'contracts/asyncapi.yaml'),
  path.join(CORPUS, 'openapi-pairs/redocly-museum.head.yaml'),
  path.join(CORPUS, 'openapi-pairs/openai-v1-to-v2.base.yaml'),
  path.join(CORPUS, 'openapi-pairs/twilio-messaging.head.yaml'),
  path.join(CORPUS, 'openapi-pairs/openai-2026-08.head.yaml'),
  path.join(CORPUS, 'openapi/adyen-webhooks-v1.json'),
  path.join(CORPUS, 'asyncapi/slack-rtm.3.0.yml'),
].filter((f) => fs.existsSync(f));

describe('fast line index', () => {
  it.each(files.map((f) => [path.basename(f), f]))('agrees with locate() on every pointer it indexes in %s', (_name, file) => {
    const src = readSource(file);
    const index = indexText(src.text);
    let checked = 0;
    const wrong: string[] = [];
    for (const [pointer, line] of index) {
      if (pointer === '') continue;
      const exact = src.locate(pointer);
      if (exact.pointer !== pointer) continue;
      checked++;
      if (exact.line !== line && wrong.length < 5) wrong.push(`${pointer}: ${line} vs ${exact.line}`);
    }
    expect(wrong).toEqual([]);
    expect(checked).toBeGreaterThan(50);
  });
});

describe('line index limited to wanted pointers', () => {
  it('finds the same lines as the full index while skipping other subtrees', () => {
    const file = path.join(CORPUS, 'openapi-pairs/openai-2026-08.head.yaml');
    if (!fs.existsSync(file)) return;
    const text = fs.readFileSync(file, 'utf8');
    const full = indexText(text);
    const sample = [...full.keys()].filter((_, i) => i % 997 === 0);
    const wanted = new Set<string>();
    for (const p of sample) for (let q = p; ; q = q.slice(0, q.lastIndexOf('/'))) {
      wanted.add(q);
      if (q === '') break;
    }
    const partial = indexText(text, wanted);
    for (const p of sample) expect(partial.get(p), p).toBe(full.get(p));
    expect(partial.size).toBeLessThan(full.size / 10);
  });
});
