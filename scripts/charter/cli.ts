/**
 * The `charter` command line. Exit codes: 0 ok, 1 findings (drift, lint errors,
 * breaking changes), 2 usage or input error (a broken contract, a bad flag).
 */
import { Command, CommanderError } from 'commander';
import { ContractError } from './loader/errors.ts';
import { registerGenerate } from './commands/generate.ts';
import { registerLint } from './commands/lint.ts';
import { registerDiff } from './commands/diff.ts';
import { registerDocs } from './commands/docs.ts';
import { registerCanIDeploy } from './commands/can-i-deploy.ts';
import { registerVerify } from './commands/verify.ts';

export const EXIT = { OK: 0, FINDINGS: 1, USAGE: 2 } as const;

const program = new Command('charter')
  .description('Contract-first API toolkit: generate, lint and diff OpenAPI 3.x and AsyncAPI contracts.')
  .version('0.1.0')
  .showHelpAfterError()
  .exitOverride();

registerGenerate(program);
registerLint(program);
registerDiff(program);
registerDocs(program);
registerCanIDeploy(program);
registerVerify(program);

try {
  await program.parseAsync(process.argv);
} catch (e) {
  process.exitCode = handleError(e);
}

function handleError(e: unknown): number {
  if (e instanceof CommanderError) {
    // --help and --version end here with code 0; usage errors were already printed.
    return e.exitCode === 0 ? EXIT.OK : EXIT.USAGE;
  }
  if (e instanceof ContractError) {
    process.stderr.write(`${e.format()}\n`);
    return EXIT.USAGE;
  }
  const err = e as NodeJS.ErrnoException;
  if (err && typeof err === 'object' && 'code' in err && (err.code === 'ENOENT' || err.code === 'EACCES')) {
    process.stderr.write(`charter: ${err.message}\n`);
    return EXIT.USAGE;
  }
  // Anything else is a bug in Charter, not in the user's contract: say so without a stack dump,
  // unless CHARTER_DEBUG asks for one.
  process.stderr.write(`charter: internal error: ${err?.message ?? String(e)}\n`);
  if (process.env.CHARTER_DEBUG) process.stderr.write(`${err?.stack ?? ''}\n`);
  else process.stderr.write('  (set CHARTER_DEBUG=1 for the stack trace, and please report it)\n');
  return EXIT.USAGE;
}
