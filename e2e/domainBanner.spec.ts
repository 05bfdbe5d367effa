import { expect, test } from '@playwright/test';
import { ifimState, logConsoleErrors, waitForAnalysis } from './helpers';

/**
 * The domain check on the page (wasm: the backend does not matter here): a histology tile opened
 * with the chest-radiograph model gets the plain-language banner, in window.ifim.state().warnings
 * too; a chest radiograph of the model's own kind gets none.
 */
test('an out-of-domain image shows the banner, an in-domain one none', async ({ page }) => {
  logConsoleErrors(page);
  await page.addInitScript(() => localStorage.setItem('ifim-viewer:view:v1', JSON.stringify({ tourDone: true })));
  await page.goto('/?model=chest-cnn&sample=histo-normal-01&backend=wasm');
  await waitForAnalysis(page);
  const out = await ifimState(page);
  const codes = out.warnings.filter((w) => w.code !== 'page').map((w) => w.code);
  console.log(`histology on chest-cnn: ${codes.join(', ')}`);
  expect(codes.length).toBeGreaterThan(0);
  await expect(page.getByTestId('domain-banner')).toBeVisible();
  await expect(page.getByTestId('domain-banner')).toContainText('unlike the images this model was trained on');

  await page.goto('/?model=chest-cnn&sample=chest-nodule-left-lung-01&backend=wasm');
  await waitForAnalysis(page);
  const inDomain = (await ifimState(page)).warnings.filter((w) => w.code !== 'page');
  expect(inDomain).toEqual([]);
  await expect(page.getByTestId('domain-banner')).toHaveCount(0);
});
