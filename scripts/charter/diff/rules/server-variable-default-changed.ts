import { defineRule } from '../rule.ts';
import { serverVariablePairs } from '../servers.ts';

export default defineRule({
  id: 'server-variable-default-changed',
  level: 'breaking',
  direction: 'none',
  on: 'document',
  summary: 'The default of a server variable changed, was added or was removed.',
  doc: 'Clients that do not set the variable connect to the default: after the change they reach another host, port or environment.',
  check({ base, head }, ctx) {
    for (const p of serverVariablePairs(base, head)) {
      const b = p.base?.default;
      const h = p.head?.default;
      if (b !== h) ctx.report(`server ${p.server} variable ${p.name}: default ${b === undefined ? `${JSON.stringify(h)} added` : h === undefined ? `${JSON.stringify(b)} removed` : `changed from ${JSON.stringify(b)} to ${JSON.stringify(h)}`}`, { pointer: `${p.pointer}${h !== undefined ? '/default' : ''}`, file: p.file });
    }
  },
});
