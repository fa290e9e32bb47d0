import type { Rule } from '../types.ts';
import { escapePointer, isObject } from './util.ts';

export const rule: Rule = {
  id: 'operation-id-unique',
  level: 'error',
  kinds: ['openapi', 'asyncapi'],
  summary: 'No two operations share an `operationId`.',
  docs:
    'The `operationId` names the generated client method, server handler and docs anchor; two operations ' +
    'with the same id make generated code fail to compile or, worse, silently route one operation to the ' +
    "other's handler. Checked across `paths` and `webhooks` (OpenAPI) and across channels (AsyncAPI 2.6).",
  hint: 'Rename one of the operations.',
  check({ doc, report }) {
    const first = new Map<string, string>();
    const seen = (id: unknown, pointer: string, label: string): void => {
      if (typeof id !== 'string' || !id) return;
      const prev = first.get(id);
      if (prev) report({ pointer, message: `operationId "${id}" is already used by ${prev}` });
      else first.set(id, label);
    };
    if (doc.kind === 'openapi') {
      for (const op of doc.operations) seen(op.op.operationId, `${op.pointer}/operationId`, `${op.method.toUpperCase()} ${op.path}`);
      const hooks = doc.root.webhooks;
      if (isObject(hooks)) {
        for (const name of Object.keys(hooks)) {
          const item = doc.deref({ value: hooks[name], file: doc.file, pointer: `/webhooks/${escapePointer(name)}` });
          if (!item || !isObject(item.value)) continue;
          for (const m of ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace']) {
            if (isObject(item.value[m])) seen(item.value[m].operationId, `${item.pointer}/${m}/operationId`, `webhook ${name} (${m})`);
          }
        }
      }
    } else if (isObject(doc.root.channels)) {
      for (const c of Object.keys(doc.root.channels)) {
        const ch = doc.root.channels[c];
        if (!isObject(ch)) continue;
        for (const verb of ['publish', 'subscribe']) {
          if (isObject(ch[verb])) seen(ch[verb].operationId, `/channels/${escapePointer(c)}/${verb}/operationId`, `${verb} on ${c}`);
        }
      }
    }
  },
};
