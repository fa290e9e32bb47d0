/**
 * `charter mock [contract] [--port N] [--host H] [--seed S]`: serve a mock of an OpenAPI contract
 * on its own generated router and runtime (see mock/server.ts), until SIGINT or SIGTERM.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { loadProjectConfig, noContractsError } from '../config/project.ts';
import { ContractError } from '../loader/errors.ts';

interface MockCommandOptions {
  port: string;
  host: string;
  seed: string;
}

export function registerMock(program: Command): void {
  program
    .command('mock')
    .description('Serve a mock of an OpenAPI contract on its generated router: answers from examples or values generated from the schemas, requests and responses validated.')
    .argument('[contract]', 'OpenAPI file (default: contracts.openapi in charter.config.yaml, else contracts/openapi.yaml)')
    .option('-p, --port <n>', 'port to listen on (0: any free port)', '4010')
    .option('--host <host>', 'address to listen on', '127.0.0.1')
    .option('--seed <seed>', 'seed of the generated values: the same seed answers the same values', 'charter')
    .addHelpText(
      'after',
      `
Examples:
  $ charter mock                          # contracts/openapi.yaml on http://127.0.0.1:4010/<base path>
  $ charter mock api.yaml --port 8080     # any OpenAPI 3.x document
  $ curl -H 'Prefer: code=404' …          # a declared error status instead of the success
  $ curl -H 'Prefer: example=empty' …     # a named example of the response
  $ curl -H 'Prefer: dynamic=true' …      # a value generated from the schema even where there are examples

Requests are decoded and validated by the contract's generated server, so a request the real
server would refuse is refused with the same problem. Operations that declare security need
their credentials present (any value); without them the answer is 401. See docs/mock.md.

Exit codes: 0 stopped by SIGINT/SIGTERM, 2 invalid contract, usage, or the port cannot be used.`,
    )
    .action(async (contractArg: string | undefined, opts: MockCommandOptions, cmd: Command) => {
      const project = loadProjectConfig({ explicit: (cmd.optsWithGlobals() as { config?: string }).config });
      const contract = contractArg ? path.resolve(contractArg) : project.contracts.openapi;
      if (!contract) throw noContractsError(project);
      if (!fs.existsSync(contract)) throw new ContractError(`contract not found: ${project.display(contract)}`, { file: project.display(contract) }, 'Pass an OpenAPI file, or set contracts.openapi in charter.config.yaml.');
      if (!/^\d+$/.test(opts.port) || Number(opts.port) > 65535) throw new ContractError(`--port must be a number from 0 to 65535, not "${opts.port}"`, { file: '--port' });
      const { startMock } = await import('../mock/server.ts');
      const started = performance.now();
      let mock: Awaited<ReturnType<typeof startMock>>;
      try {
        mock = await startMock({ contract, projectRoot: project.root, port: Number(opts.port), host: opts.host, seed: opts.seed, prewarm: true });
      } catch (e) {
        const err = e as NodeJS.ErrnoException;
        if (err?.code === 'EADDRINUSE' || err?.code === 'EACCES' || err?.code === 'EADDRNOTAVAIL') {
          process.stderr.write(`charter mock: cannot listen on ${opts.host}:${opts.port}: ${err.code === 'EADDRINUSE' ? 'the port is in use' : err.message} (choose another with --port)\n`);
          process.exitCode = 2;
          return;
        }
        throw e;
      }
      const ms = Math.round(performance.now() - started);
      const out = process.stdout;
      out.write(`charter mock: serving ${project.display(contract)} at ${mock.url} (seed ${JSON.stringify(opts.seed)}, ${mock.build.generated ? 'generated' : 'cached'} bindings, ready in ${ms} ms)\n`);
      out.write(`${mock.operations.length} operation${mock.operations.length === 1 ? '' : 's'}:\n`);
      const width = Math.max(0, ...mock.operations.map((o) => o.method.length));
      const pathWidth = Math.min(70, Math.max(0, ...mock.operations.map((o) => mock.basePath.length + o.path.length)));
      for (const o of mock.operations) out.write(`  ${o.method.padEnd(width)} ${`${mock.basePath}${o.path}`.padEnd(pathWidth)}  ${o.operationId}\n`);
      if (!mock.operations.length) process.stderr.write('charter mock: warning: the contract declares no operations (paths); every request answers 404\n');
      const notes = [...mock.notes];
      for (const note of notes.slice(0, 20)) process.stderr.write(`charter mock: note: ${note}\n`);
      if (notes.length > 20) process.stderr.write(`charter mock: note: … and ${notes.length - 20} more of the same kinds\n`);
      out.write('Prefer: code=<status> | example=<name> | dynamic=true picks the answer. Ctrl-C stops.\n');
      await new Promise<void>((resolve) => {
        const stop = (signal: NodeJS.Signals) => {
          process.off('SIGINT', stop);
          process.off('SIGTERM', stop);
          mock.close().then(() => {
            out.write(`charter mock: stopped (${signal})\n`);
            resolve();
          });
        };
        process.on('SIGINT', stop);
        process.on('SIGTERM', stop);
      });
    });
}
