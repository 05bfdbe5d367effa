import { expect, test } from '@playwright/test';

/**
 * Every backend's logit Jacobian against the cpu backend's, in a real browser: cpu, wasm (with
 * the project's gradient kernels), webgl and webgpu. The first test model pools before its ReLU,
 * so max-pooling windows see all-negative inputs.
 */
test('the batched Jacobian agrees with cpu on wasm, webgl and webgpu', async ({ page }) => {
  test.setTimeout(180_000);
  await page.goto('/e2e/harness/backends.html');
  const rows = await page.evaluate(() => (window as unknown as { backendAgreement: Promise<unknown[]> }).backendAgreement);
  const table = rows as Array<{ arch: string; backend: string; device: string; maxAbsJacobian: number; maxAbsDiffFromCpu: number; error?: string }>;
  console.log(table.map((r) => `${r.arch} ${r.backend} (${r.device}): max|J| ${r.maxAbsJacobian.toExponential(3)}, max diff ${r.maxAbsDiffFromCpu.toExponential(3)}${r.error ? ` ERROR ${r.error}` : ''}`).join('\n'));
  expect(table).toHaveLength(8);
  for (const row of table) {
    expect(row.error, `${row.arch} on ${row.backend}`).toBeUndefined();
    expect(row.maxAbsJacobian).toBeGreaterThan(1e-3);
    expect(row.maxAbsDiffFromCpu, `${row.arch} on ${row.backend}`).toBeLessThan(1e-4 * row.maxAbsJacobian);
  }
  expect(table.map((r) => r.backend)).toEqual(['cpu', 'wasm', 'webgl', 'webgpu', 'cpu', 'wasm', 'webgl', 'webgpu']);
});
