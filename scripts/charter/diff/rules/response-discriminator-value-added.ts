import { defineRule } from '../rule.ts';

export default defineRule({
  id: 'response-discriminator-value-added',
  level: 'warning',
  direction: 'response',
  on: 'schema',
  summary: 'A response discriminator mapping gained a value.',
  doc: 'Clients switching on the discriminator meet a value they do not know. Reported as a warning because it often comes with a new variant, which is reported on its own.',
  check({ base, head }, ctx) {
    if (!base.discriminator || !head.discriminator) return;
    for (const k of Object.keys(head.discriminator.mapping)) if (!(k in base.discriminator.mapping)) ctx.report(`discriminator value "${k}" added`, { pointer: `${head.discriminator.node.pointer}/mapping/${k.replace(/~/g, '~0').replace(/\//g, '~1')}`, file: head.discriminator.node.file });
  },
});
