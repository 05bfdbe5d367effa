import { test } from '@playwright/test';
import { encode } from 'fast-png';
import { dismissTour, ifimState, waitForAnalysis } from '../e2e/helpers';

/**
 * One scrub update — the redraw of all four image panels after ← / → or [ / ] — timed by the page
 * itself (performance.now() around the draw; window.ifim.state().timingsMs.scrub, history in
 * window.ifim.timingHistory('scrub')). The display is at least 512×512 per panel and the image
 * 512×512, with the overlay on, so the image panel draws the windowed image and the overlay.
 * Prints median, 95th percentile and maximum; asserts nothing about speed.
 */
const STEPS = 200;

function quantile(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * (sorted.length - 1)))];
}

test('scrub: one update of every image panel', async ({ page, request }) => {
  test.setTimeout(300_000);
  await page.setViewportSize({ width: 2200, height: 1400 });
  const modelId = (await request.get('/models/clb-loc-cnn/model.json')).ok() ? 'clb-loc-cnn' : 'chest-cnn';
  // The backend does not enter a scrub (no model call): wasm keeps the set-up short.
  await page.goto(`/?model=${modelId}&backend=wasm&overlay=mode&k=1`);
  await page.waitForFunction(() => window.ifim?.state().backend != null, undefined, { timeout: 120_000 });

  // A 512×512 16-bit image, so the image panel windows and draws a 512² raster.
  const size = 512;
  const pixels = new Uint16Array(size * size);
  for (let y = 0; y < size; y++) for (let x = 0; x < size; x++) pixels[y * size + x] = Math.round(32767 + 20000 * Math.sin(x / 23) * Math.cos(y / 31) + 4000 * Math.sin((x * y) / 900));
  const png = encode({ width: size, height: size, data: pixels, depth: 16, channels: 1 });
  await page.getByTestId('file-input').setInputFiles({ name: 'bench-512.png', mimeType: 'image/png', buffer: Buffer.from(png) });
  await page.waitForFunction(() => window.ifim?.state().image?.name === 'bench-512.png' && window.ifim.state().status === 'done', undefined, { timeout: 120_000 });
  await waitForAnalysis(page);
  await dismissTour(page);
  const state = await ifimState(page);
  const panel = await page.getByTestId('input-canvas').evaluate((c) => ({ width: (c as HTMLCanvasElement).width, height: (c as HTMLCanvasElement).height }));
  const modes = state.modeCount ?? 0;
  if (modes < 2) throw new Error(`${modelId} found ${modes} mode(s) on the bench image; the bench needs two`);

  // Alternate →/← and ]/[ so every step changes what is drawn.
  const keys = ['ArrowRight', 'BracketRight', 'ArrowLeft', 'BracketLeft'];
  const before = (await page.evaluate(() => window.ifim!.timingHistory('scrub'))).length;
  for (let i = 0; i < STEPS; i++) await page.keyboard.press(keys[i % keys.length]);
  const all = await page.evaluate(() => window.ifim!.timingHistory('scrub'));
  const times = all.slice(before).sort((a, b) => a - b);
  const report = {
    model: modelId,
    modes,
    image: `${size}×${size}`,
    panelCanvas: `${panel.width}×${panel.height} device px`,
    updates: times.length,
    medianMs: quantile(times, 0.5),
    p95Ms: quantile(times, 0.95),
    maxMs: times.at(-1),
    device: state.backendDevice,
  };
  console.log(`scrub update (4 panels, overlay on): ${JSON.stringify(report)}`);
  test.info().annotations.push({ type: 'scrub timings (ms)', description: JSON.stringify(report) });
});
