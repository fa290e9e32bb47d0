import fs from 'node:fs';
import type { Command } from 'commander';
import { runChangelog } from '../diff/changelog.ts';

/**
 * `charter changelog <base> <revision>`: release notes in Markdown from the diff of two
 * versions of a contract. The work is in scripts/charter/diff/changelog.ts; usage in docs/diff.md.
 */
export function registerChangelog(program: Command): void {
  program
    .command('changelog')
    .description('Write a Markdown changelog between two versions of a contract (files, or REF:path git revisions), grouped by operation and by kind.')
    .argument('<base>', 'the older contract: a file, or REF:path (e.g. v1.4.0:contracts/openapi.yaml)')
    .argument('<revision>', 'the newer contract: a file, or REF:path')
    .option('-o, --output <file>', 'write the changelog to this file instead of stdout')
    .option('--ignore-file <file>', 'accepted breaking changes, listed as such (default: as for charter diff)')
    .action(async (base: string, revision: string, o: Record<string, any>, cmd: Command) => {
      let text = '';
      const code = await runChangelog(
        { base, revision, ignoreFile: o.ignoreFile, config: cmd.optsWithGlobals().config },
        { stdout: (s) => (text += s), stderr: (s) => process.stderr.write(s) },
      );
      if (code === 0) {
        if (o.output) fs.writeFileSync(o.output, text);
        else process.stdout.write(text);
      }
      process.exitCode = code;
    });
}
