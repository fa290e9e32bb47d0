import { Command, Option } from 'commander';
import { runDiffWithConsumers } from '../pact/diff-consumers.ts';

/**
 * `charter diff [base] [head]`: breaking-change detection between two versions of a
 * contract. The work is in scripts/charter/diff/; usage in docs/diff.md.
 */
export function registerDiff(program: Command): void {
  program
    .command('diff')
    .description('Report breaking changes between two versions of a contract (files, or REF:path git revisions).')
    .argument('[base]', 'the older contract: a file, or REF:path (e.g. main:contracts/openapi.yaml)')
    .argument('[head]', 'the newer contract: a file, or REF:path')
    .option('--base-ref <ref>', "with no files: compare the project's contracts (charter.config.yaml, default contracts/openapi.yaml and contracts/asyncapi.yaml) with this revision (default: merge-base with main, else HEAD~1)")
    .addOption(new Option('--fail-on <level>', 'exit 1 when a finding at or above this level remains after ignores').choices(['breaking', 'warning', 'info']).default('breaking'))
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'markdown', 'json', 'github', 'sarif', 'junit']).default('text'))
    .option('--ignore-file <file>', 'accepted changes, each with a reason and an expiry (default: diff.ignoreFile in charter.config.yaml, else contracts/charter-ignore.yaml when it exists)')
    .option('--rules', 'list the rules instead of diffing (text, markdown or json)')
    .option('--no-color', 'no ANSI colours in text output')
    .option('--pacts <dir>', 'recorded consumer pacts: each breaking or warning finding names the interactions it hits (default: pacts, when it exists)')
    .option('--consumers-only', 'fail only on findings that hit a recorded consumer interaction')
    .action(async (base: string | undefined, head: string | undefined, o: Record<string, any>, cmd: Command) => {
      const color = o.color !== false && process.stdout.isTTY === true && !process.env.NO_COLOR;
      // Consumer annotation lives in scripts/charter/pact/; it wraps runDiff and renders with the diff's own formatter.
      const code = await runDiffWithConsumers(
        { base, head, baseRef: o.baseRef, failOn: o.failOn, format: o.format, ignoreFile: o.ignoreFile, rules: o.rules, color, pacts: o.pacts, consumersOnly: o.consumersOnly, config: cmd.optsWithGlobals().config },
        { stdout: (s) => process.stdout.write(s), stderr: (s) => process.stderr.write(s) },
      );
      process.exitCode = code;
    });
}
