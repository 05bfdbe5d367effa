import { expect, test } from '@playwright/test';
import { analysisUrl, demoModelId, logConsoleErrors, lumpySample, waitForAnalysis } from './helpers';

const RUNS = 20;

test(`${RUNS} analyses in a row leave no tensor behind`, async ({ page, request }) => {
  test.setTimeout(600_000);
  logConsoleErrors(page);
  await page.goto(analysisUrl(await demoModelId(request), (await lumpySample(request)).id));
  await waitForAnalysis(page);

  const memory = () => page.evaluate(() => window.ifim!.memory());
  const afterFirst = await memory();
  const counts: number[] = [];
  const totals: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const state = await page.evaluate(() => window.ifim!.analyze());
    expect(state.status).toBe('done');
    counts.push((await memory()).numTensors);
    totals.push(state.timingsMs.total ?? NaN);
  }
  const final = await memory();
  console.log(`numTensors after the first analysis ${afterFirst.numTensors}, after each of ${RUNS} more: ${counts.join(' ')}; engine ms: ${totals.map(Math.round).join(' ')}`);
  expect(final.numTensors).toBe(afterFirst.numTensors);
  expect(final.numBytes).toBe(afterFirst.numBytes);
  expect(new Set(counts).size).toBe(1);
});
