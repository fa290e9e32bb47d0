import { defineRule } from '../rule.ts';

export default defineRule({
  id: 'discriminator-property-changed',
  level: 'breaking',
  direction: 'both',
  on: 'schema',
  summary: 'The discriminator property of a oneOf/anyOf changed.',
  doc: 'Both sides pick the variant by the discriminator property; renaming it breaks clients sending and receiving.',
  check({ base, head }, ctx) {
    const b = base.discriminator?.propertyName;
    const h = head.discriminator?.propertyName;
    if (b && h && b !== h) ctx.report(`discriminator property changed from \`${b}\` to \`${h}\``, { pointer: `${head.discriminator!.node.pointer}/propertyName`, file: head.discriminator!.node.file });
  },
});
