/**
 * Versions and environments without a broker. `charter record-deployment` writes which version
 * of each consumer runs in each environment into a YAML file kept in git (`provider.deployments`,
 * default pacts/deployments.yaml):
 *
 *   environments:
 *     production:
 *       web:
 *         version: 3f2a1c9e…        # a git sha or tag, as given
 *         commit: 3f2a1c9e8d4b…     # what it resolved to when recorded
 *         pact: pacts/web-users-service.json   # the pact's path in the repository at that commit
 *         recordedAt: 2026-05-01T10:00:00.000Z
 *
 * `charter can-i-deploy --env production` reads, for each consumer deployed there, the pact as it
 * was at that commit (`git show <commit>:<pact>`, local git only) and checks the head contracts
 * against exactly those.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import { ContractError } from '../loader/errors.ts';
import { parsePact, type PactFile } from './pact-files.ts';

export interface Deployment {
  consumer: string;
  version: string;
  commit: string;
  pact: string;
  recordedAt: string;
}

export type Deployments = Record<string, Record<string, Omit<Deployment, 'consumer'>>>;

export function git(cwd: string, args: string[]): { ok: boolean; out: string; err: string } {
  const r = spawnSync('git', args, { cwd, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  return { ok: r.status === 0, out: r.stdout ?? '', err: (r.stderr ?? '').trim() || (r.error?.message ?? '') };
}

export function gitRoot(cwd: string): string {
  const r = git(cwd, ['rev-parse', '--show-toplevel']);
  if (!r.ok) throw new ContractError(`not in a git repository: ${r.err}`, { file: cwd }, 'Deployments are read from git history: run this inside the repository that holds the pacts.');
  return r.out.trim();
}

export function resolveCommit(cwd: string, version: string): string {
  const r = git(cwd, ['rev-parse', '--verify', '--quiet', `${version}^{commit}`]);
  if (!r.ok) throw new ContractError(`${version} is not a commit or tag in this repository`, { file: version }, 'Give the git sha or tag the consumer was built from (fetch it first if it lives on another remote).');
  return r.out.trim();
}

export function readDeployments(file: string): Deployments {
  if (!fs.existsSync(file)) return {};
  let doc: any;
  try {
    doc = YAML.parse(fs.readFileSync(file, 'utf8'));
  } catch (e) {
    throw new ContractError(`the deployments file is not valid YAML: ${(e as Error).message}`, { file });
  }
  const envs = doc?.environments ?? {};
  if (typeof envs !== 'object' || Array.isArray(envs)) throw new ContractError('the deployments file needs an `environments` mapping', { file });
  for (const [env, consumers] of Object.entries(envs as Record<string, unknown>)) {
    if (!consumers || typeof consumers !== 'object') throw new ContractError(`environment ${env} must map consumers to deployments`, { file, pointer: `/environments/${env}` });
    for (const [consumer, d] of Object.entries(consumers as Record<string, any>)) {
      if (!d || typeof d.commit !== 'string' || typeof d.pact !== 'string') {
        throw new ContractError(`the deployment of ${consumer} to ${env} needs commit and pact`, { file, pointer: `/environments/${env}/${consumer}` }, 'Record it with `charter record-deployment`.');
      }
    }
  }
  return envs as Deployments;
}

export function writeDeployments(file: string, deployments: Deployments): void {
  const sorted = Object.fromEntries(
    Object.keys(deployments)
      .sort()
      .map((env) => [env, Object.fromEntries(Object.keys(deployments[env]!).sort().map((c) => [c, deployments[env]![c]]))]),
  );
  const header = '# Which consumer version runs in which environment. Written by `charter record-deployment`,\n# read by `charter can-i-deploy --env <name>`. Commit it.\n';
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, header + YAML.stringify({ environments: sorted }));
}

/** The pact a deployed consumer version recorded: the file as it is in git at that commit. */
export function pactAt(repo: string, d: Deployment): PactFile {
  const spec = `${d.commit}:${d.pact}`;
  const r = git(repo, ['show', spec]);
  const label = `${d.version}:${d.pact}`;
  if (!r.ok) throw new ContractError(`no pact ${d.pact} at ${d.version} (${d.commit.slice(0, 12)}): ${r.err}`, { file: label }, 'Record the deployment again with the right --version, or --pact for the path the pact has in that version.');
  return parsePact(r.out, label);
}
