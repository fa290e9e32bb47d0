import { defineRule } from '../rule.ts';

export default defineRule({
  id: 'request-discriminator-value-removed',
  level: 'breaking',
  direction: 'request',
  on: 'schema',
  summary: 'A request discriminator mapping lost a value.',
  doc: 'Clients that send the removed discriminator value are rejected.',
  check({ base, head }, ctx) {
    if (!base.discriminator || !head.discriminator) return;
    for (const k of Object.keys(base.discriminator.mapping)) if (!(k in head.discriminator.mapping)) ctx.report(`discriminator value "${k}" removed`, { side: 'base', pointer: `${base.discriminator.node.pointer}/mapping/${k.replace(/~/g, '~0').replace(/\//g, '~1')}`, file: base.discriminator.node.file });
  },
});
