/**
 * The `charter` command line. Exit codes: 0 ok, 1 findings (drift, lint errors,
 * breaking changes), 2 usage or input error (a broken contract, a bad flag).
 */
import { Command, CommanderError } from 'commander';
import { ContractError } from './loader/errors.ts';
export const EXIT = { OK: 0, FINDINGS: 1, USAGE: 2 } as const;

type Register = (program: Command) => void;

/**
 * Each command's module is imported only when that command runs: `diff` need not load the
 * hey-api generator, nor `lint` the Pact verifier. `--help` (no known command) loads them all.
 */
const COMMANDS: Record<string, () => Promise<Register>> = {
  generate: async () => (await import('./commands/generate.ts')).registerGenerate,
  lint: async () => (await import('./commands/lint.ts')).registerLint,
  diff: async () => (await import('./commands/diff.ts')).registerDiff,
  docs: async () => (await import('./commands/docs.ts')).registerDocs,
  'can-i-deploy': async () => (await import('./commands/can-i-deploy.ts')).registerCanIDeploy,
  verify: async () => (await import('./commands/verify.ts')).registerVerify,
};

const program = new Command('charter')
  .description('Contract-first API toolkit: generate, lint and diff OpenAPI 3.x and AsyncAPI contracts.')
  .version('0.1.0')
  .showHelpAfterError()
  .exitOverride();

const requested = process.argv[2];
const wanted = requested !== undefined && requested in COMMANDS ? [requested] : Object.keys(COMMANDS);
for (const name of wanted) (await COMMANDS[name]!())(program);

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
