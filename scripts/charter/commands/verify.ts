import path from 'node:path';
import { Option, type Command } from 'commander';
import { runVerify } from '../pact/verify-command.ts';

/**
 * `charter verify`: replays the pacts in pacts/ against the real users service — one it starts
 * on a fresh test database, or a running one (`--provider-url`, with `--database-url` for the
 * provider states and `--token` for its requests). Usage in docs/consumers.md.
 */
export function registerVerify(program: Command): void {
  program
    .command('verify')
    .description('Verify the recorded consumer pacts (HTTP and messages) against the real users service on a test database.')
    .option('--pacts <dir>', 'the folder of pact files (default: pacts)')
    .option('--provider-url <url>', 'verify a running service at this origin instead of starting one')
    .option('--database-url <url>', 'with --provider-url: the database that service uses, for provider states')
    .option('--token <bearer>', 'with --provider-url: a bearer token the service accepts as admin')
    .addOption(new Option('--log-level <level>', 'Pact log level').choices(['error', 'warn', 'info', 'debug']).default('warn'))
    .action(async (o: Record<string, any>) => {
      process.exitCode = await runVerify(
        {
          pactDir: path.resolve(o.pacts ?? 'pacts'),
          providerUrl: o.providerUrl,
          databaseUrl: o.databaseUrl,
          token: o.token,
          logLevel: o.logLevel,
          // The service started for verification creates its scratch database where the tests do.
          postgresUrl: process.env.DATABASE_URL || undefined,
        },
        { stdout: (s) => process.stdout.write(s), stderr: (s) => process.stderr.write(s) },
      );
    });
}
