import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { analysisUrl, demoModelId, dismissTour, logConsoleErrors, lumpySample, waitForAnalysis } from './helpers';

const ROOT = join(import.meta.dirname, '..');

/**
 * Every request of a whole session, including the workers' model, wasm and codec fetches, stays
 * on the page's origin: analysis, re-analysis, scrubbing, the walk, opening a file (PNG and
 * DICOM, decoded in the decode worker), the About dialog and every export.
 */
test('no request leaves the origin', async ({ page, request, context, baseURL }) => {
  test.setTimeout(300_000);
  logConsoleErrors(page);
  const requests: string[] = [];
  context.on('request', (request) => requests.push(request.url()));
  const origin = new URL(baseURL ?? 'http://localhost').origin;

  const modelId = await demoModelId(request);
  await page.goto(analysisUrl(modelId, (await lumpySample(request)).id));
  await waitForAnalysis(page);
  await dismissTour(page);
  // Re-analyse, scrub and walk, as a user would.
  await page.evaluate(() => window.ifim!.analyze());
  await page.getByTestId('k-slider').fill('0');
  await page.keyboard.press(']');
  await page.keyboard.press('o');
  await page.getByTestId('walk-slider').fill('300');
  await page.waitForFunction(() => {
    const w = window.ifim?.state().walk;
    return !!w && !w.pending && w.evaluatedEpsilon === w.epsilon && w.epsilon !== 0;
  });
  // Open files: a DICOM (decode worker) and a PNG.
  await page.getByTestId('file-input').setInputFiles(join(ROOT, 'public/samples/chest/chest-dicom-01.dcm'));
  await page.waitForFunction(() => window.ifim?.state().image?.name === 'chest-dicom-01.dcm' && window.ifim.state().status === 'done', undefined, { timeout: 120_000 });
  await page.keyboard.press('?');
  await page.keyboard.press('Escape');
  // Exports are blob: downloads made in the page.
  for (const id of ['export-figure', 'export-json', 'export-zip']) {
    await page.getByTestId('export-menu').locator('summary').click();
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId(id).click()]);
    expect(download.suggestedFilename()).toMatch(/^ifim-/);
  }

  const foreign = requests.filter((url) => {
    if (url.startsWith('data:') || url.startsWith('blob:')) return false;
    return new URL(url).origin !== origin;
  });
  console.log(`${requests.length} requests, ${foreign.length} to other origins`);
  expect(foreign).toEqual([]);
  // The recorder sees the workers' fetches too (otherwise this test would prove little).
  expect(requests.some((url) => url.includes(`/models/${modelId}/model.json`))).toBe(true);
  expect(requests.some((url) => url.includes('/samples/'))).toBe(true);
  expect(requests.some((url) => url.includes('imageDecodeWorker'))).toBe(true);
});
