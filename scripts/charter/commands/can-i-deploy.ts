import { Option, type Command } from 'commander';
import { runCanIDeploy } from '../pact/can-i-deploy.ts';

/**
 * `charter can-i-deploy`: checks the contracts against the pacts of this project's provider
 * (HTTP and message interactions) without running it — the pacts in the pacts folder, or with
 * `--env` those of the consumer versions deployed there. Usage in docs/consumers.md.
 */
export function registerCanIDeploy(program: Command): void {
  program
    .command('can-i-deploy')
    .description('Check the contracts against the recorded consumer pacts of this provider (or, with --env, of the consumer versions deployed there) and print a consumer × result matrix (exit 1 when a consumer breaks or nothing was checked).')
    .option('--openapi <file>', 'the OpenAPI contract (default: contracts.openapi in charter.config.yaml)')
    .option('--asyncapi <file>', 'the AsyncAPI contract (default: contracts.asyncapi in charter.config.yaml)')
    .option('--pacts <dir>', 'the folder of pact files (default: pacts in charter.config.yaml)')
    .option('--provider <name>', 'the provider whose pacts to check (default: provider.name, else the one provider the pacts name)')
    .option('--env <name>', 'check the pacts of the consumer versions recorded as deployed to this environment (charter record-deployment), read from git')
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'json']).default('text'))
    .action(async (o: Record<string, any>, cmd: Command) => {
      process.exitCode = await runCanIDeploy(
        { config: cmd.optsWithGlobals().config, openapi: o.openapi, asyncapi: o.asyncapi, pacts: o.pacts, provider: o.provider, env: o.env, format: o.format },
        { stdout: (s) => process.stdout.write(s), stderr: (s) => process.stderr.write(s) },
      );
    });
}
