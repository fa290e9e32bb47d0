import { defineRule } from '../rule.ts';

export default defineRule({
  id: 'channel-parameter-location-changed',
  level: 'breaking',
  direction: 'none',
  on: 'channel',
  summary: 'A channel parameter is read from another place in the message (`location`), or no longer from the message.',
  doc: '`location` is a runtime expression (`$message.payload#/user/id`) saying where in the message the parameter value comes from; producers that put it where the old contract said address the wrong channel.',
  check({ base, head }, ctx) {
    if (!base || !head) return;
    for (const [p, n] of Object.entries(head.parameters)) {
      const b = base.parameters[p];
      if (!b) continue;
      const bl = ctx.base.deref(b).value?.location;
      const hl = ctx.head.deref(n).value?.location;
      if (bl !== hl && (bl !== undefined || hl !== undefined)) ctx.report(`channel ${head.id} parameter ${p}: location ${bl === undefined ? `${hl} added` : hl === undefined ? `${bl} removed` : `changed from ${bl} to ${hl}`}`, { pointer: n.pointer, file: n.file });
    }
  },
});
