import { defineRule } from '../rule.ts';

/** Reported by the engine itself; see ignore.ts. */
export default defineRule({
  id: 'ignore-expired',
  level: 'breaking',
  direction: 'none',
  on: 'meta',
  summary: 'An ignore-file entry has expired.',
  doc: 'Entries in `contracts/charter-ignore.yaml` have an `expires` date; past it, the entry stops hiding its finding and is itself a failure. Fix the change, or renew the entry with a new reason.',
});
