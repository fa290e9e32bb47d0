/**
 * `charter lint` on the real contracts in ../shared/corpus: it finishes on every one (no
 * crash, no hang, the 3–4 MB ones included) and finds the known defects where they are.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { lintFile } from '../../scripts/charter/lint/engine.ts';
import { DEFAULT_CONFIG } from '../../scripts/charter/lint/config.ts';
import { requireCorpus } from '../support/cli.ts';

const CORPUS = requireCorpus();
const files = ['openapi', 'openapi-pairs', 'asyncapi'].flatMap((d) =>
  fs
    .readdirSync(path.join(CORPUS, d))
    .filter((f) => /\.(ya?ml|json)$/.test(f))
    .map((f) => path.join(CORPUS, d, f)),
);
const lint = (rel: string) => lintFile(path.join(CORPUS, rel), { ...DEFAULT_CONFIG, rules: {} });

describe('charter lint on the corpus', () => {
  it.each(files.map((f) => [path.relative(CORPUS, f), f]))('lints %s without crashing, in seconds', (_name, file) => {
    const t0 = performance.now();
    const r = lintFile(file, { ...DEFAULT_CONFIG, rules: {} });
    const seconds = (performance.now() - t0) / 1000;
    expect(r.fatal?.format()).toBeUndefined();
    expect(r.crashed).toEqual([]);
    for (const f of r.findings) expect(f.location.line, `${f.rule}: ${f.message}`).toBeGreaterThan(0);
    expect(seconds).toBeLessThan(30);
  });

  it('flags the three operations of openai-2024-08-15.INVALID.yaml that do not declare their path parameters', () => {
    const got = lint('openapi/openai-2024-08-15.INVALID.yaml')
      .findings.filter((f) => f.rule === 'path-params')
      .map((f) => `${f.location.line}: ${f.message}`);
    expect(got).toEqual([
      '7662: POST /organization/users/{user_id} does not declare the path parameter "user_id"',
      '7888: POST /organization/projects/{project_id} does not declare the path parameter "project_id"',
      '8152: POST /organization/projects/{project_id}/users/{user_id} does not declare the path parameters "project_id", "user_id"',
    ]);
  });

  it('flags the unknown keyword `optional` in openai-2025-03-22.INVALID.yaml on its line', () => {
    const f = lint('openapi/openai-2025-03-22.INVALID.yaml').findings.find((x) => x.rule === 'structure' && x.message.includes('"optional"'));
    expect(f).toMatchObject({
      severity: 'error',
      message: 'unknown property "optional" in "logprobs"',
      location: { line: 20403, column: 11, pointer: '/components/schemas/CreateTranscriptionResponseJson/properties/logprobs/optional' },
    });
  });

  it('reports the remote $refs of adeo-kafka-request-reply.3.0.yml where they are, without fetching them', () => {
    const r = lint('asyncapi/adeo-kafka-request-reply.3.0.yml');
    const lines = r.findings.filter((f) => f.rule === 'no-remote-refs').map((f) => f.location.line);
    expect(lines).toEqual([214, 245, 249]);
    // The binding that holds a remote ref is not blamed a second time by the structure rule.
    expect(r.findings.filter((f) => f.rule === 'structure')).toEqual([]);
  });

  it('treats the "$ref" keys inside GitHub\'s example values as data, not references', () => {
    const r = lint('openapi/github-api.github.com.json');
    expect(r.findings.filter((f) => f.rule === 'no-remote-refs' || f.rule === 'ref-exists')).toEqual([]);
  });
});
