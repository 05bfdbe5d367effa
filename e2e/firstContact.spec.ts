import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { expect, test } from '@playwright/test';
import { ifimState, logConsoleErrors, waitForAnalysis } from './helpers';

/**
 * First contact: the bare root URL opens the default demo (the chest radiograph with all findings)
 * and offers the tour, each step beside its target, never over it, inside the window; importing a
 * model then drops the demo's ground truth (it belongs to the previous model's task).
 */
const ROOT = join(import.meta.dirname, '..');

test.use({ viewport: { width: 1440, height: 900 } });

const overlaps = (a: { x: number; y: number; width: number; height: number }, b: { x: number; y: number; width: number; height: number }): boolean =>
  a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

async function tourStepTarget(page: Page): Promise<string> {
  const title = (await page.locator('#tour-title').textContent()) ?? '';
  const targets: Record<string, string> = { 'The image': 'image', 'The most sensitive direction': 'eigenvector', 'Scrub through the directions': 'scrub', 'How sensitive': 'spectrum', 'Take a step': 'walk' };
  const target = targets[title];
  if (!target) throw new Error(`unknown tour step "${title}"`);
  return target;
}

test('the bare root URL opens the chest demo and its tour, every step beside its target', async ({ page }) => {
  logConsoleErrors(page);
  await page.goto('/');
  const s = await waitForAnalysis(page);
  expect(s.modelId).toBe('chest-cnn');
  expect(s.sampleId).toBe('chest-all-findings-01');
  expect(s.image?.hasGroundTruth).toBe(true);
  expect(new URL(page.url()).pathname).toBe('/');
  const tour = page.getByTestId('tour');
  await expect(tour).toBeVisible();
  const viewport = page.viewportSize()!;
  for (let step = 1; step <= 5; step++) {
    await expect(tour).toContainText(`Tour ${step} of 5`);
    const target = await tourStepTarget(page);
    const targetBox = (await page.locator(`[data-tour="${target}"]`).boundingBox())!;
    // The box is placed after layout: poll until it has its final place.
    await expect.poll(async () => overlaps((await tour.boundingBox())!, targetBox), { message: `tour step ${step} covers ${target}` }).toBe(false);
    const t = (await tour.boundingBox())!;
    expect(t.x).toBeGreaterThanOrEqual(0);
    expect(t.y).toBeGreaterThanOrEqual(0);
    expect(t.x + t.width).toBeLessThanOrEqual(viewport.width);
    expect(t.y + t.height).toBeLessThanOrEqual(viewport.height);
    await expect(page.locator(`[data-tour="${target}"]`)).toHaveClass(/tour-highlight/);
    if (step < 5) await page.getByTestId('tour-next').click();
  }
  await page.getByTestId('tour-skip').click();
  await expect(tour).toBeHidden();
});

/** Pixels of the image canvas in the outline's yellow (a gray radiograph has none of its own). */
function yellowPixels(page: Page): Promise<number> {
  return page.getByTestId('input-canvas').evaluate((element) => {
    const c = element as HTMLCanvasElement;
    const d = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
    let n = 0;
    for (let i = 0; i < d.length; i += 4) if (d[i] > 200 && d[i + 1] > 170 && d[i + 2] < 130) n++;
    return n;
  });
}

test('importing a model clears the demo’s ground truth and its outline', async ({ page }) => {
  logConsoleErrors(page);
  await page.addInitScript(() => localStorage.setItem('ifim-viewer:view:v1', JSON.stringify({ tourDone: true })));
  await page.goto('/?model=chest-cnn&sample=chest-all-findings-01&backend=wasm');
  const demo = await waitForAnalysis(page);
  expect(demo.image?.hasGroundTruth).toBe(true);
  await expect(page.locator('#caption-image')).toContainText('yellow outline: ground truth');
  expect(await yellowPixels(page)).toBeGreaterThan(20);

  await page.getByTestId('tools-toggle').click();
  const dir = join(ROOT, 'test-fixtures/models/layers-twin');
  await page.getByTestId('model-files-input').setInputFiles((await readdir(dir)).map((f) => join(dir, f)));
  await expect.poll(async () => {
    const s = await ifimState(page);
    return s.modelId !== demo.modelId && s.status === 'done';
  }, { timeout: 120_000 }).toBe(true);
  const imported = await ifimState(page);
  expect(imported.modelId).toMatch(/^file:/);
  expect(imported.image?.name).toBe(demo.image?.name);
  expect(imported.image?.hasGroundTruth).toBe(false);
  await expect(page.locator('#caption-image')).not.toContainText('ground truth');
  await expect(page.locator('#caption-image')).not.toContainText('outline');
  await expect.poll(() => yellowPixels(page)).toBe(0);
});
