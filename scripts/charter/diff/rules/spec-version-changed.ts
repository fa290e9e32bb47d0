import { defineRule } from '../rule.ts';

export default defineRule({
  id: 'spec-version-changed',
  level: 'info',
  direction: 'none',
  on: 'document',
  summary: 'The OpenAPI/AsyncAPI version of the document changed.',
  doc: 'Tools reading the contract may need an upgrade (3.0 to 3.1 changes nullable and exclusive bounds). Schemas are compared by meaning, so the rewrite itself is not reported.',
  check({ base, head }, ctx) {
    if (base.contract.specVersion !== head.contract.specVersion) ctx.report(`${head.kind} version changed from ${base.contract.specVersion} to ${head.contract.specVersion}`, { pointer: `/${head.kind}` });
  },
});
