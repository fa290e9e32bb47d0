import type { Command } from 'commander';

// Placeholder: `charter diff` is built in scripts/charter/diff/ (issue 3).
export function registerDiff(_program: Command): void {}
