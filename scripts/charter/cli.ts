/**
 * The `charter` command line. Exit codes: 0 ok, 1 findings (drift, lint errors,
 * breaking changes), 2 usage or input error (a broken contract, a bad flag).
 */
import { Command, CommanderError } from 'commander';
import { ContractError } from './loader/errors.ts';
import { COMMANDS } from './commands/index.ts';
import { VERSION } from './version.ts';
import { MissingPackageError } from './optional-package.ts';

export const EXIT = { OK: 0, FINDINGS: 1, USAGE: 2 } as const;

const program = new Command('charter')
  .description('Contract-first API toolchain: generate, lint and diff OpenAPI 3.x and AsyncAPI contracts, and check them against consumer pacts.')
  .version(VERSION)
  .option('-c, --config <file>', 'the project configuration (default: the nearest charter.config.yaml, walking up from here)')
  .showHelpAfterError()
  .exitOverride();

/** The command the user asked for: the first argument that is not an option (or --config's value). */
function requestedCommand(argv: string[]): string | undefined {
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '-c' || a === '--config') {
      i++;
      continue;
    }
    if (a.startsWith('-')) continue;
    return a === 'help' ? argv[i + 1] : a;
  }
  return undefined;
}

const requested = requestedCommand(process.argv.slice(2));
const entry = COMMANDS.find((c) => c.name === requested);
if (entry) {
  (await entry.load())(program);
} else {
  // `charter`, `charter --help`, `charter --version`, or an unknown command: the table is enough.
  for (const c of COMMANDS) program.command(c.name).description(c.summary);
}

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
  if (e instanceof MissingPackageError) {
    process.stderr.write(`charter: ${e.message}\n`);
    return EXIT.USAGE;
  }
  const err = e as NodeJS.ErrnoException | undefined;
  if (err && typeof err === 'object' && 'code' in err && (err.code === 'ENOENT' || err.code === 'EACCES')) {
    process.stderr.write(`charter: ${err.message}\n`);
    return EXIT.USAGE;
  }
  // Anything else is a bug in Charter, not in the user's contract: say so without a stack dump,
  // unless CHARTER_DEBUG asks for one. What it is, what it says and where it comes from are
  // always printed, for the error and every error it wraps.
  process.stderr.write(`charter: internal error: ${describeError(e)}\n`);
  for (const inner of wrappedErrors(e)) process.stderr.write(`  caused by: ${describeError(inner)}\n`);
  if (process.env.CHARTER_DEBUG) process.stderr.write(`${err?.stack ?? ''}\n`);
  else process.stderr.write('  (set CHARTER_DEBUG=1 for the stack trace, and please report it)\n');
  return EXIT.USAGE;
}

/** `Name: message (at where)`: an error's name, its message (or that it has none) and its location. */
function describeError(e: unknown): string {
  if (e === null || typeof e !== 'object') return `thrown value ${JSON.stringify(e) ?? String(e)} (not an Error)`;
  const err = e as { name?: unknown; message?: unknown; location?: { file?: string; line?: number; column?: number }; stack?: unknown; constructor?: { name?: string } };
  const name = (typeof err.name === 'string' && err.name) || err.constructor?.name || 'Error';
  const message = typeof err.message === 'string' && err.message.trim() ? err.message : '(no message)';
  const where = errorLocation(err);
  return `${name}: ${message}${where ? ` (at ${where})` : ''}`;
}

/** A contract location when the error has one, else the first frame of its stack. */
function errorLocation(err: { location?: { file?: string; line?: number; column?: number }; stack?: unknown }): string | undefined {
  const loc = err.location;
  if (loc && typeof loc.file === 'string') return [loc.file, loc.line, loc.line && loc.column].filter((x) => x !== undefined && x !== '').join(':');
  if (typeof err.stack !== 'string') return undefined;
  for (const line of err.stack.split('\n').slice(1)) {
    const m = /^\s*at (?:.*? \()?((?:file:\/\/)?[^()\s]+:\d+:\d+)\)?\s*$/.exec(line);
    if (m && !m[1]!.startsWith('node:')) return m[1]!.replace(/^file:\/\//, '');
  }
  return undefined;
}

/** The errors an error wraps: `cause`, and `originalError.error` (hey-api's JobError), nearest first. */
function wrappedErrors(e: unknown): unknown[] {
  const out: unknown[] = [];
  let cur: unknown = e;
  for (let i = 0; i < 8 && cur && typeof cur === 'object'; i++) {
    const c = cur as { cause?: unknown; originalError?: { error?: unknown } };
    const next = c.cause ?? c.originalError?.error;
    if (next === undefined || out.includes(next) || next === e) break;
    out.push(next);
    cur = next;
  }
  return out;
}
