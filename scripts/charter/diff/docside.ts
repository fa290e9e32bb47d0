/**
 * One side of a diff: the contract model of one version (the catalogue-expanded document for
 * OpenAPI documents with `x-error-catalogue`, `$ref` resolution over it and the other files
 * the loader read), plus the names the files are shown under.
 */
import path from 'node:path';
import type { LoadedContract } from '../loader/load.ts';
import { buildModel, ContractModel } from '../model/contract.ts';
import type { Node } from './types.ts';

export { isObject, normalisePointer } from '../model/contract.ts';

export class DocSide extends ContractModel {
  /** Absolute file → name shown to the user (e.g. `main:contracts/openapi.yaml`). */
  readonly displayNames = new Map<string, string>();

  constructor(contract: LoadedContract, opts: { display?: (abs: string) => string; expand?: boolean } = {}) {
    const model = buildModel(contract, { expandCatalogue: opts.expand !== false });
    if (model.catalogueProblem) throw model.catalogueProblem;
    super({ contract, root: model.root, catalogue: model.catalogue });
    const display = opts.display ?? ((abs: string) => path.relative(process.cwd(), abs) || abs);
    for (const abs of contract.sources.keys()) this.displayNames.set(abs, display(abs));
    if (this.catalogue) {
      const abs = path.resolve(this.catalogue.file);
      this.displayNames.set(abs, display(abs));
    }
  }

  display(abs: string): string {
    return this.displayNames.get(abs) ?? path.relative(process.cwd(), abs);
  }

  /** Follow `$ref` chains from a node; stops (returning the last node) on a cycle or a dangling ref. */
  deref(n: Node): Node {
    return this.follow(n);
  }

  child(n: Node, ...keys: Array<string | number>): Node {
    return this.descend(n, ...keys);
  }

  /** child() then deref(). */
  get(n: Node, ...keys: Array<string | number>): Node {
    return this.follow(this.descend(n, ...keys));
  }
}
