/**
 * `charter lint [files…]`: findings with file:line a contract author can act on.
 * Exit codes: 0 clean, 1 errors (or more warnings than --max-warnings), 2 a file that cannot
 * be read or parsed, a bad config or flag, or an internal error.
 */
import fs from 'node:fs';
import path from 'node:path';
import { InvalidArgumentError, Option, type Command } from 'commander';
import { lintConfigOf } from '../lint/config.ts';
import { contractFiles, loadProjectConfig, noContractsError } from '../config/project.ts';
import { displayPath, lintFile, compareFindings } from '../lint/engine.ts';
import { formatText } from '../lint/format/text.ts';
import { formatJson } from '../lint/format/json.ts';
import { formatGithub } from '../lint/format/github.ts';
import { summarize } from '../lint/format/summary.ts';
import { rulesDoc } from '../lint/rules-doc.ts';
import type { Finding } from '../lint/types.ts';


export interface LintCommandOptions {
  format: 'text' | 'json' | 'github';
  maxWarnings: number;
  config?: string;
  color: boolean;
  quiet?: boolean;
}

export interface LintRun {
  exitCode: 0 | 1 | 2;
  stdout: string;
  stderr: string;
  findings: Finding[];
}

/** Lint files and render the result; no process state is touched (tests call this directly). */
export function runLint(files: string[], opts: LintCommandOptions, cwd: string = process.cwd()): LintRun {
  const project = loadProjectConfig({ explicit: opts.config, cwd });
  const config = lintConfigOf(project);
  const inputs = files.length ? files.map((f) => path.resolve(cwd, f)) : contractFiles(project);
  if (!inputs.length) throw noContractsError(project);
  let findings: Finding[] = [];
  let fatal = false;
  let stderr = '';
  for (const file of inputs) {
    const r = lintFile(file, config);
    if (r.fatal) {
      fatal = true;
      const loc = r.fatal.location;
      findings.push({
        rule: 'load',
        severity: 'error',
        message: r.fatal.message,
        hint: r.fatal.hint,
        location: { file: loc.file, line: loc.line, column: loc.column, pointer: loc.pointer ?? '' },
      });
    }
    for (const c of r.crashed) {
      stderr += `charter: internal error in lint rule ${c.rule} on ${displayPath(file, cwd)}: ${c.message}\n  (set CHARTER_DEBUG=1 for the stack trace, and please report it)\n`;
    }
    findings.push(...r.findings);
  }
  for (const f of findings) f.location.file = displayPath(f.location.file, cwd);
  findings.sort(compareFindings);
  if (opts.quiet) findings = findings.filter((f) => f.severity === 'error');
  const summary = summarize(findings, inputs.length);
  let stdout: string;
  if (opts.format === 'json') stdout = formatJson(findings, summary);
  else if (opts.format === 'github') stdout = formatGithub(findings);
  else {
    stdout = formatText(findings, summary, {
      color: opts.color,
      source: (file) => {
        try {
          return fs.readFileSync(path.resolve(cwd, file), 'utf8');
        } catch {
          return undefined;
        }
      },
    });
  }
  let exitCode: LintRun['exitCode'] = 0;
  if (summary.errors > 0) exitCode = 1;
  if (opts.maxWarnings >= 0 && summary.warnings > opts.maxWarnings) {
    exitCode = 1;
    if (opts.format === 'text') stdout += `✖ ${summary.warnings} warning${summary.warnings === 1 ? '' : 's'}, more than --max-warnings ${opts.maxWarnings}\n`;
  }
  if (fatal || stderr) exitCode = 2;
  return { exitCode, stdout, stderr, findings };
}

function useColor(flag: boolean): boolean {
  if (!flag || process.env.NO_COLOR) return false;
  if (process.env.FORCE_COLOR && process.env.FORCE_COLOR !== '0') return true;
  return process.stdout.isTTY === true;
}

function parseMaxWarnings(v: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < -1) throw new InvalidArgumentError('expected a whole number (or -1 for no limit)');
  return n;
}

export function registerLint(program: Command): void {
  program
    .command('lint')
    .description('Check contracts for problems: spec validity, broken $refs, examples, and the house rules (docs/lint-rules.md).')
    .argument('[files...]', 'contracts to lint (default: the contracts in charter.config.yaml, else contracts/openapi.yaml and contracts/asyncapi.yaml; the error catalogue is checked through x-error-catalogue)')
    .addOption(new Option('-f, --format <format>', 'output format').choices(['text', 'json', 'github']).default('text'))
    .option('--max-warnings <n>', 'exit 1 when there are more warnings than this (-1: no limit)', parseMaxWarnings, -1)
    .option('-q, --quiet', 'report errors only')
    .option('--no-color', 'no colour in text output')
    .option('--rules-doc', 'print the rules reference (docs/lint-rules.md) and exit')
    .action((files: string[], opts: Omit<LintCommandOptions, 'color' | 'config'> & { color: boolean; rulesDoc?: boolean }, cmd: Command) => {
      if (opts.rulesDoc) {
        process.stdout.write(rulesDoc());
        return;
      }
      const run = runLint(files, { ...opts, config: (cmd.optsWithGlobals() as { config?: string }).config, color: useColor(opts.color) });
      if (run.stderr) process.stderr.write(run.stderr);
      process.stdout.write(run.stdout);
      process.exitCode = run.exitCode;
    });
}
