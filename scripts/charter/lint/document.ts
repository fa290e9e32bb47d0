/**
 * The document a lint run looks at: the contract model (the loaded contract, with the error
 * catalogue expanded into it for OpenAPI, memoised `$ref` resolution across files, the
 * operations and a locator back to the files the author wrote), plus the few views only lint
 * rules use.
 */
import type { LoadedContract } from '../loader/load.ts';
import type { ErrorCatalogue } from '../loader/catalogue.ts';
import type { ContractError } from '../loader/errors.ts';
import { escapePointer } from '../loader/source.ts';
import { ContractModel, isObject, type Node } from '../model/contract.ts';
import type { Operation, Parameter } from '../model/openapi.ts';
import { lintMessages } from '../model/asyncapi.ts';

export type { Node } from '../model/contract.ts';
export { isObject } from '../model/contract.ts';

/** An operation of the model, as lint rules see it. */
export type OperationNode = Operation;
export type ParameterNode = Parameter;

export interface MessageNode extends Node<Record<string, any>> {
  /** A short name for messages: the message's `name`, its component key, or its pointer. */
  label: string;
  /** The message's traits, resolved (AsyncAPI applies them onto the message). */
  traits: Node<Record<string, any>>[];
}

export interface DocumentInput {
  contract: LoadedContract;
  /** The OpenAPI document with the catalogue expanded; the contract's own doc otherwise. */
  root: Record<string, any>;
  catalogue?: ErrorCatalogue;
  /** Why the catalogue could not be loaded or expanded, when it could not. */
  catalogueProblem?: ContractError;
}

export class LintDocument extends ContractModel {
  #messages?: MessageNode[];

  constructor(input: DocumentInput | ContractModel) {
    super(input instanceof ContractModel ? { contract: input.contract, root: input.root, catalogue: input.catalogue, catalogueProblem: input.catalogueProblem } : input);
  }

  /** Follow `$ref`s from a node until a value that is not a reference (undefined: broken, or a cycle). */
  deref<T = any>(node: Node<T>): Node<T> | undefined {
    return this.resolve(node);
  }

  /** A child node, by key; undefined when nothing is there. */
  child(node: Node, key: string | number): Node | undefined {
    const n = this.descend(node, key);
    return n.value === undefined ? undefined : n;
  }

  /** Every AsyncAPI message, once each (by where it is defined), with its traits resolved: the AsyncAPI model's list. */
  get messages(): MessageNode[] {
    this.#messages ??= this.kind === 'asyncapi' ? lintMessages(this.asyncapi) : [];
    return this.#messages;
  }
}
