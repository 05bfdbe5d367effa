import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { logConsoleErrors, waitForAnalysis } from './helpers';

/**
 * Offline after the first visit: the service worker (vite-plugin-pwa / Workbox) precaches the
 * built app, the demo models and samples. The dev server has no service worker, so this spec
 * builds the app and serves it with `vite preview`; after one visit it stops that server
 * altogether — a harder offline than the browser's emulation, which service workers may bypass —
 * reloads, and analyses a demo model from the cache alone.
 */
const PREVIEW_PORT = Number(process.env.IFIM_E2E_PORT ?? 5183) + 7;
const ORIGIN = `http://localhost:${PREVIEW_PORT}`;
const DEMO = '/?model=lumpy-ske-cnn&sample=lumpy-ske-present-01&backend=wasm';

let outDir = '';
let preview: ChildProcess | null = null;

async function waitForServer(url: string, up: boolean): Promise<void> {
  for (let i = 0; i < 240; i++) {
    const ok = await fetch(url).then(
      (r) => r.ok,
      () => false,
    );
    if (ok === up) return;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${url} did not ${up ? 'come up' : 'go down'}`);
}

function stopPreview(): void {
  if (preview?.pid) {
    try {
      process.kill(-preview.pid, 'SIGTERM');
    } catch {
      // already gone
    }
  }
  preview = null;
}

test.beforeAll(() => {
  outDir = mkdtempSync(join(tmpdir(), 'ifim-offline-'));
  execFileSync('npx', ['vite', 'build', '--outDir', outDir, '--emptyOutDir', '--logLevel', 'error'], { stdio: 'inherit' });
});

test.afterAll(() => {
  stopPreview();
  if (outDir) rmSync(outDir, { recursive: true, force: true });
});

test('after one visit the app reloads and analyses with its server gone', async ({ page }) => {
  logConsoleErrors(page);
  preview = spawn('npx', ['vite', 'preview', '--outDir', outDir, '--port', String(PREVIEW_PORT), '--strictPort'], { stdio: 'ignore', detached: true });
  await waitForServer(`${ORIGIN}/`, true);

  await page.goto(`${ORIGIN}${DEMO}`);
  const online = await waitForAnalysis(page);
  // The worker has installed (precached everything) and controls the page.
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null, undefined, { timeout: 60_000 });

  stopPreview();
  await waitForServer(`${ORIGIN}/`, false);

  const responses: { url: string; fromServiceWorker: boolean }[] = [];
  page.on('response', (r) => responses.push({ url: r.url(), fromServiceWorker: r.fromServiceWorker() }));
  await page.reload();
  const offline = await waitForAnalysis(page);

  expect(offline.modelId).toBe('lumpy-ske-cnn');
  expect(offline.eigenvalues.length).toBeGreaterThan(0);
  // The same model and image give the same spectrum as online, to float32 precision.
  expect(offline.eigenvalues[0]).toBeCloseTo(online.eigenvalues[0], 6);
  const page0 = responses.find((r) => new URL(r.url).pathname === '/');
  expect(page0?.fromServiceWorker, 'the page itself came from the service worker').toBe(true);
});
