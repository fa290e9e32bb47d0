/**
 * AsyncAPI acceptance on real documents: the five services of the multi-file social-media example
 * (AsyncAPI 3.1, sharing messages, schemas, parameters and servers in common/) and every one-file
 * document of the public AsyncAPI corpus go through `charter generate` and `charter lint`, and
 * the generated events module type-checks. Every operation must carry real message types: a
 * payload type that is neither `never` nor `unknown`, and a `messages` table that is not empty.
 *
 * (adeo-kafka-request-reply is left out: its payloads are remote Avro files, which generate
 * refuses offline; test/generate/corpus.test.ts holds that refusal.)
 */
import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadContract } from '../../scripts/charter/loader/load.ts';
import { buildAsyncApiModel } from '../../scripts/charter/model/asyncapi.ts';
import { CORPUS, REPO_ROOT, requireCorpus, runCharter } from '../support/cli.ts';

requireCorpus();
const SOCIAL = path.join(CORPUS, 'asyncapi-multifile/social-media');
const SERVICES = ['backend', 'comments-service', 'frontend', 'notification-service', 'public-api'];
const REMOTE_ONLY = ['adeo-kafka-request-reply.3.0.yml'];
const DOCS = [
  ...SERVICES.map((s) => path.join(SOCIAL, s, 'asyncapi.yaml')),
  ...fs
    .readdirSync(path.join(CORPUS, 'asyncapi'))
    .filter((f) => /\.ya?ml$|\.json$/.test(f) && !REMOTE_ONLY.includes(f))
    .map((f) => path.join(CORPUS, 'asyncapi', f)),
];
// Inside node_modules, so the generated code resolves ajv and nats as an adopter's would.
const OUT = path.join(REPO_ROOT, 'node_modules/.cache/charter-test-asyncapi');
const outDir = (doc: string) => path.join(OUT, path.relative(CORPUS, doc).replace(/[/.]/g, '_'));

const STRUCTURAL = new Set(['structure', 'ref-exists', 'no-remote-refs', 'message-schema-format']);

interface Generated {
  status: number | null;
  stderr: string;
}

describe('AsyncAPI documents through generate, lint and tsc', () => {
  const generated = new Map<string, Generated>();
  let program: ts.Program;

  beforeAll(() => {
    fs.rmSync(OUT, { recursive: true, force: true });
    fs.mkdirSync(OUT, { recursive: true });
    for (const doc of DOCS) {
      const r = runCharter(['generate', doc, '-o', outDir(doc)]);
      generated.set(doc, { status: r.status, stderr: r.stderr });
    }
    fs.writeFileSync(path.join(OUT, 'package.json'), '{"type":"module"}\n');
    // The strictest setup an adopter may have (as in test/generate/corpus.test.ts).
    program = ts.createProgram(
      DOCS.map((d) => path.join(outDir(d), 'events/index.ts')).filter((f) => fs.existsSync(f)),
      {
        target: ts.ScriptTarget.ES2023, lib: ['lib.es2023.d.ts'], module: ts.ModuleKind.NodeNext, moduleResolution: ts.ModuleResolutionKind.NodeNext,
        strict: true, exactOptionalPropertyTypes: true, noUncheckedIndexedAccess: true, noPropertyAccessFromIndexSignature: true,
        verbatimModuleSyntax: true, skipLibCheck: true, noEmit: true, types: ['node'], typeRoots: [path.join(REPO_ROOT, 'node_modules/@types')],
      },
    );
  }, 600_000);

  it('covers the five social-media services (AsyncAPI 3.1) and the one-file corpus', () => {
    expect(DOCS.length).toBeGreaterThanOrEqual(SERVICES.length + 9);
    for (const s of SERVICES) expect(loadContract(path.join(SOCIAL, s, 'asyncapi.yaml')).specVersion).toBe('3.1.0');
  });

  it.each(DOCS.map((d) => [path.relative(CORPUS, d), d]))('charter generate succeeds on %s', (_rel, doc) => {
    const g = generated.get(doc)!;
    expect(g.stderr).not.toMatch(/error:/);
    expect(g.status).toBe(0);
    for (const f of ['events/index.ts', 'events/runtime.ts', 'events/schemas.json']) expect(fs.existsSync(path.join(outDir(doc), f)), f).toBe(true);
  });

  it('type-checks every generated events module under NodeNext with the strict flags', () => {
    const diagnostics = ts.getPreEmitDiagnostics(program).map((d) => ts.formatDiagnostic(d, { getCanonicalFileName: (f) => f, getCurrentDirectory: () => OUT, getNewLine: () => '\n' }));
    expect(diagnostics).toEqual([]);
    expect(program.getRootFileNames().length).toBe(DOCS.length);
  }, 300_000);

  it.each(DOCS.map((d) => [path.relative(CORPUS, d), d]))('every operation of %s carries real payload types', (_rel, doc) => {
    const model = buildAsyncApiModel(loadContract(doc));
    expect(model.operations.length, 'the document has operations').toBeGreaterThan(0);
    const checker = program.getTypeChecker();
    const sf = program.getSourceFile(path.join(outDir(doc), 'events/index.ts'));
    expect(sf, 'generated events/index.ts').toBeDefined();
    const exports = checker.getExportsOfModule(checker.getSymbolAtLocation(sf!)!);
    const exported = (name: string) => {
      const s = exports.find((e) => e.name === name);
      expect(s, name).toBeDefined();
      return s!;
    };
    const seen: string[] = [];
    for (const table of ['SendOperations', 'ReceiveOperations']) {
      const type = checker.getDeclaredTypeOfSymbol(exported(table));
      for (const op of type.getProperties()) {
        seen.push(op.name);
        const message = checker.getTypeOfSymbol(checker.getTypeOfSymbol(op).getProperty('message')!);
        expect(message.flags & ts.TypeFlags.Never, `${op.name}: message is never`).toBe(0);
        for (const m of message.isUnion() ? message.types : [message]) {
          const payload = checker.getTypeOfSymbol(m.getProperty('payload')!);
          const text = checker.typeToString(payload);
          expect(payload.flags & (ts.TypeFlags.Never | ts.TypeFlags.Unknown | ts.TypeFlags.Any), `${op.name}: payload is ${text}`).toBe(0);
        }
      }
    }
    expect(seen.sort()).toEqual(model.operations.map((o) => o.codeName).sort());
    // The runtime table: one entry per message, each with a payload schema that constrains something.
    const messagesType = checker.getTypeOfSymbol(exported('messages'));
    expect(messagesType.getProperties().length).toBeGreaterThan(0);
    const schemas = JSON.parse(fs.readFileSync(path.join(outDir(doc), 'events/schemas.json'), 'utf8')) as Record<string, { payload: unknown }>;
    expect(Object.keys(schemas).sort()).toEqual(messagesType.getProperties().map((p) => p.name).sort());
    for (const [id, s] of Object.entries(schemas)) expect(s.payload, `${id} payload schema`).not.toEqual({});
  });

  it.each(DOCS.map((d) => [path.relative(CORPUS, d), d]))('charter lint reads %s without structure or reference errors', (_rel, doc) => {
    const r = runCharter(['lint', doc, '--format', 'json']);
    expect(r.status === 0 || r.status === 1, r.stderr).toBe(true);
    const report = JSON.parse(r.stdout) as { findings: Array<{ rule: string; message: string; location: { file: string; line?: number } }> };
    const structural = report.findings.filter((f) => STRUCTURAL.has(f.rule)).map((f) => `${f.location.file}:${f.location.line}: ${f.rule}: ${f.message}`);
    expect(structural).toEqual([]);
  });
});
