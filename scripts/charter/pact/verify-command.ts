/**
 * `charter verify` without commander: replays the pacts for this project's provider against the
 * running provider, with the Pact verifier.
 *
 * - Which pacts: those in the pacts folder whose `provider` is this project's provider
 *   (`provider.name`, else the one provider the pacts name). None, or no interaction in them, is
 *   a failure that says so.
 * - Which provider: `--provider-url`, else `provider.command` started and waited for
 *   (provider-process.ts), after the provider-states module's `prepare()`.
 * - Provider states, message producers and the request filter come from the module named by
 *   `provider.states` (interface: pact/index.ts).
 * - Each pact is verified on its own, so every result names its consumer; the report
 *   (`--output-json`, `--output-junit`) lists every interaction with its mismatches.
 *
 * Exit codes: 0 every interaction verified, 1 an interaction failed or nothing was verified,
 * 2 usage or input error (bad config, unreadable pact, a provider that does not start).
 */
import path from 'node:path';
import { loadProjectConfig, type ProjectConfig } from '../config/project.ts';
import { ContractError } from '../loader/errors.ts';
import { importOptional, MissingPackageError } from '../optional-package.ts';
import { providerConfigOf } from './config.ts';
import type { ProviderContext, ProviderStates } from './index.ts';
import { isHttpInteraction, isMessageInteraction, pactsFor, readPacts, resolveProvider, type PactFile } from './pact-files.ts';
import { ProviderStartError, startProvider, type StartedProvider } from './provider-process.ts';
import { loadStatesModule, pactMessageProviders, pactStateHandlers } from './states-module.ts';
import { writeJsonReport, writeJunitReport, type VerifiedConsumer, type VerifiedInteraction, type VerifyReport } from './verify-report.ts';

export interface VerifyCommandOptions {
  cwd?: string;
  /** `--config FILE`. */
  config?: string;
  pacts?: string;
  provider?: string;
  providerUrl?: string;
  /** Overrides provider.states. */
  states?: string;
  outputJson?: string;
  outputJunit?: string;
  logLevel?: 'error' | 'warn' | 'info' | 'debug';
}

export interface IO {
  stdout(s: string): void;
  stderr(s: string): void;
}

export async function runVerify(opts: VerifyCommandOptions, io: IO): Promise<number> {
  const cwd = opts.cwd ?? process.cwd();
  let project: ProjectConfig;
  let report: VerifyReport | undefined;
  const finish = (code: number, r: VerifyReport | undefined) => {
    if (r && opts.outputJson) writeJsonReport(path.resolve(cwd, opts.outputJson), r);
    if (r && opts.outputJunit) writeJunitReport(path.resolve(cwd, opts.outputJunit), r);
    return code;
  };
  try {
    project = loadProjectConfig({ cwd, explicit: opts.config });
    const settings = providerConfigOf(project);
    const dir = opts.pacts ? path.resolve(cwd, opts.pacts) : project.pacts;
    const all = readPacts(dir);
    const provider = resolveProvider(all, opts.provider ?? settings.name, project.display(dir));
    const pacts = provider ? pactsFor(all, provider) : [];
    const empty: VerifyReport = { provider: provider ?? '?', ok: false, verified: 0, failed: 0, consumers: [] };
    if (!provider || !pacts.length) {
      const error = `no pact for provider ${provider ?? '(none configured)'} in ${project.display(dir)}${all.length ? ` (the pacts there are for ${[...new Set(all.map((p) => p.provider))].join(', ')})` : ''}: nothing verified`;
      io.stderr(`✖ charter verify: ${error}\n`);
      return finish(1, { ...empty, error });
    }
    const total = pacts.reduce((n, p) => n + p.interactions.length, 0);
    if (!total) {
      const error = `the pacts for ${provider} (${pacts.map((p) => project.display(p.file)).join(', ')}) hold no interaction: nothing verified`;
      io.stderr(`✖ charter verify: ${error}\n`);
      return finish(1, { ...empty, error });
    }
    const { Verifier } = await importOptional('@pact-foundation/pact', 'verify', () => import('@pact-foundation/pact'));
    const statesFile = opts.states ? path.resolve(cwd, opts.states) : settings.states;
    const shownStates = statesFile ? project.display(statesFile) : 'charter.config.yaml (no provider.states)';
    const states: ProviderStates = statesFile ? await loadStatesModule(statesFile, shownStates) : {};
    const needsHttp = pacts.some((p) => p.interactions.some(isHttpInteraction));

    let running: StartedProvider | undefined;
    let providerUrl = opts.providerUrl?.replace(/\/+$/, '');
    try {
      let prepared: { env?: Record<string, string> };
      try {
        prepared = (await states.prepare?.({ root: project.root, providerUrl })) ?? {};
      } catch (e) {
        throw new ProviderStartError(`the provider-states module's prepare() failed (${shownStates}): ${(e as Error).message}`);
      }
      if (!providerUrl && needsHttp) {
        if (!settings.command) {
          io.stderr('charter verify: no provider to verify: pass --provider-url, or set provider.command in charter.config.yaml\n');
          return 2;
        }
        io.stdout(`starting the provider: ${settings.command}\n`);
        running = await startProvider({
          command: settings.command,
          root: project.root,
          url: settings.url,
          ready: settings.ready,
          timeoutSeconds: settings.readyTimeoutSeconds,
          env: prepared.env,
          onOutput: opts.logLevel === 'debug' || opts.logLevel === 'info' ? (s) => io.stderr(s) : undefined,
        });
        providerUrl = running.url;
      }
      const ctx: ProviderContext = { providerUrl: providerUrl ?? '', started: running !== undefined, root: project.root };
      io.stdout(`verifying ${provider} at ${providerUrl ?? '(messages only)'} against ${pacts.map(counts).join(', ')}\n`);
      const consumers: VerifiedConsumer[] = [];
      for (const pact of pacts) consumers.push(await verifyOne(Verifier, pact, provider, ctx, states, shownStates, project, opts));
      const failed = consumers.reduce((n, c) => n + c.interactions.filter((i) => !i.ok).length, 0);
      report = { provider, providerUrl, ok: failed === 0, verified: total - failed, failed, consumers };
    } finally {
      await running?.stop();
      await states.close?.();
    }
    io.stdout(summary(report));
    return finish(report.ok ? 0 : 1, report);
  } catch (e) {
    if (e instanceof ContractError) {
      io.stderr(`${e.format()}\n`);
      return finish(2, report);
    }
    if (e instanceof MissingPackageError || e instanceof ProviderStartError) {
      io.stderr(`charter verify: ${e.message}\n`);
      return 2;
    }
    throw e;
  }
}

function counts(p: PactFile): string {
  const http = p.interactions.filter(isHttpInteraction).length;
  const messages = p.interactions.filter(isMessageInteraction).length;
  return `${p.consumer} (${[http ? `${http} http` : '', messages ? `${messages} message${messages === 1 ? '' : 's'}` : ''].filter(Boolean).join(', ')}, pact v${p.specification})`;
}

type VerifierClass = typeof import('@pact-foundation/pact').Verifier;

async function verifyOne(
  Verifier: VerifierClass,
  pact: PactFile,
  provider: string,
  ctx: ProviderContext,
  states: ProviderStates,
  shownStates: string,
  project: ProjectConfig,
  opts: VerifyCommandOptions,
): Promise<VerifiedConsumer> {
  const used = [...new Set(pact.interactions.flatMap((i) => (i.providerStates ?? []).map((s) => s.name)))];
  const messages = pact.interactions.filter(isMessageInteraction).map((i) => ({ description: i.description, providerStates: i.providerStates ?? [] }));
  const filter = states.requestFilter;
  const verifier = new Verifier({
    provider,
    // A message-only pact never reaches it, but the verifier wants a base URL.
    providerBaseUrl: ctx.providerUrl || 'http://127.0.0.1:9',
    pactUrls: [pact.file],
    stateHandlers: pactStateHandlers(states, used, ctx, shownStates) as never,
    messageProviders: pactMessageProviders(states.messages, messages, ctx, shownStates) as never,
    ...(filter
      ? {
          requestFilter: (req: any, _res: unknown, next: (err?: unknown) => void) => {
            Promise.resolve(filter({ method: req.method, url: req.url, headers: req.headers }, ctx)).then(() => next(), next);
          },
        }
      : {}),
    logLevel: opts.logLevel ?? 'warn',
  });
  let raw: unknown;
  let crashed: string | undefined;
  try {
    raw = await verifier.verifyProvider();
  } catch (e) {
    raw = (e as Error).message;
    crashed = (e as Error).message;
  }
  const failures = failuresOf(raw, pact.interactions.map((i) => i.description));
  const interactions: VerifiedInteraction[] = pact.interactions.map((i) => {
    const mine = failures.get(i.description);
    return { description: i.description, kind: isMessageInteraction(i) ? 'message' : 'http', ok: !mine, mismatches: mine ?? [] };
  });
  // A verifier failure that names no interaction of this pact must not read as a pass.
  if (crashed && interactions.every((i) => i.ok)) {
    for (const i of interactions) {
      i.ok = false;
      i.mismatches = [`verification did not complete: ${crashed.split('\n')[0]}`];
    }
  }
  return { consumer: pact.consumer, pact: path.relative(project.root, pact.file) || pact.file, specification: pact.specification, ok: interactions.every((i) => i.ok), interactions };
}

/**
 * Interaction description → mismatch lines, from the verifier's JSON result (pactffi_verifier_json):
 * `interactionResults` has one entry per interaction (`description`, `result`, `mismatch`);
 * `errors` names an interaction as "Verifying a pact between C and P Given S - <description>".
 */
export function failuresOf(raw: unknown, descriptions: string[]): Map<string, string[]> {
  const out = new Map<string, string[]>();
  let doc: any;
  try {
    doc = typeof raw === 'string' ? JSON.parse(raw) : raw;
  } catch {
    return out;
  }
  const add = (name: string, mismatch: unknown) => {
    const lines = out.get(name) ?? [];
    lines.push(...mismatchLines(mismatch));
    out.set(name, lines.length ? lines : ['verification failed']);
  };
  if (Array.isArray(doc?.interactionResults)) {
    for (const r of doc.interactionResults) if (r?.result !== 'OK' && typeof r?.description === 'string') add(r.description, r.mismatch);
    return out;
  }
  for (const e of [...(doc?.errors ?? []), ...(doc?.pendingErrors ?? [])]) {
    const label = typeof e?.interaction === 'string' ? e.interaction : '';
    const name = descriptions.filter((d) => label === d || label.endsWith(` - ${d}`)).sort((a, b) => b.length - a.length)[0] ?? label;
    add(name, e?.mismatch);
  }
  return out;
}

function mismatchLines(m: any): string[] {
  if (!m) return [];
  if (Array.isArray(m.mismatches)) {
    return m.mismatches.map((x: any) => {
      const where = x.path ?? x.key ?? x.parameter ?? '';
      const detail = x.mismatch ?? (x.expected !== undefined ? `expected ${JSON.stringify(x.expected)}, got ${JSON.stringify(x.actual)}` : JSON.stringify(x));
      return `${x.type ?? 'mismatch'}${where ? ` ${where}` : ''}: ${detail}`.replace(/\u001b\[[0-9;]*m/g, '');
    });
  }
  if (typeof m.message === 'string') return [m.message.replace(/\u001b\[[0-9;]*m/g, '')];
  if (typeof m.error === 'string') return [m.error];
  return [JSON.stringify(m)];
}

function summary(r: VerifyReport): string {
  const out: string[] = [''];
  for (const c of r.consumers) {
    const bad = c.interactions.filter((i) => !i.ok);
    out.push(`${c.ok ? '✔' : '✖'} ${c.consumer}: ${c.interactions.length - bad.length}/${c.interactions.length} interactions verified (${c.pact})`);
    for (const i of bad) {
      out.push(`  ✖ ${c.consumer} › "${i.description}"`);
      for (const m of i.mismatches) out.push(`      ${m}`);
    }
  }
  out.push('', r.ok ? `✔ verified: ${r.consumers.map((c) => c.consumer).join(', ')} (${r.verified} interactions against ${r.provider})` : `✖ verification failed: ${r.failed} interaction${r.failed === 1 ? '' : 's'} of ${[...new Set(r.consumers.filter((c) => !c.ok).map((c) => c.consumer))].join(', ')}`);
  return `${out.join('\n')}\n`;
}
