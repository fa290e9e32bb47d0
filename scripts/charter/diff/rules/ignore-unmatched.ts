import { defineRule } from '../rule.ts';

/** Reported by the engine itself; see ignore.ts. */
export default defineRule({
  id: 'ignore-unmatched',
  level: 'info',
  direction: 'none',
  on: 'meta',
  summary: 'An ignore-file entry matches no finding.',
  doc: 'The change it accepted is gone (or its fingerprint changed). Remove the entry.',
});
