/**
 * `charter diff` alone, without the other commands: the same command as
 * `node scripts/charter/bin.mjs diff`, for the benchmark (to separate the diff's own
 * cost from the CLI's start-up) and for environments that only need the diff.
 *
 *   node --import tsx scripts/charter/diff/main.ts [base] [head] [options]
 */
import { Command, CommanderError } from 'commander';
import { registerDiff } from '../commands/diff.ts';
import { ContractError } from '../loader/errors.ts';

const program = new Command('charter').exitOverride().showHelpAfterError();
registerDiff(program);
try {
  await program.parseAsync(['node', 'charter', 'diff', ...process.argv.slice(2)]);
} catch (e) {
  if (e instanceof CommanderError) process.exitCode = e.exitCode === 0 ? 0 : 2;
  else if (e instanceof ContractError) {
    process.stderr.write(`${e.format()}\n`);
    process.exitCode = 2;
  } else {
    process.stderr.write(`charter: internal error: ${(e as Error)?.message ?? String(e)}\n`);
    if (process.env.CHARTER_DEBUG) process.stderr.write(`${(e as Error)?.stack ?? ''}\n`);
    process.exitCode = 2;
  }
}
