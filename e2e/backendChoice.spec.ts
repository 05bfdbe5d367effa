import { expect, test } from '@playwright/test';
import { demoModelId, lumpySample, waitForAnalysis } from './helpers';

/**
 * backend=auto prefers WebGPU → WebGL → WASM → CPU but passes over a GPU backend whose device is a
 * software rasteriser. Which backend is right depends on the machine, so the test asks the browser
 * what its WebGPU adapter is and checks the choice against that.
 */
test('automatic backend choice passes over software GPUs', async ({ page, request }) => {
  const modelId = await demoModelId(request);
  const sample = await lumpySample(request);
  await page.goto(`/?model=${modelId}&sample=${sample.id}`);
  const adapter = await page.evaluate(async () => {
    const a = await navigator.gpu?.requestAdapter();
    const info = (a as unknown as { info?: { vendor?: string; architecture?: string } } | null)?.info;
    return a ? `${info?.vendor ?? ''} ${info?.architecture ?? ''}` : null;
  });
  const state = await waitForAnalysis(page);
  if (adapter && !/swiftshader|llvmpipe|lavapipe/i.test(adapter)) {
    expect(state.backend).toBe('webgpu');
  } else {
    // No hardware WebGPU: the choice is a hardware WebGL device if there is one, else WASM; never a
    // software rasteriser.
    expect(state.backend).not.toBe('webgpu');
    expect(state.backendSoftware).toBe(false);
  }
  console.log(`adapter: ${adapter}; chosen: ${state.backend} (${state.backendDevice})`);
});
