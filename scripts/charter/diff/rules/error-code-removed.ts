import { defineRule } from '../rule.ts';

export default defineRule({
  id: 'error-code-removed',
  level: 'breaking',
  direction: 'none',
  on: 'catalogueEntry',
  summary: 'An error code was removed from the catalogue.',
  doc: 'Clients match problems by `code`; the code is part of the contract (AIP-193: reasons never change).',
  check({ base, head, renamedFrom }, ctx) {
    if (base && !head && !renamedFrom) ctx.report(`error code ${base.code} removed`, { side: 'base' });
  },
});
