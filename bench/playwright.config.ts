import { join } from 'node:path';
import { defineConfig } from '@playwright/test';
import base from '../playwright.config';

const ROOT = join(import.meta.dirname, '..');
const server = Array.isArray(base.webServer) ? base.webServer[0] : base.webServer;

/**
 * Browser benchmarks (not tests: they report, they do not judge speed):
 * `npx playwright test -c bench/playwright.config.ts`. Same browser, flags and Vite server as the
 * end-to-end tests.
 */
export default defineConfig({
  ...base,
  testDir: '.',
  testMatch: '*.spec.ts',
  reporter: [['list']],
  outputDir: join(ROOT, 'test-results/bench'),
  // Vite serves the project root, not this folder.
  webServer: server ? { ...server, cwd: ROOT } : undefined,
});
