/**
 * `npm run test:reliability`: every reliability check against the real service on a real
 * PostgreSQL, then docs/reliability.md with the figures. Exits 1 when any invariant broke.
 * Lives in scripts/ rather than test/ because it is a bounded, multi-minute run that writes a
 * report, not a unit of `npm test`; test/reliability/smoke.test.ts runs a small slice of it in CI.
 */
import { execSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runCheck, type CheckResult } from './checks.ts';
import { REPO_ROOT } from './contract-operations.ts';
import { fuzzContract } from './fuzz.ts';
import { forgedTokens, idor, injection, oversizedAndSlow, rateLimitBurst } from './attacks.ts';
import { idempotentDuplicates, lostUpdates, outboxAccounting, terminateBackends } from './concurrency-and-faults.ts';
import { natsRestart, postgresRestart, relayCrash, sigtermUnderLoad } from './dependency-faults.ts';
import { corpusCases, hostileCases, runCliCases } from './hostile-cli.ts';
import { cursorSpace, etagSpace, floods, poisonMessages, rawHttpMalformations, sadPathTally } from './sad-paths.ts';

const FUZZ_RUNS = Number(process.env.RELIABILITY_FUZZ_RUNS ?? 10_500);
const started = Date.now();
const results: CheckResult[] = [];
results.push(await runCheck('1. fuzzing', `contract-driven requests (fast-check, seed ${process.env.RELIABILITY_SEED ?? 'random'})`, (c) => fuzzContract(c, { runs: FUZZ_RUNS, seed: process.env.RELIABILITY_SEED ? Number(process.env.RELIABILITY_SEED) : undefined })));
results.push(await runCheck('2. attacks', 'IDOR: every operation with another user\'s id, as a non-admin', idor));
results.push(await runCheck('2. attacks', 'tokens: expired, nbf, wrong aud/iss, alg none, wrong key, tampered, no exp (every operation)', forgedTokens));
results.push(await runCheck('2. attacks', 'SQL / JSON injection strings in every string field and parameter', injection));
results.push(await runCheck('2. attacks', 'rate limit under a burst (60 concurrent, limit 20)', rateLimitBurst));
results.push(await runCheck('2. attacks', 'oversized bodies (413) and headers (431), slow headers and bodies (timeouts)', oversizedAndSlow));
results.push(await runCheck('3. concurrency', 'lost updates: 50 concurrent merge-patches on 2 instances, retry on 412', lostUpdates));
results.push(await runCheck('3. concurrency', 'idempotency: 100 concurrent duplicates of one create', idempotentDuplicates));
results.push(await runCheck('3. concurrency', 'outbox accounting under concurrent creates/deletes', outboxAccounting));
results.push(await runCheck('4. faults', 'pg_terminate_backend on the service\'s connections mid-load', terminateBackends));
results.push(await runCheck('4. faults', 'PostgreSQL (a cluster of its own) stopped and restarted under load against the service process', postgresRestart));
results.push(await runCheck('4. faults', 'nats-server (its own) SIGKILLed and restarted while users are created, updated and deleted', natsRestart));
results.push(await runCheck('4. faults', 'outbox relay killed between publish and mark-sent (5 times), then a fresh relay', relayCrash));
results.push(await runCheck('4. faults', 'SIGTERM to the service process under 16 keep-alive clients', sigtermUnderLoad));
results.push(await runCheck('5. sad paths', 'list cursors over their input space: issuable ones page, every forged one (any date, id, JSON, spelling) is 400', (c) => cursorSpace(c, 1_500)));
results.push(await runCheck('5. sad paths', 'If-Match / If-None-Match over their input space against the RFC 9110 grammar: malformed 400, versions past int4 412', (c) => etagSpace(c, 1_500)));
results.push(await runCheck('5. sad paths', 'raw-HTTP malformations below Express (control characters, folding, bare LF, framing conflicts, bad request lines, no Host)', (c) => rawHttpMalformations(c, 1_200)));
results.push(await runCheck('5. sad paths', 'a flood of rejected callers (anonymous, bad and forged tokens, over-limit) at 500 req/s beside one legitimate caller, service process', (c) => floods(c, { ratePerSecond: 500 })));
results.push(await runCheck('5. sad paths', 'poison messages (always failing, transiently failing, invalid) in generated sequences, NATS JetStream and in-process', (c) => poisonMessages(c, 8)));
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'charter-hostile-'));
results.push(await runCheck('6. CLI', 'hostile contracts: $ref cycle, 100 levels, 50 MB string, alias bomb, remote $ref, not YAML, empty (generate, lint, diff)', (c) => runCliCases(c, hostileCases(tmp), { timeoutMs: 90_000, maxRssMb: 1_600, concurrency: 2 })));
if (process.env.RELIABILITY_CORPUS !== 'off') {
  results.push(await runCheck('6. CLI', 'the public corpus (generate + lint on every document, diff on every pair)', (c) => runCliCases(c, corpusCases(), { timeoutMs: 120_000, maxRssMb: 1_600, concurrency: 2 })));
}
fs.rmSync(tmp, { recursive: true, force: true });

const commit = execSync('git rev-parse --short HEAD', { cwd: REPO_ROOT }).toString().trim();
const total = results.reduce((n, r) => n + r.violations.length, 0);
const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');
const lines = [
  '# Reliability and security suite',
  '',
  `Generated by \`npm run test:reliability\` (scripts/reliability/) on ${new Date().toISOString().slice(0, 10)} at commit \`${commit}\`, `,
  `Node ${process.version}, ${os.cpus().length} cores shared with other work. Total ${((Date.now() - started) / 1000).toFixed(0)} s; **${total} violations**.`,
  '',
  'Every check runs against the real service (the app and HTTP server of `service/src`) on a real PostgreSQL database of its own,',
  'bounded in count and time; the run exits 1 on any violation. `npm test` runs a smoke slice (test/reliability/smoke.test.ts).',
  '',
  '| part | check | tried | violations | time | figures |',
  '|---|---|---:|---:|---:|---|',
  ...results.map((r) => `| ${r.part} | ${cell(r.name)} | ${r.tried} | ${r.violations.length} | ${(r.ms / 1000).toFixed(1)} s | ${cell(r.notes ?? '')} |`),
  '',
  '## Goals of the sad-path checks',
  '',
  '| goal | measured |',
  '|---|---|',
  `| 0 × 5xx | ${sadPathTally.fiveXx} |`,
  `| 0 error responses without a problem body | ${sadPathTally.bodiless} |`,
  `| legitimate p50 during a flood of rejected requests within 2× of unloaded | ${sadPathTally.legitP50UnloadedMs?.toFixed(1) ?? 'n/a'} ms unloaded, ${sadPathTally.legitP50FloodMs?.toFixed(1) ?? 'n/a'} ms during ${sadPathTally.floodRps?.toFixed(0) ?? 'n/a'} rejected req/s |`,
  `| after a poison message, the next message within 1 s | ${sadPathTally.poisonToNextMs.length ? `${Math.max(...sadPathTally.poisonToNextMs).toFixed(0)} ms at most (median ${[...sadPathTally.poisonToNextMs].sort((a, b) => a - b)[Math.floor(sadPathTally.poisonToNextMs.length / 2)]!.toFixed(0)} ms, ${sadPathTally.poisonToNextMs.length} poison messages)` : 'n/a'} |`,
  '',
];
const failed = results.filter((r) => r.violations.length > 0);
if (failed.length) {
  lines.push('## Violations', '');
  for (const r of failed) lines.push(`### ${r.part}: ${r.name}`, '', '```', ...r.violations.slice(0, 10).map((v) => v.slice(0, 2000)), '```', '');
}
const notes = fs.readFileSync(path.join(REPO_ROOT, 'scripts/reliability/report-notes.md'), 'utf8');
fs.writeFileSync(path.join(REPO_ROOT, 'docs/reliability.md'), `${lines.join('\n')}\n${notes}`);
console.log(`\n${total} violations; docs/reliability.md written.`);
process.exit(total === 0 ? 0 : 1);
