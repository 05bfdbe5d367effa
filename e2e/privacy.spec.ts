import { expect, test } from '@playwright/test';
import { analysisUrl, demoModelId, logConsoleErrors, lumpySample, waitForAnalysis } from './helpers';

/** Every request of a whole session, including the worker's model and wasm fetches, stays on the page's origin. */
test('no request leaves the origin', async ({ page, request, context, baseURL }) => {
  logConsoleErrors(page);
  const requests: string[] = [];
  context.on('request', (request) => requests.push(request.url()));
  const origin = new URL(baseURL ?? 'http://localhost').origin;

  const modelId = await demoModelId(request);
  await page.goto(analysisUrl(modelId, (await lumpySample(request)).id));
  await waitForAnalysis(page);
  // Re-analyse and scrub, as a user would.
  await page.evaluate(() => window.ifim!.analyze());
  await page.getByTestId('k-slider').fill('0');

  const foreign = requests.filter((url) => {
    if (url.startsWith('data:') || url.startsWith('blob:')) return false;
    return new URL(url).origin !== origin;
  });
  console.log(`${requests.length} requests, ${foreign.length} to other origins`);
  expect(foreign).toEqual([]);
  // The recorder sees the worker's fetches too (otherwise this test would prove little).
  expect(requests.some((url) => url.includes(`/models/${modelId}/model.json`))).toBe(true);
  expect(requests.some((url) => url.includes('/samples/'))).toBe(true);
});
