import type { Rule } from '../types.ts';

export const rule: Rule = {
  id: 'idempotency-key',
  level: 'error',
  kinds: ['openapi'],
  summary: 'Every POST requires an `Idempotency-Key` header, or is marked `x-idempotency: not-required`.',
  docs:
    'POST is the one method HTTP does not make safe to retry: a client that times out cannot know whether ' +
    'its request was applied, and retrying may create a second order, user or payment. A required ' +
    '`Idempotency-Key` header lets the server replay the first response instead. A POST that is naturally ' +
    'idempotent (a search, a validation) says so with `x-idempotency: not-required`, so the decision is ' +
    'visible in review.',
  hint: 'Add a required Idempotency-Key header parameter (e.g. $ref: "#/components/parameters/IdempotencyKey"), or mark the operation x-idempotency: not-required.',
  check({ doc, report }) {
    for (const op of doc.operations) {
      if (op.method !== 'post') continue;
      const marker = op.op['x-idempotency'];
      if (marker !== undefined && marker !== 'not-required') {
        report({ file: op.file, pointer: `${op.pointer}/x-idempotency`, message: `x-idempotency must be "not-required" (found ${JSON.stringify(marker)})`, hint: 'Use x-idempotency: not-required, or remove it and require an Idempotency-Key header.' });
        continue;
      }
      if (marker === 'not-required') continue;
      const key = op.parameters.find((p) => p.value.in === 'header' && typeof p.value.name === 'string' && p.value.name.toLowerCase() === 'idempotency-key');
      if (!key) report({ file: op.file, pointer: op.pointer, message: `POST ${op.path} takes no Idempotency-Key header and is not marked x-idempotency: not-required` });
      else if (key.value.required !== true) {
        report({ file: key.siteFile, pointer: key.site, message: `the Idempotency-Key header of POST ${op.path} is optional`, hint: 'Make it required: true, so that every retry is safe.' });
      }
    }
  },
};
