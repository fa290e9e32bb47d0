#!/usr/bin/env node
// Entry point of the `charter` CLI (package.json "bin").
// An installed package runs the JavaScript that `tsc` compiled into dist/ when it was packed.
// In a source checkout (cli.ts beside this file, no dist/ build of it), the TypeScript sources
// run as they are: through Node's own type stripping where this Node has it, else through tsx.
import { existsSync } from 'node:fs';

const source = new URL('./cli.ts', import.meta.url);
if (existsSync(source)) {
  if (!process.features?.typescript) {
    try {
      const { register } = await import('tsx/esm/api');
      register();
    } catch {
      process.stderr.write('charter: running from a source checkout needs Node >= 22.18 (type stripping) or tsx installed\n');
      process.exit(2);
    }
  }
  await import(source.href);
} else {
  await import('./dist/cli.js');
}
