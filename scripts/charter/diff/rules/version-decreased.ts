import { defineRule } from '../rule.ts';

/** Reported by the engine itself; see version.ts. */
export default defineRule({
  id: 'version-decreased',
  level: 'breaking',
  direction: 'none',
  on: 'meta',
  summary: 'info.version went backwards.',
  doc: 'A newer contract with a lower version confuses every tool and person that orders versions. Fix the version.',
});
