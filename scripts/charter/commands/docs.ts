/**
 * `charter docs [contract] [--out dir]`: the API reference as a static folder for publishing
 * (index.html with Redoc, errors.html with one section per error code, the Redoc bundle and the
 * expanded openapi.json). The pages are the ones the service serves under /docs.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { buildDocsSite } from '../docs/site.ts';
import { STATIC_LINKS } from '../docs/render.ts';

import { loadProjectConfig, noContractsError } from '../config/project.ts';

export const DEFAULT_DOCS_OUT = 'docs-site';

export function registerDocs(program: Command): void {
  program
    .command('docs')
    .description('Write the API reference (Redoc page, error catalogue page, bundle, openapi.json) as static HTML.')
    .argument('[contract]', 'OpenAPI file (default: contracts.openapi in charter.config.yaml, else contracts/openapi.yaml)')
    .option('-o, --out <dir>', `output folder (default: ${DEFAULT_DOCS_OUT}/ beside charter.config.yaml)`)
    .addHelpText(
      'after',
      `
Examples:
  $ charter docs                         # contracts/openapi.yaml → docs-site/
  $ charter docs --out public/api        # folder to publish
  $ charter docs other.yaml -o /tmp/ref  # any OpenAPI 3.x document

Exit codes: 0 written, 2 invalid contract or usage.`,
    )
    .action((contractArg: string | undefined, opts: { out?: string }, cmd: Command) => {
      const started = performance.now();
      const project = loadProjectConfig({ explicit: (cmd.optsWithGlobals() as { config?: string }).config });
      const contract = contractArg ? path.resolve(contractArg) : project.contracts.openapi;
      if (!contract) throw noContractsError(project);
      const out = opts.out ? path.resolve(opts.out) : path.join(project.root, DEFAULT_DOCS_OUT);
      const site = buildDocsSite(project.display(contract), STATIC_LINKS);
      fs.mkdirSync(out, { recursive: true });
      for (const [name, text] of site.files) fs.writeFileSync(path.join(out, name), text);
      const ms = Math.round(performance.now() - started);
      const names = [...site.files.keys()].join(', ');
      process.stdout.write(`wrote the ${site.title} reference to ${project.display(out)}/ (${names}) in ${ms} ms\n`);
    });
}
