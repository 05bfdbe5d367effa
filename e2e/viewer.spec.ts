import { readFile } from 'node:fs/promises';
import { expect, test } from '@playwright/test';
import { FIGURE, figureLayout } from '../src/render/figure';
import { E2E_BACKEND, analysisUrl, canvasFingerprint, demoModelId, dismissTour, ifimState, logConsoleErrors, lumpySample, openMultiModeDemo, pngSize, waitForAnalysis } from './helpers';

/**
 * The viewer on a demo model with several modes (WebGPU): scrub i and k from the keyboard, walk
 * along a mode (measured KL against ½ε²λ), export a panel, and reopen the view from its URL. One
 * test, one model load: SwiftShader WebGPU makes every analysis cost seconds.
 */
test('scrub, walk, export and share a view', async ({ page, request, context }) => {
  test.setTimeout(300_000);
  logConsoleErrors(page);
  const { modelId, sampleId, state: first } = await openMultiModeDemo(page, request);
  expect(first.backend).toBe(E2E_BACKEND);
  expect(first.selectedMode).toBe(1);
  await expect(page.getByTestId('tour')).toBeVisible(); // first run on a demo
  await dismissTour(page);

  // → : the next mode; the eigenvector canvas redraws from the pre-built rasters.
  const v1 = await canvasFingerprint(page, 'eigenvector-canvas');
  await page.keyboard.press('ArrowRight');
  await expect(page.getByTestId('mode-value')).toHaveText('v₂');
  expect((await ifimState(page)).selectedMode).toBe(2);
  expect(await canvasFingerprint(page, 'eigenvector-canvas')).not.toBe(v1);
  const scrub = (await ifimState(page)).timingsMs.scrub;
  expect(typeof scrub).toBe('number');

  // ] : one more mode in x_high(k).
  const high1 = await canvasFingerprint(page, 'high-canvas');
  await page.keyboard.press(']');
  await expect(page.getByTestId('k-value')).toHaveText('2');
  expect(await canvasFingerprint(page, 'high-canvas')).not.toBe(high1);

  // Wheel over the image zooms every panel (one shared viewport); 0 fits again.
  const unzoomed = await canvasFingerprint(page, 'low-canvas');
  await page.getByTestId('input-canvas').hover();
  await page.mouse.wheel(0, -300);
  await expect.poll(async () => (await ifimState(page)).view.zoom).toBeGreaterThan(1.5);
  expect(await canvasFingerprint(page, 'low-canvas')).not.toBe(unzoomed);
  await expect(page.getByTestId('pixel-readout')).toContainText('model input (');
  await page.keyboard.press('0');
  await expect.poll(async () => (await ifimState(page)).view.zoom).toBe(1);

  // Walk along v_1: for small ε the measured KL follows ½ε²λ₁. (Small: a saturated prediction
  // leaves the quadratic regime early, e.g. from KL ≈ 1e-5 for clb-loc-cnn on this sample.)
  await page.keyboard.press('ArrowLeft');
  await expect(page.getByTestId('mode-value')).toHaveText('v₁');
  const s = await ifimState(page);
  const lambda = s.eigenvalues[0];
  const epsilonMax = s.walk.epsilonMax ?? 0;
  expect(epsilonMax).toBeGreaterThan(0);
  for (const targetKl of [1e-7, 1e-6]) {
    const epsilon = Math.sqrt((2 * targetKl) / lambda);
    const steps = Math.round(Math.sqrt(epsilon / epsilonMax) * 1000);
    await page.getByTestId('walk-slider').fill(String(steps));
    await page.waitForFunction((p) => {
      const w = window.ifim?.state().walk;
      return !!w && !w.pending && w.position === p && w.evaluatedEpsilon === w.epsilon;
    }, steps / 1000);
    const w = (await ifimState(page)).walk;
    const ratio = (w.measuredKl ?? 0) / (w.predictedKl ?? 1);
    console.log(`walk along v1: ε = ${w.epsilon.toExponential(3)}, measured KL ${w.measuredKl?.toExponential(3)}, ½ε²λ ${w.predictedKl?.toExponential(3)}, ratio ${ratio.toFixed(4)}`);
    expect(ratio).toBeGreaterThan(0.8);
    expect(ratio).toBeLessThan(1.25);
    await expect(page.getByTestId('walk-measured')).toContainText('nats');
  }
  // A longer step (second-order KL 0.1 nat) moves the probabilities visibly.
  const longSteps = Math.min(1000, Math.round(Math.sqrt(Math.sqrt(0.2 / lambda) / epsilonMax) * 1000));
  await page.getByTestId('walk-slider').fill(String(longSteps));
  await page.waitForFunction((p) => {
    const w = window.ifim?.state().walk;
    return !!w && !w.pending && w.position === p && w.evaluatedEpsilon === w.epsilon;
  }, longSteps / 1000);
  const far = await ifimState(page);
  const moved = Math.max(...far.walk.probabilities.map((p, i) => Math.abs(p - far.probabilities[i])));
  expect(moved).toBeGreaterThan(0.01);
  await expect(page.getByTestId('probabilities')).toContainText('after the step');

  // Export the eigenvector panel: a PNG at native resolution, with colour bar and caption.
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-mode').click()]);
  const png = pngSize(await readFile(await download.path()));
  const [h, w] = far.inputShape ?? [0, 0];
  const layout = figureLayout([{ width: w, height: h, colorBar: true }], FIGURE.captionLines);
  expect(png).toEqual({ width: layout.width, height: layout.height });
  expect(download.suggestedFilename()).toMatch(/^ifim-.*-mode-v1-k2\.png$/);

  // Share: the overlay and colour map go into the URL too; a new tab reproduces the view.
  await page.getByTestId('overlay-select').selectOption('mode');
  await page.getByTestId('colormap-select').selectOption('puor');
  await page.keyboard.press('ArrowRight');
  await expect.poll(() => page.url()).toContain('overlay=mode');
  const url = page.url();
  expect(url).toContain('cmap=puor');
  const shown = await ifimState(page);
  const other = await context.newPage();
  await other.goto(url);
  const reopened = await waitForAnalysis(other);
  for (const key of ['modelId', 'sampleId', 'selectedMode', 'k'] as const) expect(reopened[key]).toEqual(shown[key]);
  expect(reopened.view.overlay).toBe('mode');
  expect(reopened.view.colorMap).toBe('puor');
  expect(reopened.modelId).toBe(modelId);
  expect(reopened.sampleId).toBe(sampleId);
  reopened.eigenvalues.slice(0, reopened.rank ?? 0).forEach((v, i) => expect(Math.abs(v - shown.eigenvalues[i]) / v).toBeLessThan(1e-3));
  await other.close();
});

test('about, theme and keyboard', async ({ page, request }) => {
  logConsoleErrors(page);
  await page.goto(analysisUrl(await demoModelId(request), (await lumpySample(request)).id));
  await waitForAnalysis(page);
  await dismissTour(page);
  await page.keyboard.press('?');
  await expect(page.getByTestId('about-dialog')).toBeVisible();
  await expect(page.getByTestId('about-dialog')).toContainText('Not a segmentation');
  await expect(page.getByTestId('about-dialog')).toContainText('exactly one');
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('about-dialog')).toBeHidden();
  expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe('dark');
  await page.keyboard.press('t');
  expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe('light');
  // Remembered across a reload, as is the dismissed tour.
  await page.reload();
  await waitForAnalysis(page);
  expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe('light');
  await expect(page.getByTestId('tour')).toBeHidden();
  // Every control has a name (labelled or aria-labelled).
  const unnamed = await page.evaluate(() =>
    [...document.querySelectorAll('input:not([type=hidden]):not([hidden]), select, button')]
      .filter((el) => !(el as HTMLElement).closest('[hidden]'))
      .filter((el) => {
        const e = el as HTMLInputElement;
        const label = e.labels?.length ? [...e.labels].map((l) => l.textContent).join('') : '';
        return !(label.trim() || e.getAttribute('aria-label') || e.textContent?.trim() || e.title);
      })
      .map((el) => el.outerHTML.slice(0, 80)),
  );
  expect(unnamed).toEqual([]);
});
