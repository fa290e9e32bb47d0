import { defineConfig } from 'vitest/config';

export default defineConfig({
  // Workspace packages import the toolchain by its package name (@charter/cli/…), as an adopter
  // does; this condition resolves those imports to the TypeScript sources instead of dist/.
  resolve: { conditions: ['charter-source'] },
  ssr: { resolve: { conditions: ['charter-source'], externalConditions: ['charter-source'] } },
  test: {
    include: ['scripts/**/*.test.ts', 'service/**/*.test.ts', 'consumers/**/*.test.ts', 'test/**/*.test.ts'],
    exclude: ['**/node_modules/**', 'generated/**'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
  },
});
