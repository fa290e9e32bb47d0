/**
 * The `generate:` section of charter.config.yaml (found and parsed by config/project.ts):
 *
 *   generate:
 *     importExtension: .js    # .js (default) | .ts: the extension of relative imports in generated code
 *
 * Why a setting, and why `.js` by default. Generated code imports its own modules with relative
 * specifiers, and no single spelling works in every setup:
 *
 * - `./runtime.js` type-checks with `moduleResolution` NodeNext, Node16 and bundler with no extra
 *   flag, runs after a plain `tsc` build, and under tsx, vitest and every bundler (they map `.js`
 *   to the `.ts` source). It does not run under Node's own type stripping (`node app.ts`), which
 *   resolves specifiers literally and finds no runtime.js beside runtime.ts.
 * - `./runtime.ts` runs under Node's type stripping and, with `rewriteRelativeImportExtensions`,
 *   after `tsc` too; but tsc refuses it (TS5097) unless the project's tsconfig sets that flag or
 *   `allowImportingTsExtensions` (which in turn needs `noEmit`).
 *
 * `.js` is the default because it needs nothing from the adopter's tsconfig (`charter init`
 * scaffolds a NodeNext project without either flag); a project that runs its sources with
 * `node file.ts` sets `.ts` and `rewriteRelativeImportExtensions: true`.
 *
 * Anything else in the file belongs to other commands. A mistake in this section is a located
 * ContractError (exit 2).
 */
import { ContractError } from '../loader/errors.ts';
import { closest } from '../loader/suggest.ts';
import type { Location } from '../loader/source.ts';
import type { ProjectConfig } from '../config/project.ts';

export const IMPORT_EXTENSIONS = ['.js', '.ts'] as const;
export type ImportExtension = (typeof IMPORT_EXTENSIONS)[number];

export interface GenerateConfig {
  importExtension: ImportExtension;
}

export const DEFAULT_GENERATE_CONFIG: GenerateConfig = { importExtension: '.js' };

const KEYS = ['importExtension'];

/** The generate settings of a project (its `generate:` section, else the defaults). */
export function generateConfigOf(project: ProjectConfig): GenerateConfig {
  const section = project.section('generate');
  const at = (pointer: string) => project.locate(pointer);
  const out: GenerateConfig = { ...DEFAULT_GENERATE_CONFIG };
  if (section === undefined || section === null) return out;
  if (typeof section !== 'object' || Array.isArray(section)) throw new ContractError('`generate` must be a mapping (importExtension)', at('/generate'), 'For example:\n    generate:\n      importExtension: .js');
  for (const [key, value] of Object.entries(section as Record<string, unknown>)) {
    if (key === 'importExtension') {
      out.importExtension = importExtensionOf(value, () => at('/generate/importExtension'));
    } else {
      const near = closest(key, KEYS);
      throw new ContractError(`unknown setting generate.${key}`, at(`/generate/${key}`), near ? `Did you mean ${near}?` : `The generate section takes ${KEYS.join(', ')}.`);
    }
  }
  return out;
}

/** Validate an import extension given in the config file or on the command line. */
export function importExtensionOf(value: unknown, where: () => Location): ImportExtension {
  const text = typeof value === 'string' && !value.startsWith('.') ? `.${value}` : value;
  if (typeof text === 'string' && (IMPORT_EXTENSIONS as readonly string[]).includes(text)) return text as ImportExtension;
  throw new ContractError(
    `\`generate.importExtension\` must be .js or .ts (got ${JSON.stringify(value)})`,
    where(),
    '.js compiles in any tsconfig and runs after tsc; .ts runs under `node file.ts` and needs rewriteRelativeImportExtensions (or allowImportingTsExtensions) in tsconfig.json.',
  );
}

/** A relative import specifier of generated code, `./runtime` → `./runtime.js` (or `.ts`). */
export function importSpecifier(base: string, ext: ImportExtension): string {
  return `${base}${ext}`;
}
