#!/usr/bin/env node
// Builds the published package: tsc compiles the sources into dist/ (JavaScript and .d.ts),
// then the files the commands read at run time are copied beside the compiled modules that
// read them: the runtime templates `charter generate` copies into a project (as TypeScript
// source), and the vendored JSON Schemas `charter lint` validates against.
// Runs on `npm pack` / `npm publish` (prepack), or by hand: node build.mjs
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const dist = path.join(here, 'dist');
rmSync(dist, { recursive: true, force: true });

const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
execFileSync(process.execPath, [tsc, '-p', path.join(here, 'tsconfig.build.json')], { stdio: 'inherit' });

const copy = (from, to, keep) => {
  mkdirSync(path.join(dist, to), { recursive: true });
  for (const name of readdirSync(path.join(here, from)).filter(keep)) cpSync(path.join(here, from, name), path.join(dist, to, name));
};
copy('emit/runtime', 'emit/runtime', (n) => n.endsWith('.ts') && !n.endsWith('.test.ts'));
copy('lint/schemas', 'lint/schemas', (n) => n.endsWith('.json'));
process.stderr.write(`built ${path.relative(process.cwd(), dist) || 'dist'}\n`);
