/** The toolchain's version, read from its own package.json (one place to bump). */
import { readFileSync } from 'node:fs';

function readVersion(): string {
  // Source checkout: ./package.json; compiled: dist/version.js, so ../package.json.
  for (const rel of ['./package.json', '../package.json']) {
    try {
      const pkg = JSON.parse(readFileSync(new URL(rel, import.meta.url), 'utf8')) as { name?: string; version?: string };
      if (pkg.name === '@charter/cli' && pkg.version) return pkg.version;
    } catch {
      // not this one
    }
  }
  return '0.0.0';
}

export const VERSION = readVersion();
