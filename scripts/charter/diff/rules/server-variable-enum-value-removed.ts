import { defineRule } from '../rule.ts';
import { serverVariablePairs } from '../servers.ts';

export default defineRule({
  id: 'server-variable-enum-value-removed',
  level: 'breaking',
  direction: 'none',
  on: 'document',
  summary: 'A server variable lost allowed values.',
  doc: 'Clients configured with a value that is no longer listed connect to a server the contract no longer describes.',
  check({ base, head }, ctx) {
    for (const p of serverVariablePairs(base, head)) {
      const h = p.head?.enum;
      if (!Array.isArray(h)) continue;
      const b = p.base?.enum;
      if (!Array.isArray(b)) continue; // an enum written down for values that were free: documentation of what the servers are
      const gone = b.filter((v: unknown) => !h.includes(v));
      if (gone.length) ctx.report(`server ${p.server} variable ${p.name}: value${gone.length > 1 ? 's' : ''} ${gone.map((x: unknown) => JSON.stringify(x)).join(', ')} removed`, { pointer: `${p.pointer}/enum`, file: p.file });
    }
  },
});
