/**
 * @asyncapi/parser as the oracle for our AsyncAPI reader: for every document of the AsyncAPI
 * corpus (one-file and the multi-file social-media services) and for broken variants of some,
 * `charter lint` finds no structure or reference error exactly when the parser reports no error.
 * The parser is offline here as Charter is: a remote `$ref` is not fetched.
 *
 * A disagreement is allowed only when it is listed in KNOWN with its reason, and the same list
 * is in docs/architecture.md ("AsyncAPI and @asyncapi/parser"); the test fails when a listed
 * disagreement goes away, so the list stays true.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Parser } from '@asyncapi/parser';
import { lintFile } from '../../scripts/charter/lint/engine.ts';
import { DEFAULT_CONFIG } from '../../scripts/charter/lint/config.ts';
import { RULES_BY_ID } from '../../scripts/charter/lint/rules/index.ts';
import { CORPUS, requireCorpus } from '../support/cli.ts';

requireCorpus();
const SOCIAL = path.join(CORPUS, 'asyncapi-multifile/social-media');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'charter-parser-oracle-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

const offline = (uri: unknown) => {
  throw new Error(`remote reference ${String(uri)} is not fetched`);
};
const parser = new Parser({
  __unstable: { resolver: { cache: false, resolvers: [{ schema: 'https', order: 1, read: offline }, { schema: 'http', order: 1, read: offline }] } },
});
const RULES = ['structure', 'ref-exists', 'no-remote-refs'].map((id) => RULES_BY_ID.get(id)!);

/** A copy of a corpus file (and, for a social-media service, the whole example) with one change. */
function variant(name: string, rel: string, edit: (text: string) => string): string {
  const isSocial = rel.startsWith('asyncapi-multifile/');
  const root = path.join(tmp, name);
  if (isSocial) fs.cpSync(SOCIAL, root, { recursive: true });
  else fs.mkdirSync(root, { recursive: true });
  const target = isSocial ? path.join(root, path.relative(SOCIAL, path.join(CORPUS, rel))) : path.join(root, path.basename(rel));
  const before = fs.readFileSync(path.join(CORPUS, rel), 'utf8');
  const after = edit(before);
  if (after === before) throw new Error(`variant ${name} changed nothing`);
  fs.writeFileSync(target, after);
  return isSocial && !rel.endsWith('asyncapi.yaml') ? path.join(root, 'backend/asyncapi.yaml') : target;
}

const corpus = [
  ...fs.readdirSync(path.join(CORPUS, 'asyncapi')).map((f) => [`asyncapi/${f}`, path.join(CORPUS, 'asyncapi', f)] as const),
  ...['backend', 'comments-service', 'frontend', 'notification-service', 'public-api'].map((s) => [`social-media/${s}`, path.join(SOCIAL, s, 'asyncapi.yaml')] as const),
];
const broken = [
  ['3.1 entry: unknown top-level field', variant('top-level', 'asyncapi-multifile/social-media/frontend/asyncapi.yaml', (t) => t.replace('asyncapi: 3.1.0\n', 'asyncapi: 3.1.0\nfoo: 1\n'))],
  ['3.1 entry: dangling local $ref', variant('dangling', 'asyncapi-multifile/social-media/public-api/asyncapi.yaml', (t) => t.replace("$ref: '#/channels/commentLiked'", "$ref: '#/channels/nowhere'"))],
  ['3.0: operation action that is not send or receive', variant('action', 'asyncapi/streetlights-mqtt.3.0.yml', (t) => t.replace('action: receive', 'action: publish'))],
  ['2.6: info without a version', variant('no-version', 'asyncapi/streetlights-kafka.2.6.yml', (t) => t.replace(/\n  version: '?1\.0\.0'?\n/, '\n'))],
  ['3.1 shared file: unknown field in a message', variant('shared-message', 'asyncapi-multifile/social-media/common/messages.yaml', (t) => t.replace('commentLiked:\n  description:', 'commentLiked:\n  descriptionx:'))],
] as const;

/**
 * Disagreements with a reason; each is also listed in docs/architecture.md.
 */
const KNOWN: Record<string, { ours: boolean; parser: boolean; reason: string }> = {};

async function parserAccepts(file: string): Promise<{ ok: boolean; errors: string[] }> {
  const out = await parser.parse(fs.readFileSync(file, 'utf8'), { source: file });
  const errors = out.diagnostics
    .filter((d) => d.severity === 0)
    .map((d) => `${d.source ? path.basename(String(d.source)) : '?'}:${d.range.start.line + 1}:${d.range.start.character + 1}: ${d.code}: ${d.message}`);
  return { ok: errors.length === 0, errors };
}

function oursAccepts(file: string): { ok: boolean; errors: string[] } {
  const r = lintFile(file, DEFAULT_CONFIG, RULES);
  const errors = r.fatal
    ? [r.fatal.format()]
    : r.findings.filter((f) => f.severity === 'error').map((f) => `${path.basename(f.location.file)}:${f.location.line}:${f.location.column}: ${f.rule}: ${f.message}`);
  return { ok: errors.length === 0 && r.crashed.length === 0, errors };
}

describe('@asyncapi/parser as the oracle of our AsyncAPI reader', () => {
  it('has the whole corpus to compare on', () => {
    expect(corpus.length).toBeGreaterThanOrEqual(15);
  });

  it.each([...corpus, ...broken])('agrees on %s', async (name, file) => {
    const ours = oursAccepts(file);
    const theirs = await parserAccepts(file);
    const known = KNOWN[name];
    if (known) {
      expect({ ours: ours.ok, parser: theirs.ok }, `${known.reason}\nours: ${ours.errors.join('; ')}\nparser: ${theirs.errors.join('; ')}`).toEqual({ ours: known.ours, parser: known.parser });
      return;
    }
    expect(ours.ok, `ours: ${ours.errors.join('; ')}\nparser: ${theirs.errors.join('; ')}`).toBe(theirs.ok);
  }, 60_000);

  it('has every broken variant rejected by the parser, so the comparison is not on valid documents only', async () => {
    for (const [name, file] of broken) expect((await parserAccepts(file)).ok, name).toBe(false);
  }, 60_000);

  it('locates a structure error in a shared file where the parser does: in that file, at that message', async () => {
    const file = broken.find(([n]) => n.startsWith('3.1 shared file'))![1];
    const ours = lintFile(file, DEFAULT_CONFIG, RULES).findings.filter((f) => f.rule === 'structure');
    expect(ours.map((f) => `${path.relative(path.dirname(path.dirname(file)), f.location.file)}:${f.location.line} ${f.location.pointer}`)).toEqual(['common/messages.yaml:1 /commentLiked']);
    expect(ours[0]!.hint).toContain('unknown property "descriptionx"');
    const theirs = await parserAccepts(file);
    expect(theirs.errors.join('\n')).toMatch(/^messages\.yaml:2:\d+: .*descriptionx/m);
  });

  it('lists every known disagreement in docs/architecture.md', () => {
    const doc = fs.readFileSync(path.resolve('docs/architecture.md'), 'utf8');
    const section = doc.slice(doc.indexOf('## AsyncAPI and @asyncapi/parser'));
    expect(section.length).toBeGreaterThan(100);
    if (!Object.keys(KNOWN).length) expect(section).toContain('There is no known disagreement');
    for (const name of Object.keys(KNOWN)) expect(section, name).toContain(name);
  });
});
