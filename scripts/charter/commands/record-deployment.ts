import path from 'node:path';
import type { Command } from 'commander';
import { loadProjectConfig } from '../config/project.ts';
import { ContractError } from '../loader/errors.ts';
import { providerConfigOf } from '../pact/config.ts';
import { git, gitRoot, pactAt, readDeployments, resolveCommit, writeDeployments } from '../pact/deployments.ts';
import { pactsFor, readPacts, resolveProvider } from '../pact/pact-files.ts';

/**
 * `charter record-deployment --consumer web --version <sha|tag> --env production`: records that
 * this consumer version runs in that environment, in the deployments file kept in git
 * (provider.deployments). `charter can-i-deploy --env` then checks the contracts against the pact
 * as it was at that version. Usage in docs/consumers.md.
 */
export function registerRecordDeployment(program: Command): void {
  // Here `--version` is the consumer's version. Commander would read it as charter's own
  // `--version` wherever it appears, so this command (loaded only when it is the one run) takes it back.
  const options = program.options as unknown as Array<{ long?: string }>;
  const own = options.findIndex((o) => o.long === '--version');
  if (own >= 0) {
    options.splice(own, 1);
    (program as unknown as NodeJS.EventEmitter).removeAllListeners('option:version');
  }
  program
    .command('record-deployment')
    .description('Record that a consumer version (git sha or tag) is deployed to an environment, in the deployments file kept in git; can-i-deploy --env reads it.')
    .requiredOption('--consumer <name>', 'the consumer, as its pacts name it')
    .requiredOption('--version <ref>', 'the git sha or tag the deployed consumer was built from')
    .requiredOption('--env <name>', 'the environment, e.g. production')
    .option('--pact <path>', "the pact's path in the repository at that version (default: the pact for this consumer and provider in the pacts folder)")
    .option('--provider <name>', 'the provider (default: provider.name, else the one provider the pacts name)')
    .action((o: Record<string, any>, cmd: Command) => {
      try {
        const project = loadProjectConfig({ explicit: cmd.optsWithGlobals().config });
        const settings = providerConfigOf(project);
        const repo = gitRoot(project.root);
        const commit = resolveCommit(repo, o.version);
        let pact: string;
        if (o.pact) pact = path.relative(repo, path.resolve(o.pact));
        else {
          const all = readPacts(project.pacts);
          const provider = resolveProvider(all, o.provider ?? settings.name, project.display(project.pacts));
          const mine = provider ? pactsFor(all, provider).find((p) => p.consumer === o.consumer) : undefined;
          pact = path.relative(repo, mine?.file ?? path.join(project.pacts, `${o.consumer}-${provider ?? 'provider'}.json`));
        }
        pact = pact.split(path.sep).join('/');
        // The pact must exist at that version and be this consumer's: a deployment nothing can check is refused now, not at can-i-deploy.
        const recorded = pactAt(repo, { consumer: o.consumer, version: o.version, commit, pact, recordedAt: '' });
        if (recorded.consumer !== o.consumer) throw new ContractError(`the pact ${pact} at ${o.version} is ${recorded.consumer}'s, not ${o.consumer}'s`, { file: recorded.file }, 'Pass --pact with the path of this consumer\'s pact.');
        const deployments = readDeployments(settings.deployments);
        const previous = deployments[o.env]?.[o.consumer];
        (deployments[o.env] ??= {})[o.consumer] = { version: o.version, commit, pact, recordedAt: new Date().toISOString() };
        writeDeployments(settings.deployments, deployments);
        const shown = project.display(settings.deployments);
        process.stdout.write(`recorded ${o.consumer} ${o.version} (${commit.slice(0, 12)}) in ${o.env}${previous ? `, replacing ${previous.version}` : ''}: ${shown}\n`);
        if (!git(repo, ['ls-files', '--error-unmatch', settings.deployments]).ok) process.stdout.write(`  ${shown} is not in git yet: commit it, so CI checks against this deployment\n`);
      } catch (e) {
        if (e instanceof ContractError) {
          process.stderr.write(`${e.format()}\n`);
          process.exitCode = 2;
          return;
        }
        throw e;
      }
    });
}
