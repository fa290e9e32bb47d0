/**
 * `charter can-i-deploy` without commander: are the head contracts still compatible with every
 * recorded pact? Reuses the static check and prints a consumer × result matrix.
 * Exit codes: 0 every consumer passes, 1 a consumer breaks, 2 usage or input error.
 */
import fs from 'node:fs';
import path from 'node:path';
import { ContractError } from '../loader/errors.ts';
import { loadContract, type LoadedContract } from '../loader/load.ts';
import { isHttpInteraction, isMessageInteraction, pactDir, readPacts } from './pact-files.ts';
import { checkPacts, formatFinding, type PactCheckFinding } from './static-check.ts';

export interface CanIDeployOptions {
  cwd?: string;
  openapi?: string;
  asyncapi?: string;
  pacts?: string;
  format?: 'text' | 'json';
}

export interface IO {
  stdout(s: string): void;
  stderr(s: string): void;
}

export interface ConsumerResult {
  consumer: string;
  pactFile: string;
  http: number;
  messages: number;
  ok: boolean;
  findings: PactCheckFinding[];
}

export const DEFAULT_OPENAPI = 'contracts/openapi.yaml';
export const DEFAULT_ASYNCAPI = 'contracts/asyncapi.yaml';

export function loadOptional(cwd: string, file: string | undefined, fallback: string, kind: 'openapi' | 'asyncapi'): LoadedContract | undefined {
  const given = file !== undefined;
  const abs = path.resolve(cwd, file ?? fallback);
  if (!given && !fs.existsSync(abs)) return undefined;
  return loadContract(abs, { expectKind: kind });
}

/** Every consumer's result against the contracts; throws ContractError on unreadable input. */
export async function consumerResults(opts: CanIDeployOptions): Promise<ConsumerResult[]> {
  const cwd = opts.cwd ?? process.cwd();
  const pacts = readPacts(pactDir(cwd, opts.pacts));
  const findings = await checkPacts({
    openapi: loadOptional(cwd, opts.openapi, DEFAULT_OPENAPI, 'openapi'),
    asyncapi: loadOptional(cwd, opts.asyncapi, DEFAULT_ASYNCAPI, 'asyncapi'),
    pacts,
  });
  return pacts.map((p) => {
    const own = findings.filter((f) => f.pactFile === p.file);
    return {
      consumer: p.consumer,
      pactFile: p.file,
      http: p.interactions.filter(isHttpInteraction).length,
      messages: p.interactions.filter(isMessageInteraction).length,
      ok: own.length === 0,
      findings: own,
    };
  });
}

export async function runCanIDeploy(opts: CanIDeployOptions, io: IO): Promise<number> {
  const cwd = opts.cwd ?? process.cwd();
  let results: ConsumerResult[];
  try {
    results = await consumerResults(opts);
  } catch (e) {
    if (e instanceof ContractError) {
      io.stderr(`${e.format()}\n`);
      return 2;
    }
    throw e;
  }
  if (opts.format === 'json') {
    const rel = (f: string) => path.relative(cwd, f) || f;
    io.stdout(
      `${JSON.stringify(
        {
          ok: results.every((r) => r.ok),
          consumers: results.map((r) => ({
            consumer: r.consumer,
            pact: rel(r.pactFile),
            http: r.http,
            messages: r.messages,
            ok: r.ok,
            findings: r.findings.map((f) => ({ interaction: f.interaction, kind: f.kind, code: f.code, message: f.message, location: { ...f.location, file: f.location.file && rel(f.location.file) } })),
          })),
        },
        null,
        2,
      )}\n`,
    );
  } else {
    io.stdout(renderMatrix(results, cwd));
  }
  return results.every((r) => r.ok) ? 0 : 1;
}

function renderMatrix(results: ConsumerResult[], cwd: string): string {
  if (!results.length) return `can-i-deploy: no pacts in ${pactFolder(cwd)}: no recorded consumer can break\n`;
  const rows = results.map((r) => [
    r.consumer,
    [r.http ? `${r.http} http` : '', r.messages ? `${r.messages} message${r.messages === 1 ? '' : 's'}` : ''].filter(Boolean).join(', ') || '0',
    r.ok ? '✔ compatible' : `✖ breaks (${new Set(r.findings.map((f) => f.interaction)).size} interaction${new Set(r.findings.map((f) => f.interaction)).size === 1 ? '' : 's'})`,
  ]);
  const head = ['consumer', 'interactions', 'result'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join('  ').trimEnd();
  const out = [line(head), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)];
  for (const r of results.filter((x) => !x.ok)) {
    out.push('', `${r.consumer} (${path.relative(cwd, r.pactFile)}):`);
    for (const f of r.findings) out.push(`  ${formatFinding(f, cwd)}`);
  }
  const broken = results.filter((r) => !r.ok).map((r) => r.consumer);
  out.push('', broken.length ? `✖ cannot deploy: ${broken.join(', ')} would break` : `✔ can deploy: all ${results.length} consumer${results.length === 1 ? '' : 's'} compatible`);
  return `${out.join('\n')}\n`;
}

function pactFolder(cwd: string): string {
  return path.relative(cwd, pactDir(cwd)) || '.';
}
