import { defineRule } from '../rule.ts';

export default defineRule({
  id: 'request-parameter-style-changed',
  level: 'breaking',
  direction: 'request',
  on: 'parameter',
  summary: "A parameter's serialisation (style or explode) changed.",
  doc: 'Clients serialise arrays and objects the old way (`?a=1&a=2` vs `?a=1,2`) and the server misreads them.',
  check({ base, head }, ctx) {
    if (!base || !head) return;
    if (base.style !== head.style) ctx.report(`${head.in} parameter \`${head.name}\` style changed from ${base.style} to ${head.style}`, { keyword: 'style' });
    else if (base.explode !== head.explode) ctx.report(`${head.in} parameter \`${head.name}\` explode changed from ${base.explode} to ${head.explode}`, { keyword: 'explode' });
  },
});
