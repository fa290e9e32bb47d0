/**
 * Contracts split over several files: paths, schemas, responses and parameters each in files of
 * their own, one of them two folders down. Lint and diff follow the `$ref`s file by file; the
 * bundle that generate works from must say the same thing in one self-contained document.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { loadContract, getPointer } from '../../scripts/charter/loader/load.ts';
import { bundleContract } from '../../scripts/charter/loader/bundle.ts';
import { runLint } from '../../scripts/charter/commands/lint.ts';

const run = promisify(execFile);
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const FIXTURES = path.join(ROOT, 'test/loader/fixtures');
const SPLIT = path.join(FIXTURES, 'split/openapi.yaml');
const TWIN = path.join(FIXTURES, 'split-twin.yaml');
const CORPUS = path.resolve(ROOT, '../shared/corpus/openapi-multifile');

/** Every `$ref` in a document, with the pointer where it is written. */
function refsOf(node: unknown, at = ''): Array<{ ref: string; at: string }> {
  if (node === null || typeof node !== 'object') return [];
  const out: Array<{ ref: string; at: string }> = [];
  for (const [k, v] of Object.entries(node)) {
    if (k === '$ref' && typeof v === 'string') out.push({ ref: v, at });
    else if (k !== 'example' && k !== 'examples') out.push(...refsOf(v, `${at}/${k}`));
  }
  return out;
}

function expectSelfContained(doc: Record<string, unknown>): void {
  const refs = refsOf(doc);
  expect(refs.filter((r) => !r.ref.startsWith('#')), 'refs into other files').toEqual([]);
  const dangling = refs.filter((r) => getPointer(doc, r.ref.slice(1)) === undefined);
  expect(dangling, 'local refs that point to nothing').toEqual([]);
}

describe('bundling a multi-file contract', () => {
  it('rewrites every $ref into another file, keeping schema names and inlining path items', () => {
    const contract = loadContract(SPLIT);
    expect(contract.sources.size).toBe(7);
    const { doc, externalRefs } = bundleContract(contract);
    expect(externalRefs).toBeGreaterThan(5);
    expectSelfContained(doc);
    const schemas = Object.keys((doc.components as { schemas: object }).schemas).sort();
    expect(schemas).toEqual(['NewNote', 'Note', 'NotePage', 'Problem']);
    expect(Object.keys((doc.components as { responses: object }).responses).sort()).toEqual(['BadRequest', 'NotFound']);
    const list = (doc.paths as Record<string, Record<string, { operationId: string; parameters: Array<{ name: string }> }>>)['/notes']!.get!;
    expect(list.operationId).toBe('listNotes');
    expect(list.parameters.map((p) => p.name)).toEqual(['limit', 'cursor']);
    // The input is untouched: the entry document still holds its $refs to other files.
    expect(JSON.stringify(contract.doc)).toContain('./paths/notes.yaml');
  });

  it('leaves a one-file contract as it is', () => {
    const contract = loadContract(TWIN);
    const { doc, externalRefs, locate } = bundleContract(contract);
    expect({ doc, externalRefs }).toEqual({ doc: contract.doc, externalRefs: 0 });
    expect(locate('/paths/~1notes/get/operationId')).toEqual(contract.locate('/paths/~1notes/get/operationId'));
  });

  it('locates each place of the bundle in the file it was read from', () => {
    const contract = loadContract(SPLIT);
    const { locate } = bundleContract(contract);
    const at = (pointer: string) => {
      const l = locate(pointer);
      return `${path.relative(path.dirname(SPLIT), path.resolve(l.file))}:${l.line}:${l.column} ${l.pointer}`;
    };
    // An inlined path item, and a parameter inlined into it.
    expect(at('/paths/~1notes/get/operationId')).toBe('paths/notes.yaml:2:3 /get/operationId');
    expect(at('/paths/~1notes~1{noteId}/parameters/0/name')).toBe('parameters.yaml:12:3 /NoteId/name');
    // Hoisted schemas, a whole file and a $defs entry.
    expect(at('/components/schemas/Note/properties/text')).toBe('components/schemas/note.yaml:7:3 /properties/text');
    expect(at('/components/schemas/NewNote')).toBe('components/schemas/note.yaml:10:3 /$defs/NewNote');
    // A hoisted component, and the entry's own text.
    expect(at('/components/responses/NotFound/description')).toBe('responses.yaml:9:7 /components/responses/NotFound/description');
    expect(at('/info/title')).toBe('openapi.yaml:3:3 /info/title');
  });

  it('makes every multi-file root of the public corpus self-contained', () => {
    const roots = fs
      .readdirSync(CORPUS, { recursive: true, encoding: 'utf8' })
      .filter((f) => /\.(ya?ml|json)$/.test(f))
      .map((f) => path.join(CORPUS, f))
      .filter((f) => /^\s*(openapi:|\{\s*"openapi")/m.test(fs.readFileSync(f, 'utf8').slice(0, 200)));
    expect(roots.length).toBeGreaterThanOrEqual(9);
    let multi = 0;
    for (const root of roots) {
      const contract = loadContract(root);
      const { doc, externalRefs } = bundleContract(contract);
      if (contract.sources.size > 1) {
        multi++;
        expect(externalRefs, root).toBeGreaterThan(0);
      }
      expectSelfContained(doc);
    }
    expect(multi).toBeGreaterThanOrEqual(8);
  });

  it('keeps two different schemas of the same name apart', () => {
    const { doc } = bundleContract(loadContract(path.join(CORPUS, 'heyapi-ref-parser/sibling-schema-collision-root.json')));
    const schemas = (doc.components as { schemas: Record<string, { type?: string; enum?: unknown[] }> }).schemas;
    const statuses = Object.entries(schemas).filter(([name]) => name.endsWith('Status'));
    expect(statuses.map(([, s]) => s.type).sort()).toEqual(['integer', 'string']);
  });
});

describe('lint and diff see the split contract as its one-file twin', () => {
  it('lints both alike, locating findings in the file they are written in', () => {
    const opts = { format: 'json' as const, maxWarnings: -1, color: false };
    const split = runLint([SPLIT], opts, os.tmpdir());
    const twin = runLint([TWIN], opts, os.tmpdir());
    const summary = (r: typeof split) => r.findings.map((f) => `${f.rule}: ${f.message}`).sort();
    expect(summary(split)).toEqual(summary(twin));
    expect(split.exitCode).toBe(twin.exitCode);

    // A finding inside a path item kept in another file is reported in that file.
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'charter-split-'));
    fs.cpSync(path.dirname(SPLIT), dir, { recursive: true });
    const notes = path.join(dir, 'paths/notes.yaml');
    fs.writeFileSync(notes, fs.readFileSync(notes, 'utf8').replace('  summary: List notes\n', ''));
    const r = runLint([path.join(dir, 'openapi.yaml')], opts, dir);
    const f = r.findings.find((x) => x.rule === 'operation-summary');
    expect(f?.location.file).toBe('paths/notes.yaml');
    expect(f?.location.line).toBe(1);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('reports no difference between the split contract and its twin, either way round', async () => {
    const cli = path.join(ROOT, 'scripts/charter/bin.mjs');
    for (const [a, b] of [[TWIN, SPLIT], [SPLIT, TWIN]] as const) {
      const { stdout } = await run(process.execPath, [cli, 'diff', '--format', 'json', a, b], { cwd: os.tmpdir() });
      const findings = (JSON.parse(stdout) as { findings: Array<{ id: string }> }).findings;
      expect(findings.map((x) => x.id)).toEqual([]);
    }
  });
});
