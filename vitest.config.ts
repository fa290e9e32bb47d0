import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['scripts/**/*.test.ts', 'service/**/*.test.ts', 'consumers/**/*.test.ts', 'test/**/*.test.ts'],
    exclude: ['**/node_modules/**', 'generated/**'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
  },
});
