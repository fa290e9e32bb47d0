/**
 * `charter can-i-deploy` without commander: are the head contracts still compatible with the
 * pacts of this project's provider? Reuses the static check and prints a matrix.
 *
 * - Without `--env`: every pact for the provider in the pacts folder.
 * - With `--env NAME`: exactly the consumer versions recorded as deployed to NAME
 *   (deployments.ts), each pact read from git at that version; the matrix is
 *   consumer × version × result.
 *
 * No pact for the provider (or nothing deployed to the environment) checks nothing, and fails.
 * Exit codes: 0 every consumer passes, 1 a consumer breaks or nothing was checked, 2 usage or
 * input error.
 */
import path from 'node:path';
import { loadProjectConfig, type ProjectConfig } from '../config/project.ts';
import { ContractError } from '../loader/errors.ts';
import { loadContract, type LoadedContract } from '../loader/load.ts';
import { providerConfigOf } from './config.ts';
import { gitRoot, pactAt, readDeployments } from './deployments.ts';
import { isHttpInteraction, isMessageInteraction, pactsFor, readPacts, resolveProvider, type PactFile } from './pact-files.ts';
import { checkPacts, formatFinding, type PactCheckFinding } from './static-check.ts';

export interface CanIDeployOptions {
  cwd?: string;
  /** `--config FILE`. */
  config?: string;
  openapi?: string;
  asyncapi?: string;
  pacts?: string;
  provider?: string;
  /** Check the consumer versions deployed to this environment. */
  env?: string;
  format?: 'text' | 'json';
}

export interface IO {
  stdout(s: string): void;
  stderr(s: string): void;
}

export interface ConsumerResult {
  consumer: string;
  /** With --env: the deployed version (sha or tag) whose pact was checked. */
  version?: string;
  pactFile: string;
  specification: string;
  http: number;
  messages: number;
  ok: boolean;
  findings: PactCheckFinding[];
}

interface Checked {
  provider: string;
  env?: string;
  results: ConsumerResult[];
  /** Why nothing was checked, when nothing was. */
  nothing?: string;
}

function contract(project: ProjectConfig, cwd: string, flag: string | undefined, kind: 'openapi' | 'asyncapi'): LoadedContract | undefined {
  const file = flag !== undefined ? path.resolve(cwd, flag) : project.contracts[kind];
  return file ? loadContract(file, { expectKind: kind }) : undefined;
}

async function check(opts: CanIDeployOptions): Promise<Checked> {
  const cwd = opts.cwd ?? process.cwd();
  const project = loadProjectConfig({ cwd, explicit: opts.config });
  const settings = providerConfigOf(project);
  const dir = opts.pacts ? path.resolve(cwd, opts.pacts) : project.pacts;
  let pacts: PactFile[];
  const versions = new Map<PactFile, string>();
  let provider: string | undefined;
  let nothing: string | undefined;
  if (opts.env) {
    provider = opts.provider ?? settings.name ?? resolveProvider(readPacts(dir), undefined, project.display(dir));
    if (!provider) throw new ContractError('no provider name: nothing says which pacts to check', { file: project.display(settings.deployments) }, 'Set provider.name in charter.config.yaml, or pass --provider.');
    const deployed = readDeployments(settings.deployments)[opts.env];
    if (!deployed || !Object.keys(deployed).length) {
      return { provider, env: opts.env, results: [], nothing: `no consumer version is recorded as deployed to ${opts.env} in ${project.display(settings.deployments)}` };
    }
    const repo = gitRoot(project.root);
    pacts = [];
    for (const [consumer, d] of Object.entries(deployed)) {
      const pact = pactAt(repo, { consumer, ...d });
      if (pact.provider !== provider) throw new ContractError(`the pact of ${consumer} at ${d.version} is for ${pact.provider}, not ${provider}`, { file: pact.file });
      pacts.push(pact);
      versions.set(pact, d.version);
    }
  } else {
    const all = readPacts(dir);
    provider = resolveProvider(all, opts.provider ?? settings.name, project.display(dir));
    pacts = provider ? pactsFor(all, provider) : [];
    if (!pacts.length) nothing = `no pact for provider ${provider ?? '(none configured)'} in ${project.display(dir)}${all.length ? ` (the pacts there are for ${[...new Set(all.map((p) => p.provider))].join(', ')})` : ''}`;
  }
  if (!nothing && pacts.every((p) => !p.interactions.length)) nothing = `the pacts for ${provider} hold no interaction`;
  if (nothing) return { provider: provider ?? '?', env: opts.env, results: [], nothing };
  const findings = await checkPacts({ openapi: contract(project, cwd, opts.openapi, 'openapi'), asyncapi: contract(project, cwd, opts.asyncapi, 'asyncapi'), pacts });
  const results = pacts.map((p) => {
    const own = findings.filter((f) => f.pactFile === p.file);
    return {
      consumer: p.consumer,
      version: versions.get(p),
      pactFile: p.file,
      specification: p.specification,
      http: p.interactions.filter(isHttpInteraction).length,
      messages: p.interactions.filter(isMessageInteraction).length,
      ok: own.length === 0,
      findings: own,
    };
  });
  return { provider: provider!, env: opts.env, results };
}

export async function runCanIDeploy(opts: CanIDeployOptions, io: IO): Promise<number> {
  const cwd = opts.cwd ?? process.cwd();
  let checked: Checked;
  try {
    checked = await check(opts);
  } catch (e) {
    if (e instanceof ContractError) {
      io.stderr(`${e.format()}\n`);
      return 2;
    }
    throw e;
  }
  const { results } = checked;
  const ok = !checked.nothing && results.every((r) => r.ok);
  const rel = (f: string) => (path.isAbsolute(f) ? path.relative(cwd, f) || f : f);
  if (opts.format === 'json') {
    io.stdout(
      `${JSON.stringify(
        {
          ok,
          provider: checked.provider,
          ...(checked.env ? { env: checked.env } : {}),
          ...(checked.nothing ? { error: `${checked.nothing}: nothing checked` } : {}),
          consumers: results.map((r) => ({
            consumer: r.consumer,
            ...(r.version ? { version: r.version } : {}),
            pact: rel(r.pactFile),
            specification: r.specification,
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
  } else if (checked.nothing) {
    io.stderr(`✖ can-i-deploy: ${checked.nothing}: nothing checked\n`);
  } else {
    io.stdout(renderMatrix(checked, cwd, rel));
  }
  return ok ? 0 : 1;
}

function renderMatrix({ results, env, provider }: Checked, cwd: string, rel: (f: string) => string): string {
  const broke = (r: ConsumerResult) => new Set(r.findings.map((f) => f.interaction)).size;
  const rows = results.map((r) => [
    r.consumer,
    ...(env ? [r.version ?? '?'] : []),
    [r.http ? `${r.http} http` : '', r.messages ? `${r.messages} message${r.messages === 1 ? '' : 's'}` : ''].filter(Boolean).join(', ') || '0',
    r.ok ? '✔ compatible' : `✖ breaks (${broke(r)} interaction${broke(r) === 1 ? '' : 's'})`,
  ]);
  const head = ['consumer', ...(env ? ['version'] : []), 'interactions', 'result'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join('  ').trimEnd();
  const out = [...(env ? [`${provider} in ${env}:`] : []), line(head), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)];
  for (const r of results.filter((x) => !x.ok)) {
    out.push('', `${r.consumer}${r.version ? ` ${r.version}` : ''} (${rel(r.pactFile)}):`);
    for (const f of r.findings) out.push(`  ${formatFinding(f, cwd)}`);
  }
  const broken = results.filter((r) => !r.ok).map((r) => (r.version ? `${r.consumer} ${r.version}` : r.consumer));
  const where = env ? ` to ${env}` : '';
  out.push('', broken.length ? `✖ cannot deploy${where}: ${broken.join(', ')} would break` : `✔ can deploy${where}: all ${results.length} consumer${results.length === 1 ? '' : 's'} compatible`);
  return `${out.join('\n')}\n`;
}
