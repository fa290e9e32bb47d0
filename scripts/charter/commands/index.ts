/**
 * The command table. `charter --help` prints it without importing any command's module, and a
 * command's module (with its dependencies: hey-api for generate, Pact for verify) is imported
 * only when that command runs. A new command is one line here plus its module.
 */
import type { Command } from 'commander';

export type Register = (program: Command) => void;

export interface CommandEntry {
  name: string;
  /** One line for `charter --help`; the module's own .description() is the full text. */
  summary: string;
  load: () => Promise<Register>;
}

export const COMMANDS: CommandEntry[] = [
  { name: 'init', summary: 'Scaffold contracts, charter.config.yaml, a tsconfig and npm scripts in a new or existing project.', load: async () => (await import('./init.ts')).registerInit },
  { name: 'generate', summary: 'Generate the client SDK, server bindings, error catalogue and event types from the contracts.', load: async () => (await import('./generate.ts')).registerGenerate },
  { name: 'lint', summary: 'Check contracts for problems, with file:line for each finding.', load: async () => (await import('./lint.ts')).registerLint },
  { name: 'diff', summary: 'Report breaking changes between two versions of a contract (files, or REF:path git revisions).', load: async () => (await import('./diff.ts')).registerDiff },
  { name: 'changelog', summary: 'Write a Markdown changelog between two versions of a contract, grouped by operation and by kind.', load: async () => (await import('./changelog.ts')).registerChangelog },
  { name: 'can-i-deploy', summary: 'Check the contracts against the recorded consumer pacts and print a consumer × result matrix.', load: async () => (await import('./can-i-deploy.ts')).registerCanIDeploy },
  { name: 'record-deployment', summary: 'Record that a consumer version (git sha or tag) runs in an environment, for can-i-deploy --env.', load: async () => (await import('./record-deployment.ts')).registerRecordDeployment },
  { name: 'verify', summary: 'Replay the recorded consumer pacts (HTTP and messages) against the running provider.', load: async () => (await import('./verify.ts')).registerVerify },
  { name: 'docs', summary: 'Write the API reference (Redoc page, error catalogue page, openapi.json) as static HTML.', load: async () => (await import('./docs.ts')).registerDocs },
  { name: 'mock', summary: 'Serve a mock of an OpenAPI contract on its generated router, answering from examples or schema-generated values.', load: async () => (await import('./mock.ts')).registerMock },
];
