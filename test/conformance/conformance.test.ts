/**
 * Conformance: every operation of every contract of the suite (the project's contract, the public
 * corpus, the multi-file entry documents, the OpenAPI test fixtures) served by `charter mock` on
 * its generated router and called through its generated SDK; each call must come back with a
 * declared status, a body the generated server's response validation accepted, and the SDK's
 * result of the declared kind. The project's contract must round-trip completely; every failure
 * elsewhere must be one of the explained ones (scripts/conformance/known-failures.ts, with a
 * fixture each in test/mock/failure-classes.test.ts, and docs/mock.md "Conformance").
 *
 * This is the bounded part that runs in `npm test`: large contracts are sampled with a fixed seed
 * (a seeded set of operations cut out with the components they reach) and the test fixtures are
 * a seeded sample. `npm run test:conformance` (scripts/conformance/run.ts) runs everything.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { conformanceContracts, sampleEntries, type CorpusEntry } from '../../scripts/conformance/corpus.ts';
import { formatReports, runConformance, type ContractReport } from '../../scripts/conformance/harness.ts';
import { unexplained } from '../../scripts/conformance/known-failures.ts';
import { REPO_ROOT, requireCorpus } from '../support/cli.ts';

const SEED = 'charter';
// Operations sampled per large contract; the full run takes them all.
const SAMPLE: Record<string, number> = { 'github-api.github.com.json': 100, 'stripe-spec3.yaml': 80, 'openai.yaml': 60 };
const FIXTURES = 30;

requireCorpus();
const all = conformanceContracts(REPO_ROOT);
const entries: CorpusEntry[] = [
  ...all.filter((e) => e.group !== 'fixtures'),
  ...sampleEntries(all.filter((e) => e.group === 'fixtures'), FIXTURES, SEED),
];

describe('conformance: mock and SDK round trips', () => {
  const reports = new Map<CorpusEntry, ContractReport>();

  beforeAll(async () => {
    for (const entry of entries) {
      const name = entry.file.split('/').pop()!;
      reports.set(entry, await runConformance(entry.file, { projectRoot: REPO_ROOT, seed: SEED, ...(SAMPLE[name] ? { maxOperations: SAMPLE[name] } : {}) }));
    }
    for (const group of ['project', 'corpus', 'multifile', 'fixtures'] as const) {
      const list = entries.filter((e) => e.group === group).map((e) => reports.get(e)!);
      console.log(`\n== ${group} ==\n${formatReports(list, { details: 1 })}`);
    }
  }, 600_000);

  it('covers the corpus', () => {
    expect(entries.filter((e) => e.group === 'corpus').length).toBeGreaterThanOrEqual(12);
    expect(entries.filter((e) => e.group === 'multifile').length).toBeGreaterThanOrEqual(8);
    expect(entries.filter((e) => e.group === 'fixtures').length).toBe(FIXTURES);
    const served = [...reports.values()].filter((r) => !r.error).reduce((n, r) => n + r.operations, 0);
    expect(served).toBeGreaterThan(250);
  });

  it('round-trips every operation of contracts/openapi.yaml, for its success and its first error status', () => {
    const project = reports.get(entries.find((e) => e.group === 'project')!)!;
    expect(project.error).toBeUndefined();
    expect(project.operations).toBe(7);
    expect(project.failures).toEqual([]);
    expect(project.passed).toBe(7);
  });

  it('has no failure the suite does not explain', () => {
    expect(unexplained([...reports.values()])).toEqual([]);
  });

  it('finds no response the generated server refuses to send (a generator bug)', () => {
    const broken = [...reports.values()].flatMap((r) => r.failures.filter((f) => f.class === 'response breaks its schema').map((f) => `${r.contract}: ${f.operationId}: ${f.detail}`));
    expect(broken).toEqual([]);
  });

  it('round-trips every small public contract completely', () => {
    for (const name of ['oai-petstore.yaml', 'oai-petstore-expanded.yaml', 'swagger-petstore-v3.yaml', 'redocly-museum.yaml', 'oai-link-example.yaml', 'oai-callback-example.yaml']) {
      const r = [...reports.values()].find((x) => x.contract.endsWith(`/${name}`));
      expect(r, name).toBeDefined();
      expect(r!.failures, name).toEqual([]);
      expect(r!.passed, name).toBe(r!.operations);
      expect(r!.operations, name).toBeGreaterThan(0);
    }
  });
});
