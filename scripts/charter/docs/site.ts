/**
 * The published API reference as files: the rendered pages plus the Redoc bundle they load.
 * `charter docs` writes these to a folder; the service serves the same bytes under /docs.
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import { loadContract } from '../loader/load.ts';
import { ContractError } from '../loader/errors.ts';
import { expandCatalogue, loadCatalogue } from '../loader/catalogue.ts';
import { renderDocs, type DocsLinks } from './render.ts';
import { MissingPackageError } from '../optional-package.ts';

export const REDOC_BUNDLE = 'redoc.standalone.js';

/** The one asset Redoc's bundle fetches from a CDN: the Redocly logo in its sidebar footer. */
const REDOC_CDN_LOGO = 'https://cdn.redoc.ly/redoc/logo-mini.svg';
// An empty SVG in its place: the footer link stays, and no page view reaches a third party.
const BLANK_SVG = 'data:image/svg+xml,%3Csvg xmlns=%22http://www.w3.org/2000/svg%22 width=%221%22 height=%221%22/%3E';

/**
 * Redoc's standalone bundle from node_modules: self-hosted, so the docs work offline and with
 * no CDN. Its single hard-coded CDN image is swapped for an inline blank one (Redoc has no option
 * to turn it off); the browser test fails if any other outside request appears.
 */
export function readRedocBundle(): string {
  const require = createRequire(import.meta.url);
  let file: string;
  try {
    file = require.resolve('redoc/bundles/redoc.standalone.js');
  } catch {
    // An optional peer of the toolchain: only `charter docs` and a service serving /docs need it.
    throw new MissingPackageError('redoc', 'docs');
  }
  return fs.readFileSync(file, 'utf8').replaceAll(REDOC_CDN_LOGO, BLANK_SVG);
}

export interface DocsSite {
  /** File name → contents: index.html, errors.html, openapi.json, redoc.standalone.js. */
  files: Map<string, string>;
  title: string;
}

/** Loads an OpenAPI contract (and the catalogue it names) and renders the reference for it. */
export function buildDocsSite(contractFile: string, links: DocsLinks): DocsSite {
  const contract = loadContract(contractFile);
  if (contract.kind !== 'openapi') {
    throw new ContractError('charter docs renders OpenAPI contracts; this is an AsyncAPI document', { file: contractFile });
  }
  const catalogue = loadCatalogue(contract);
  const doc = catalogue ? expandCatalogue(contract, catalogue) : contract.doc;
  const pages = renderDocs({ doc, errors: catalogue?.errors ?? [], links });
  const files = new Map<string, string>(Object.entries(pages));
  files.set(REDOC_BUNDLE, readRedocBundle());
  return { files, title: String(doc.info?.title ?? 'API') };
}
