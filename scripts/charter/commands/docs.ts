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

export const DEFAULT_DOCS_CONTRACT = 'contracts/openapi.yaml';
export const DEFAULT_DOCS_OUT = 'docs-site';

export function registerDocs(program: Command): void {
  program
    .command('docs')
    .description('Write the API reference (Redoc page, error catalogue page, bundle, openapi.json) as static HTML.')
    .argument('[contract]', 'OpenAPI file', DEFAULT_DOCS_CONTRACT)
    .option('-o, --out <dir>', 'output folder', DEFAULT_DOCS_OUT)
    .addHelpText(
      'after',
      `
Examples:
  $ charter docs                         # contracts/openapi.yaml → docs-site/
  $ charter docs --out public/api        # folder to publish
  $ charter docs other.yaml -o /tmp/ref  # any OpenAPI 3.x document

Exit codes: 0 written, 2 invalid contract or usage.`,
    )
    .action((contract: string, opts: { out: string }) => {
      const started = performance.now();
      const site = buildDocsSite(contract, STATIC_LINKS);
      fs.mkdirSync(opts.out, { recursive: true });
      for (const [name, text] of site.files) fs.writeFileSync(path.join(opts.out, name), text);
      const ms = Math.round(performance.now() - started);
      const names = [...site.files.keys()].join(', ');
      process.stdout.write(`wrote the ${site.title} reference to ${opts.out}/ (${names}) in ${ms} ms\n`);
    });
}
