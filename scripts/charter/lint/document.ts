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

  /** Every AsyncAPI message, once each (by where it is defined), with its traits resolved. */
  get messages(): MessageNode[] {
    if (this.#messages) return this.#messages;
    const seen = new Set<string>();
    const out: MessageNode[] = [];
    const add = (raw: unknown, pointer: string, key?: string): void => {
      const found = this.deref({ value: raw, file: this.file, pointer });
      if (!found || !isObject(found.value)) return;
      const node = found as Node<Record<string, any>>;
      const id = `${node.file}#${node.pointer}`;
      if (seen.has(id)) return;
      seen.add(id);
      const traits: Node<Record<string, any>>[] = [];
      if (Array.isArray(node.value.traits)) {
        node.value.traits.forEach((t: unknown, i: number) => {
          const tn = this.deref({ value: t, file: node.file, pointer: `${node.pointer}/traits/${i}` });
          if (tn && isObject(tn.value)) traits.push(tn as Node<Record<string, any>>);
        });
      }
      const label = typeof node.value.name === 'string' ? node.value.name : (key ?? node.pointer);
      out.push({ ...node, label, traits });
    };
    if (this.kind === 'asyncapi') {
      const channels = this.root.channels;
      if (isObject(channels)) {
        for (const c of Object.keys(channels)) {
          const ch = this.deref({ value: channels[c], file: this.file, pointer: `/channels/${escapePointer(c)}` });
          if (!ch || !isObject(ch.value)) continue;
          if (ch.file !== this.file) continue; // messages of channels in other files are linted with that file
          if (isObject(ch.value.messages)) {
            for (const m of Object.keys(ch.value.messages)) add(ch.value.messages[m], `${ch.pointer}/messages/${escapePointer(m)}`, m);
          }
          for (const verb of ['publish', 'subscribe']) {
            const op = ch.value[verb];
            if (!isObject(op) || op.message === undefined) continue;
            const msg = op.message;
            if (isObject(msg) && Array.isArray(msg.oneOf)) {
              msg.oneOf.forEach((m: unknown, i: number) => add(m, `${ch.pointer}/${verb}/message/oneOf/${i}`));
            } else add(msg, `${ch.pointer}/${verb}/message`);
          }
        }
      }
      const comp = this.root.components?.messages;
      if (isObject(comp)) for (const m of Object.keys(comp)) add(comp[m], `/components/messages/${escapePointer(m)}`, m);
    }
    this.#messages = out;
    return out;
  }

}
