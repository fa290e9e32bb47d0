import type { Rule } from '../types.ts';
import { escapePointer, isObject } from './util.ts';
import { isRemoteRef } from '../../loader/load.ts';

const DATA_KEYS = new Set(['example', 'default', 'const', 'enum', 'x-examples']);

const OPENAPI_SECTIONS = ['schemas', 'responses', 'parameters', 'examples', 'requestBodies', 'headers', 'securitySchemes', 'links', 'callbacks', 'pathItems'];
const ASYNCAPI_SECTIONS = ['schemas', 'messages', 'parameters', 'messageTraits', 'operationTraits', 'channels', 'operations', 'servers', 'securitySchemes', 'correlationIds', 'replies', 'replyAddresses', 'serverVariables'];

export const rule: Rule = {
  id: 'unused-components',
  level: 'warn',
  kinds: ['openapi', 'asyncapi'],
  summary: 'Every component is referenced from somewhere else in the contract.',
  docs:
    'A component nothing references is generated into types, documented and reviewed, yet no operation or ' +
    'message uses it: usually the leftover of a rename. A component counts as used when a `$ref` outside ' +
    'itself points into it (from any loaded file), when a `discriminator.mapping` names it, when it is ' +
    'only a `$ref` to another file and something else refers to that file directly, or, for ' +
    'security schemes, when a security requirement names it. Problem schemas generated from the error ' +
    'catalogue are not components the author wrote and are never reported.',
  hint: 'Reference the component where it is meant to be used, or delete it.',
  check({ doc, report }) {
    const sections = doc.kind === 'openapi' ? OPENAPI_SECTIONS : ASYNCAPI_SECTIONS;
    const comps = doc.source.components;
    if (!isObject(comps)) return;
    /** component pointer → pointers of the places that use it */
    const users = new Map<string, string[]>();
    const use = (target: string, from: string): void => {
      const m = /^\/components\/([^/]+)\/([^/]+)/.exec(target);
      if (!m) return;
      const key = `/components/${m[1]}/${m[2]}`;
      if (from === key || from.startsWith(`${key}/`)) return; // a self-reference does not count
      const list = users.get(key);
      if (list) list.push(from);
      else users.set(key, [from]);
    };
    const useName = (section: string, name: string, from: string): void => use(`/components/${section}/${escapePointer(name)}`, from);
    const security = (reqs: unknown, from: string): void => {
      if (!Array.isArray(reqs)) return;
      for (const r of reqs) if (isObject(r)) for (const name of Object.keys(r)) useName('securitySchemes', name, from);
    };
    // A component that is only a `$ref` into another file (`Note: { $ref: ./note.yaml }`) is the
    // same thing as its target: a `$ref` straight to that file uses the component.
    const aliases = new Map<string, string>();
    for (const section of sections) {
      const group = comps[section];
      if (!isObject(group)) continue;
      for (const name of Object.keys(group)) {
        const c = group[name];
        if (!isObject(c) || typeof c.$ref !== 'string' || isRemoteRef(c.$ref)) continue;
        const t = doc.resolveRef(c.$ref, doc.file);
        if (t && t.file !== doc.file) aliases.set(`${t.file}#${t.pointer}`, `/components/${section}/${escapePointer(name)}`);
      }
    }
    for (const [file, src] of doc.contract.sources) {
      const stack: Array<[unknown, string, boolean]> = [[src.value, '', false]];
      while (stack.length) {
        const [node, ptr, exampleObject] = stack.pop()!;
        if (Array.isArray(node)) {
          for (let i = 0; i < node.length; i++) stack.push([node[i], `${ptr}/${i}`, false]);
          continue;
        }
        if (!isObject(node)) continue;
        for (const key of Object.keys(node)) {
          const v = node[key];
          if (key === '$ref' && typeof v === 'string') {
            if (isRemoteRef(v)) continue;
            const target = doc.resolveRef(v, file);
            const from = file === doc.file ? ptr : `${file}#${ptr}`;
            if (target && target.file === doc.file) use(target.pointer, from);
            else if (target) {
              const alias = aliases.get(`${target.file}#${target.pointer}`);
              if (alias) use(alias, from);
            }
            continue;
          }
          if (DATA_KEYS.has(key) || (exampleObject && key === 'value') || (key === 'examples' && Array.isArray(v))) continue;
          if (key === 'security') security(v, `${ptr}/security`);
          if (key === 'discriminator' && isObject(v) && isObject(v.mapping)) {
            for (const target of Object.values(v.mapping)) {
              if (typeof target !== 'string') continue;
              if (target.includes('#') || target.includes('/')) {
                const t = doc.resolveRef(target, file);
                if (t && t.file === doc.file) use(t.pointer, ptr);
              } else useName('schemas', target, ptr);
            }
          }
          if (v !== null && typeof v === 'object') {
            const namedExamples = key === 'examples' && isObject(v);
            if (namedExamples) {
              for (const name of Object.keys(v)) stack.push([v[name], `${ptr}/examples/${escapePointer(name)}`, true]);
            } else stack.push([v, `${ptr}/${escapePointer(key)}`, false]);
          }
        }
      }
    }
    // AsyncAPI 2.x names security schemes in server security requirements (handled above);
    // 3.0 $refs them. OpenAPI components used only by the catalogue expansion are generated.
    for (const section of sections) {
      const group = comps[section];
      if (!isObject(group)) continue;
      for (const name of Object.keys(group)) {
        const key = `/components/${section}/${escapePointer(name)}`;
        if (users.has(key)) continue;
        report({ pointer: key, message: `components.${section}.${name} is not used` });
      }
    }
  },
};
