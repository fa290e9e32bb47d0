import { Option, type Command } from 'commander';
import { runCanIDeploy } from '../pact/can-i-deploy.ts';

/**
 * `charter can-i-deploy`: checks the contracts against every pact in pacts/ (HTTP and
 * message interactions) without running the service. Usage in docs/consumers.md.
 */
export function registerCanIDeploy(program: Command): void {
  program
    .command('can-i-deploy')
    .description('Check the contracts against every recorded consumer pact and print a consumer × result matrix (exit 1 when a consumer breaks).')
    .option('--openapi <file>', 'the OpenAPI contract (default: contracts/openapi.yaml)')
    .option('--asyncapi <file>', 'the AsyncAPI contract (default: contracts/asyncapi.yaml)')
    .option('--pacts <dir>', 'the folder of pact files (default: pacts)')
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'json']).default('text'))
    .action(async (o: Record<string, any>) => {
      process.exitCode = await runCanIDeploy(
        { openapi: o.openapi, asyncapi: o.asyncapi, pacts: o.pacts, format: o.format },
        { stdout: (s) => process.stdout.write(s), stderr: (s) => process.stderr.write(s) },
      );
    });
}
