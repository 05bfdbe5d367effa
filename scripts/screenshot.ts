/**
 * The README's screenshot: the main view at 1280×800, dark theme, a chest demo with the overlay
 * on, written to docs/screenshot-main.png.
 *
 *   npx tsx scripts/screenshot.ts [--model chest-cnn] [--sample <id>] [--out docs/screenshot-main.png]
 *
 * Starts Vite on a free port, drives the system Chromium (IFIM_CHROMIUM, CHROME_PATH, or the usual
 * install paths, as the browser tests do), waits for the analysis, points at the image so the
 * readout and crosshair show, and saves the page. Not a test: it asserts nothing.
 */
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { chromium } from '@playwright/test';
import { createServer } from 'vite';

const ROOT = join(import.meta.dirname, '..');

const { values: args } = parseArgs({
  options: {
    model: { type: 'string', default: 'chest-cnn' },
    sample: { type: 'string', default: 'chest-nodule-left-lung-effusion-01' },
    backend: { type: 'string', default: 'wasm' },
    out: { type: 'string', default: 'docs/screenshot-main.png' },
  },
});

const executablePath = [process.env.IFIM_CHROMIUM, process.env.CHROME_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome', '/usr/bin/google-chrome-stable'].find(
  (p): p is string => !!p && existsSync(p),
);

const server = await createServer({ root: ROOT, configFile: join(ROOT, 'vite.config.ts'), server: { port: 0, strictPort: false }, logLevel: 'warn' });
await server.listen();
const base = server.resolvedUrls?.local[0];
if (!base) throw new Error('Vite did not report its address');

const browser = await chromium.launch({
  executablePath,
  headless: false,
  args: ['--enable-unsafe-webgpu', '--headless=new', '--no-sandbox', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
});
try {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, deviceScaleFactor: 1, colorScheme: 'dark' });
  // The first-run tour would cover a corner of the picture.
  await context.addInitScript(() => localStorage.setItem('ifim-viewer:view:v1', JSON.stringify({ tourDone: true, theme: 'dark' })));
  const page = await context.newPage();
  page.on('pageerror', (error) => console.error(`page error: ${error.message}`));
  const url = new URL(`?model=${encodeURIComponent(args.model ?? '')}&sample=${encodeURIComponent(args.sample ?? '')}&backend=${args.backend}&overlay=mode`, base).href;
  await page.goto(url);
  await page.waitForFunction(() => ['done', 'error'].includes(window.ifim?.state().status ?? ''), undefined, { timeout: 240_000 });
  const state = await page.evaluate(() => window.ifim!.state());
  if (state.status !== 'done') throw new Error(`the analysis failed: ${state.error}`);
  // Point at the image: the crosshair on every panel and the readout under them.
  const box = await page.getByTestId('input-canvas').boundingBox();
  if (box) await page.mouse.move(box.x + box.width * 0.63, box.y + box.height * 0.62);
  await page.waitForTimeout(400);
  const out = resolve(ROOT, args.out ?? 'docs/screenshot-main.png');
  await mkdir(dirname(out), { recursive: true });
  await page.screenshot({ path: out });
  console.log(`wrote ${out} (${state.modelId} on ${state.sampleId}, ${state.modeCount} modes, ${state.backend})`);
} finally {
  await browser.close();
  await server.close();
}
