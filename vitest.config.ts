import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'scripts/**/*.test.ts'],
    environment: 'node',
    // tfjs backends are process-global; test files run in separate forks and each sets its own backend.
    pool: 'forks',
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
