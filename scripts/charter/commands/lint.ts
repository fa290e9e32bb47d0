import type { Command } from 'commander';

// Placeholder: `charter lint` is built in scripts/charter/lint/ (issue 8).
export function registerLint(_program: Command): void {}
