/**
 * `charter diff` with consumer annotations: runs the diff, then marks each breaking or warning
 * finding with the recorded pact interactions it hits (`breaks web › "get user u1" (response
 * body field displayName)`), or "no known consumer affected". With `consumersOnly`, only
 * findings that hit a recorded consumer fail the run.
 *
 * The diff itself is untouched (scripts/charter/diff/): its JSON output is the stable interface
 * this reads, and the annotated findings are rendered with its own formatter.
 */
import fs from 'node:fs';
import path from 'node:path';
import { runDiff, type DiffCliOptions, type DiffIO } from '../diff/cli.ts';
import { failing, render, type Format } from '../diff/format.ts';
import type { Finding, Level } from '../diff/types.ts';
import { loadContract } from '../loader/load.ts';
import { buildEventsModel } from '../model/asyncapi.ts';
import { annotateFindings, describeHits, type AnnotatedFinding, type ImpactContext } from './consumer-impact.ts';
import { loadProjectConfig } from '../config/project.ts';
import { ContractError } from '../loader/errors.ts';
import { providerConfigOf } from './config.ts';
import { pactsFor, readPacts, resolveProvider } from './pact-files.ts';

export interface ConsumerDiffOptions extends DiffCliOptions {
  /** Folder of pact files (default: `pacts` in charter.config.yaml). */
  pacts?: string;
  consumersOnly?: boolean;
  /** The provider whose pacts count (default: provider.name, else the one provider the pacts name). */
  provider?: string;
  /** `--config FILE`. */
  config?: string;
}

export async function runDiffWithConsumers(opts: ConsumerDiffOptions, io: DiffIO): Promise<number> {
  const cwd = opts.cwd ?? process.cwd();
  if (opts.rules) return runDiff(opts, io);
  let dir: string;
  let pacts;
  let provider: string | undefined;
  try {
    const project = loadProjectConfig({ cwd, explicit: opts.config });
    dir = opts.pacts ? path.resolve(cwd, opts.pacts) : project.pacts;
    if (!fs.existsSync(dir) && !opts.consumersOnly && opts.pacts === undefined) return runDiff(opts, io);
    if (!fs.existsSync(dir)) {
      io.stderr(`charter diff: no pact folder at ${path.relative(cwd, dir) || dir}\n`);
      return 2;
    }
    const all = readPacts(dir);
    provider = resolveProvider(all, opts.provider ?? providerConfigOf(project).name, project.display(dir));
    pacts = provider ? pactsFor(all, provider) : [];
  } catch (e) {
    if (e instanceof ContractError) {
      io.stderr(`${e.format()}\n`);
      return 2;
    }
    throw e;
  }
  if (!pacts.length && opts.consumersOnly) {
    // Only consumer hits fail the run, and there is no consumer to hit: that would pass on nothing.
    io.stderr(`✖ charter diff --consumers-only: no pact for provider ${provider ?? '(none configured)'} in ${path.relative(cwd, dir) || dir}: nothing checked\n`);
    return 1;
  }
  let json = '';
  const code = await runDiff({ ...opts, format: 'json' }, { stdout: (s) => (json += s), stderr: io.stderr });
  if (code === 2) return code;
  const parsed = JSON.parse(json) as { findings: Finding[]; ignored: Finding[]; notes?: string[] };
  const annotated = annotateFindings([...parsed.findings, ...parsed.ignored], pacts, impactContext(opts, cwd));
  const failOn = (opts.failOn ?? 'breaking') as Level;
  const format = (opts.format ?? 'text') as Format;
  const failures = failing(annotated, failOn).filter((f) => !opts.consumersOnly || (f as AnnotatedFinding).consumers?.length);
  if (format === 'json') {
    const out = (f: AnnotatedFinding) => ({ ...f, ...(f.consumers ? { consumers: f.consumers } : {}) });
    io.stdout(
      `${JSON.stringify(
        {
          ...JSON.parse(json),
          findings: annotated.filter((f) => !f.ignored).map(out),
          ignored: annotated.filter((f) => f.ignored).map(out),
          consumers: pacts.map((p) => p.consumer),
          failing: failures.length,
        },
        null,
        2,
      )}\n`,
    );
  } else {
    const shown = annotated.map((f) => {
      const hits = describeHits(f);
      return hits ? { ...f, message: `${f.message} — ${hits}` } : f;
    });
    const notes = [...(parsed.notes ?? []), `consumers of ${provider ?? '?'}: ${pacts.map((p) => p.consumer).join(', ') || 'none'} (from ${path.relative(cwd, dir) || dir}/)${opts.consumersOnly ? '; only findings that hit one fail the run' : ''}`];
    let text = render(format, { findings: shown, notes: format === 'github' ? [] : notes, failOn }, { color: opts.color });
    if (opts.consumersOnly && format === 'text') text += failures.length ? `✖ ${failures.length} hit a recorded consumer\n` : '✔ no finding hits a recorded consumer\n';
    io.stdout(text);
  }
  return failures.length ? 1 : 0;
}

/** Base paths and channel addresses from whichever plain contract files this diff reads. */
function impactContext(opts: DiffCliOptions, cwd: string): ImpactContext {
  const ctx: ImpactContext = { basePaths: [], channels: new Map(), messageChannels: new Map() };
  const files = [opts.base, opts.head, 'contracts/openapi.yaml', 'contracts/asyncapi.yaml'].filter((f): f is string => !!f && fs.existsSync(path.resolve(cwd, f)));
  for (const file of files) {
    let contract;
    try {
      contract = loadContract(path.resolve(cwd, file));
    } catch {
      continue; // the diff already reported what is wrong with it
    }
    if (contract.kind === 'openapi') {
      for (const s of contract.doc.servers ?? []) {
        if (typeof s?.url !== 'string') continue;
        const p = (/^[a-z]+:\/\//i.test(s.url) ? new URL(s.url).pathname : s.url).replace(/\/+$/, '');
        if (!ctx.basePaths.includes(p)) ctx.basePaths.push(p);
      }
    } else {
      const model = buildEventsModel(contract.doc, { file: contract.file, sources: contract.sources });
      for (const c of model.channels) {
        ctx.channels.set(c.key, c.address);
        for (const m of c.messageIds) ctx.messageChannels.set(m, [...new Set([...(ctx.messageChannels.get(m) ?? []), c.key])]);
      }
    }
  }
  if (!ctx.basePaths.length) ctx.basePaths.push('');
  return ctx;
}
