import { expect, test } from '@playwright/test';
import { analysisUrl, demoModelId, logConsoleErrors, lumpySample, waitForAnalysis } from './helpers';

test('analyses a lumpy-background sample on WebGPU and shows the leading mode', async ({ page, request }) => {
  logConsoleErrors(page);
  const modelId = await demoModelId(request);
  const sample = await lumpySample(request);
  await page.goto(analysisUrl(modelId, sample.id));
  const state = await waitForAnalysis(page);

  expect(state.backend).toBe('webgpu');
  expect(state.modelId).toBe(modelId);
  expect(state.sampleId).toBe(sample.id);
  const classes = state.classes.length;
  expect(classes).toBeGreaterThanOrEqual(2);

  // Eigenvalues: C of them, descending, non-negative up to round-off.
  expect(state.eigenvalues).toHaveLength(classes);
  for (let i = 1; i < state.eigenvalues.length; i++) expect(state.eigenvalues[i]).toBeLessThanOrEqual(state.eigenvalues[i - 1]);
  expect(state.eigenvalues[0]).toBeGreaterThan(0);
  // Softmax: √p spans the null space of K, so the rank is at most C − 1.
  expect(state.head).toBe('softmax');
  expect(state.rank).not.toBeNull();
  expect(state.rank ?? Infinity).toBeLessThanOrEqual(classes - 1);
  expect(state.rank ?? 0).toBeGreaterThanOrEqual(1);

  const sum = state.probabilities.reduce((a, b) => a + b, 0);
  expect(sum).toBeCloseTo(1, 6);
  expect(state.probabilities.every((p) => p >= 0 && p <= 1)).toBe(true);
  expect(state.selectedMode).toBe(1);
  expect(state.timingsMs.total).toBeGreaterThan(0);

  // The eigenvector canvas shows a field, not a blank or one flat colour.
  const canvas = page.getByTestId('eigenvector-canvas');
  await expect(canvas).toBeVisible();
  const pixels = await canvas.evaluate((element) => {
    const c = element as HTMLCanvasElement;
    const data = c.getContext('2d')?.getImageData(0, 0, c.width, c.height).data;
    if (!data) return { width: c.width, height: c.height, distinct: 0, opaque: 0 };
    const colours = new Set<number>();
    let opaque = 0;
    for (let i = 0; i < data.length; i += 4) {
      colours.add((data[i] << 16) | (data[i + 1] << 8) | data[i + 2]);
      if (data[i + 3] === 255) opaque++;
    }
    return { width: c.width, height: c.height, distinct: colours.size, opaque };
  });
  expect(pixels.width * pixels.height).toBeGreaterThan(0);
  expect(pixels.opaque).toBe(pixels.width * pixels.height);
  expect(pixels.distinct).toBeGreaterThan(10);

  // The page says what it computed, and what a binary softmax head implies.
  await expect(page.getByTestId('backend')).toContainText('webgpu');
  await expect(page.getByTestId('privacy-note')).toContainText('never leave');
  if (classes === 2) await expect(page.getByTestId('eigenvalue-panel')).toContainText('a binary softmax classifier has exactly one sensitive direction', { ignoreCase: true });
  await expect(page.getByTestId('status')).toHaveAttribute('data-status', 'done');

  test.info().annotations.push({ type: 'timingsMs (webgpu)', description: JSON.stringify(state.timingsMs) });
  console.log(`timingsMs on ${state.backendDevice}: ${JSON.stringify(state.timingsMs)}`);
});

test('says clearly when the model does not exist', async ({ page, request }) => {
  const sample = await lumpySample(request);
  await page.goto(analysisUrl('no-such-model', sample.id));
  await page.waitForFunction(() => window.ifim?.state().status === 'error', undefined, { timeout: 120_000 });
  await expect(page.getByTestId('status')).toContainText('model "no-such-model" could not be loaded');
});
