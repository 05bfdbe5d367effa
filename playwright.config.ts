import { existsSync } from 'node:fs';
import { defineConfig } from '@playwright/test';

/**
 * Browser tests of the app served by Vite (not a prebuilt dist), in the system's Chromium with
 * WebGPU on (SwiftShader where there is no GPU). Playwright's own browser download is not needed:
 * set IFIM_CHROMIUM or CHROME_PATH, or install Chromium/Chrome in a usual place.
 */
const PORT = Number(process.env.IFIM_E2E_PORT ?? 5183);

const CHROMIUM_CANDIDATES = [
  process.env.IFIM_CHROMIUM,
  process.env.CHROME_PATH,
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
  '/usr/bin/google-chrome-stable',
  '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
  '/Applications/Chromium.app/Contents/MacOS/Chromium',
  'C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe',
];

/** The first existing candidate; undefined lets Playwright use its own download. */
const executablePath = CHROMIUM_CANDIDATES.find((p): p is string => !!p && existsSync(p));

export default defineConfig({
  testDir: 'e2e',
  // Tests share one worker and one SwiftShader device: in parallel they only slow each other down.
  workers: 1,
  fullyParallel: false,
  forbidOnly: !!process.env.CI,
  retries: 0,
  // SwiftShader WebGPU compiles every shader on the CPU: an analysis takes seconds, 20 take minutes.
  timeout: 300_000,
  expect: { timeout: 120_000 },
  reporter: [['list'], ['html', { open: 'never' }]],
  use: {
    baseURL: `http://localhost:${PORT}`,
    actionTimeout: 60_000,
    navigationTimeout: 120_000,
    trace: 'retain-on-failure',
    browserName: 'chromium',
    // Headless through the flag, as niivue does: the browser runs with exactly the flags whose
    // WebGPU behaviour was measured (docs: PLATFORM.md), whatever Playwright's defaults become.
    headless: false,
    launchOptions: {
      executablePath,
      args: ['--enable-unsafe-webgpu', '--headless=new', '--no-sandbox', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
    },
  },
  webServer: {
    command: `npx vite --port ${PORT} --strictPort`,
    url: `http://localhost:${PORT}/`,
    reuseExistingServer: !process.env.CI,
    timeout: 120_000,
    stdout: 'pipe',
    stderr: 'pipe',
  },
});
