import { defineRule } from '../rule.ts';

/** Reported by the engine itself; see version.ts. */
export default defineRule({
  id: 'version-not-bumped',
  level: 'breaking',
  direction: 'none',
  on: 'meta',
  summary: 'A breaking change without a major version bump.',
  doc: '`info.version` must get a new major version (or a new minor one below 1.0.0) when the contract breaks clients. The finding names both versions. It counts only breaking findings that are not ignored.',
});
