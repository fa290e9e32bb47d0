/**
 * How a consumer's Pact test writes its pact: into a fresh temp folder (so no stale
 * interaction survives from an earlier run — Pact merges into existing files), then over the
 * committed copy in pacts/. A committed pact that differed from what the test records fails
 * the run, so pacts/ can never silently drift from the consumer code.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PACT_DIR, publishPact } from '../scripts/charter/pact/pact-files.ts';

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** The provider these consumers' pacts are for: `provider.name` in charter.config.yaml. */
export const PROVIDER = 'users-service';

export interface PactOutput {
  /** Give this to PactV4 as `dir`. */
  dir: string;
  /** Call in afterAll: publishes the pact and throws when the committed one was stale. */
  publish(): void;
}

export function pactOutput(consumer: string, provider: string): PactOutput {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `charter-pact-${consumer}-`));
  return {
    dir,
    publish() {
      const written = path.join(dir, `${consumer}-${provider}.json`);
      try {
        if (!fs.existsSync(written)) throw new Error(`the ${consumer} Pact tests wrote no pact (expected ${written}); did every interaction fail?`);
        const { changed, target } = publishPact(written, path.join(REPO_ROOT, PACT_DIR));
        if (changed) {
          throw new Error(
            `${path.relative(REPO_ROOT, target)} differed from what the ${consumer} consumer tests record; it has been rewritten. ` +
              'Review and commit it (CI reads the committed pacts).',
          );
        }
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}
