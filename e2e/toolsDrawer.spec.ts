import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Page } from '@playwright/test';
import { expect, test } from '@playwright/test';

/**
 * The tools drawer in the app, on the real store and worker: a model brought as files replaces the demo model and is analysed; a broken one is
 * refused with its problem named while the model in use keeps working; a small perturbation
 * study on the current image shows its fitted slopes. wasm keeps it fast.
 */
const FIXTURES = resolve(import.meta.dirname, '../test-fixtures/models');
const PAGE = '/?model=lumpy-ske-cnn&sample=lumpy-ske-present-01&backend=wasm';

/** The page's status and model id, read through the automation handle. */
function pageState(page: Page): Promise<{ status: string; modelId: string | null }> {
  return page.evaluate(() => {
    const s = window.ifim!.state();
    return { status: s.status, modelId: s.modelId };
  });
}

test('model import and the perturbation study in the tools drawer', async ({ page }) => {
  test.setTimeout(120_000);
  page.on('pageerror', (e) => console.log('page error:', e.message));
  await page.goto(PAGE);
  await expect.poll(() => pageState(page), { timeout: 60_000 }).toEqual({ status: 'done', modelId: 'lumpy-ske-cnn' });
  await page.getByTestId('tools-toggle').click();

  // (a) layers-twin as model.json + weights + metadata.json: it becomes the page's model and is analysed.
  await page.getByTestId('model-files-input').setInputFiles(['model.json', 'weights.bin', 'metadata.json'].map((f) => resolve(FIXTURES, 'layers-twin', f)));
  await expect(page.getByTestId('model-import-current')).toContainText('Twin CNN (LayersModel)');
  await expect.poll(() => pageState(page)).toEqual({ status: 'done', modelId: 'file:fixture-twin-layers' });
  await expect(page.getByTestId('model-import-memory')).toContainText('Jacobian: 3 ×');
  await expect(page.getByTestId('recent-models')).toContainText('Twin CNN (LayersModel)');

  // A truncated shard: refused, the file and problem named, the twin model still in use.
  await page.getByTestId('model-files-input').setInputFiles(['model.json', 'weights.bin'].map((f) => resolve(FIXTURES, 'broken-truncated-shard', f)));
  const problem = page.getByTestId('model-import-problem');
  await expect(problem).toBeVisible();
  await expect(problem).toContainText('weights.bin');
  await expect(page.getByTestId('model-import-kept')).toContainText('Twin CNN (LayersModel)');
  expect((await pageState(page)).modelId).toBe('file:fixture-twin-layers');

  // (b) The study runs on the model in use (the twin: it still works) and shows its slopes.
  await page.getByRole('tab', { name: 'Evidence' }).click();
  await page.getByTestId('study-epsilons').fill('0.001, 0.01, 0.1, 1');
  await page.getByTestId('study-draws').fill('2');
  await page.getByTestId('study-run').click();
  const slopes = page.getByTestId('evidence-slopes');
  await expect(slopes).toBeVisible({ timeout: 60_000 });
  await expect(page.getByTestId('slope-leading')).toHaveText(/^\d+\.\d\d|noise floor|too few/);
  await expect(page.getByTestId('study-result').locator('img')).toHaveAttribute('src', /^data:image\/svg\+xml/);
  await expect(page.getByTestId('evidence-error')).toHaveCount(0);

  // Attribution maps beside |v_1|, their deletion/insertion areas, the randomisation table.
  await page.getByTestId('attribution-run').click();
  await expect(page.getByTestId('attribution-maps').locator('figure')).toHaveCount(8, { timeout: 60_000 });
  await expect(page.getByTestId('attribution-maps')).toContainText('ifim |v_1|');
  await page.getByTestId('deletion-run').click();
  await expect(page.getByTestId('deletion-table')).toContainText('random', { timeout: 60_000 });
  await page.getByTestId('sanity-run').click();
  await expect(page.getByTestId('sanity-table')).toBeVisible({ timeout: 60_000 });
  await expect(page.getByTestId('evidence-error')).toHaveCount(0);
});

test('a tiny data-set study on the demo model shows its table and plots', async ({ page }) => {
  test.setTimeout(120_000);
  page.on('pageerror', (e) => console.log('page error:', e.message));
  await page.goto(PAGE);
  await expect.poll(() => pageState(page), { timeout: 60_000 }).toEqual({ status: 'done', modelId: 'lumpy-ske-cnn' });
  await page.getByTestId('tools-toggle').click();
  await page.getByRole('tab', { name: 'Evidence' }).click();
  await expect(page.getByTestId('dataset-study')).toContainText('task lumpy-ske');
  await page.getByTestId('dataset-count').fill('8');
  await page.getByTestId('dataset-epsilons').fill('0.01, 0.1, 1');
  await page.getByTestId('dataset-draws').fill('1');
  await page.getByTestId('dataset-run').click();
  const table = page.getByTestId('dataset-table');
  await expect(table).toBeVisible({ timeout: 90_000 });
  await expect(table.locator('tr[data-family="leading"]')).toHaveCount(3);
  await expect(table.locator('tr[data-family="isotropic"]')).toHaveCount(3);
  await expect(page.getByTestId('dataset-result').locator('img')).toHaveCount(2);
  await expect(page.getByTestId('dataset-result')).toContainText('8 held-out images of task lumpy-ske');
  await expect(page.getByTestId('evidence-error')).toHaveCount(0);
});

test('the data-set study on chosen images and a labels CSV; a CSV naming a missing file is named', async ({ page }) => {
  test.setTimeout(180_000);
  page.on('pageerror', (e) => console.log('page error:', e.message));
  const dir = await mkdtemp(join(tmpdir(), 'ifim-labels-'));
  const samples = resolve(import.meta.dirname, '../public/samples/lumpy-ske');
  const names = ['lumpy-ske-absent-01.png', 'lumpy-ske-absent-02.png', 'lumpy-ske-present-01.png', 'lumpy-ske-present-02.png'];
  const bad = join(dir, 'missing.csv');
  await writeFile(bad, 'file,label\nlumpy-ske-absent-01.png,absent\nnot-there.png,present\n');
  const good = join(dir, 'labels.csv');
  await writeFile(good, `file,label\n${names.map((n) => `${n},${n.includes('present') ? 'present' : 'absent'}`).join('\n')}\n`);
  await page.goto(PAGE);
  await expect.poll(() => pageState(page), { timeout: 60_000 }).toEqual({ status: 'done', modelId: 'lumpy-ske-cnn' });
  await page.getByTestId('tools-toggle').click();
  await page.getByRole('tab', { name: 'Evidence' }).click();
  await page.getByTestId('dataset-source-files').check();
  await page.getByTestId('dataset-images').setInputFiles(names.map((n) => join(samples, n)));
  await page.getByTestId('dataset-labels').setInputFiles(bad);
  await expect(page.getByTestId('dataset-files-summary')).toContainText('4 images; labels: missing.csv');
  await page.getByTestId('dataset-epsilons').fill('0.01, 1');
  await page.getByTestId('dataset-draws').fill('1');
  await page.getByTestId('dataset-run').click();
  await expect(page.getByTestId('evidence-error')).toContainText('missing.csv line 3: names "not-there.png", which is not among the images given', { timeout: 60_000 });
  await page.getByTestId('dataset-labels').setInputFiles(good);
  await page.getByTestId('dataset-run').click();
  const table = page.getByTestId('dataset-table');
  await expect(table).toBeVisible({ timeout: 120_000 });
  await expect(table.locator('tr[data-family="leading"]')).toHaveCount(2);
  await expect(page.getByTestId('dataset-result')).toContainText('4 images labelled by labels.csv');
  await expect(page.getByTestId('evidence-error')).toHaveCount(0);
});

test('?modelUrl opens a model from a URL at boot and analyses the sample; a failed fetch is named', async ({ page }) => {
  test.setTimeout(120_000);
  page.on('pageerror', (e) => console.log('page error:', e.message));
  await page.goto('/?modelUrl=/test-fixtures/models/layers-twin/model.json&sample=lumpy-ske-present-01&backend=wasm');
  await expect.poll(() => pageState(page), { timeout: 60_000 }).toEqual({ status: 'done', modelId: 'file:fixture-twin-layers' });
  // The link keeps the model's URL while that model is in use.
  expect(new URL(page.url()).searchParams.get('modelUrl')).toBe('/test-fixtures/models/layers-twin/model.json');
  await page.getByTestId('tools-toggle').click();
  await expect(page.getByTestId('model-import-current')).toContainText('Twin CNN (LayersModel)');

  // A URL that cannot be fetched: the problem is named and the booted demo model stays in use.
  await page.goto('/?modelUrl=http://127.0.0.1:9/nothing/model.json&model=lumpy-ske-cnn&sample=lumpy-ske-present-01&backend=wasm');
  await page.getByTestId('tools-toggle').click();
  await expect(page.getByTestId('model-import-problem')).toBeVisible({ timeout: 60_000 });
  await expect(page.getByTestId('model-import-problem')).toContainText(/CORS|network|fetch/i);
  await expect.poll(() => pageState(page), { timeout: 60_000 }).toEqual({ status: 'done', modelId: 'lumpy-ske-cnn' });
});

test('a 40-class model offers the top-m analysis: kept classes and the share of tr F, with m raised', async ({ page }) => {
  test.setTimeout(180_000);
  page.on('pageerror', (e) => console.log('page error:', e.message));
  await page.goto('/?modelUrl=/test-fixtures/models/layers-40-classes/model.json&sample=lumpy-ske-present-01&backend=wasm');
  await expect.poll(() => pageState(page).then((s) => s.status), { timeout: 90_000 }).toBe('done');
  await page.getByTestId('tools-toggle').click();
  const card = page.getByTestId('top-class');
  await expect(card).toContainText('40 classes');
  await page.getByTestId('top-class-run').click();
  await expect(page.getByTestId('top-class-result')).toBeVisible({ timeout: 90_000 });
  await expect(page.getByTestId('top-class-m-used')).toHaveText('32');
  await expect(page.getByTestId('top-class-share')).toContainText(/\d+\.\d% ± \d+\.\d%/);
  await page.getByTestId('top-class-m').fill('36');
  await page.getByTestId('top-class-run').click();
  await expect(page.getByTestId('top-class-m-used')).toHaveText('36', { timeout: 90_000 });
  await expect(page.getByTestId('top-class-kept')).toContainText('Kept:');
  await expect(page.getByTestId('top-class-error')).toHaveCount(0);
});
