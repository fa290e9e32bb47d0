/**
 * `@charter/cli` as a library: what the CLI commands are built on, for scripts and other tools.
 * The CLI (`charter …`) is the supported interface; these are the same functions it calls.
 */
export { loadProjectConfig, findConfigFile, contractFiles, CONFIG_FILE, type ProjectConfig } from './config/project.ts';
export { loadContract, type LoadedContract } from './loader/load.ts';
export { ContractError } from './loader/errors.ts';
export { generateFiles, compareWithDisk, writeFiles, type Drift, type GenerateResult } from './commands/generate.ts';
export { runLint, type LintRun, type LintCommandOptions } from './commands/lint.ts';
export { runInit, type InitResult, type InitCommandOptions } from './commands/init.ts';
export { VERSION } from './version.ts';
