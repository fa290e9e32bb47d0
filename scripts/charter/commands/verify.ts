import { Option, type Command } from 'commander';
import { runVerify } from '../pact/verify-command.ts';

/**
 * `charter verify`: replays the pacts for this project's provider against the provider itself —
 * a running one (`--provider-url`), or one started with `provider.command` from
 * charter.config.yaml — with provider states from the module named by `provider.states`.
 * Usage in docs/consumers.md.
 */
export function registerVerify(program: Command): void {
  program
    .command('verify')
    .description('Verify the recorded consumer pacts (HTTP and messages) for this provider against the provider, started from charter.config.yaml or at --provider-url.')
    .option('--pacts <dir>', 'the folder of pact files (default: pacts, or `pacts` in charter.config.yaml)')
    .option('--provider <name>', 'the provider whose pacts to verify (default: provider.name, else the one provider the pacts name)')
    .option('--provider-url <url>', 'verify a running provider at this base URL instead of starting provider.command')
    .option('--states <module>', 'the provider-states module (default: provider.states)')
    .option('--output-json <file>', 'write the result, every interaction with its mismatches, as JSON')
    .option('--output-junit <file>', 'write the result as JUnit XML (one testsuite per consumer)')
    .addOption(new Option('--log-level <level>', 'Pact log level (info and debug also show the provider\'s output)').choices(['error', 'warn', 'info', 'debug']).default('warn'))
    .action(async (o: Record<string, any>, cmd: Command) => {
      process.exitCode = await runVerify(
        {
          config: cmd.optsWithGlobals().config,
          pacts: o.pacts,
          provider: o.provider,
          providerUrl: o.providerUrl,
          states: o.states,
          outputJson: o.outputJson,
          outputJunit: o.outputJunit,
          logLevel: o.logLevel,
        },
        { stdout: (s) => process.stdout.write(s), stderr: (s) => process.stderr.write(s) },
      );
    });
}
