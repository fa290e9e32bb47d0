#!/usr/bin/env node
// Entry point of the `charter` CLI (package.json "bin"). The CLI is TypeScript, run through tsx.
import { register } from 'tsx/esm/api';

register();
await import('./cli.ts');
