import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { Page } from '@playwright/test';
import { expect, test } from '@playwright/test';
import type { AutomationState } from '../src/app/automation';
import { COLUMNS, ROWS, enhancedStack } from '../src/io/dicom/testing/volumeStack';
import { dismissTour, ifimState, logConsoleErrors } from './helpers';

const run = promisify(execFile);
const ROOT = join(import.meta.dirname, '..');
const MODEL = 'clb-loc-cnn';
// nibabel wrote it (test-fixtures/volumes/expected.json): 16 × 12 × 6 voxels, RAS+, uint8.
const VOLUME = join('test-fixtures', 'volumes', 'ras-uint8.nii.gz');
const DIMS = { sagittal: 16, coronal: 12, axial: 6 } as const;

type Slice = NonNullable<NonNullable<AutomationState['image']>['slice']>;

/** Waits until the shown slice is `index` of `axis` and its analysis has finished. */
async function analysedSlice(page: Page, axis: string, index: number): Promise<AutomationState> {
  await page.waitForFunction(
    ([a, i]) => {
      const s = window.ifim?.state();
      return !!s && s.status !== 'running' && s.image?.slice?.axis === a && s.image.slice.index === i;
    },
    [axis, index] as const,
    { timeout: 240_000 },
  );
  const state = await ifimState(page);
  expect(state.error).toBeNull();
  expect(state.status).toBe('done');
  return state;
}

async function cliSlice(axis: string, index: number, volume = VOLUME): Promise<{ eigenvalues: number[]; rank: number; probabilities: number[]; image: { slice: Slice } }> {
  const out = await mkdtemp(join(tmpdir(), 'ifim-e2e-volume-'));
  try {
    await run('npx', ['ifim', 'analyze', '--model', MODEL, '--image', volume, '--slice', String(index), '--axis', axis, '--out', out, '--backend', 'wasm'], { cwd: ROOT, timeout: 240_000 });
    return JSON.parse(await readFile(join(out, 'result.json'), 'utf8'));
  } finally {
    await rm(out, { recursive: true, force: true });
  }
}

function expectSameAnalysis(page: AutomationState, cli: Awaited<ReturnType<typeof cliSlice>>, what: string): number {
  // The page names the slice exactly as result.json's image.slice does.
  expect(page.image?.slice).toEqual(cli.image.slice);
  expect(page.rank).toBe(cli.rank);
  const errors = cli.eigenvalues.slice(0, cli.rank).map((c, i) => Math.abs(page.eigenvalues[i] - c) / Math.abs(c));
  console.log(`${what}: eigenvalues page ${JSON.stringify(page.eigenvalues.slice(0, cli.rank))}, cli ${JSON.stringify(cli.eigenvalues.slice(0, cli.rank))}, relative differences ${JSON.stringify(errors)}`);
  for (const [i, e] of errors.entries()) expect(e, `${what} λ${i + 1}`).toBeLessThan(1e-3);
  for (let c = 0; c < cli.probabilities.length; c++) expect(page.probabilities[c]).toBeCloseTo(cli.probabilities[c], 4);
  return Math.max(...errors);
}

test('a NIfTI volume: planes, slice slider and keys, orientation labels, each slice analysed as `ifim analyze --slice --axis` (wasm)', async ({ page }) => {
  test.setTimeout(600_000);
  logConsoleErrors(page);
  await page.goto(`/?model=${MODEL}&backend=wasm`);
  await page.waitForFunction(() => window.ifim?.state().backend != null && window.ifim.state().status !== 'running', undefined, { timeout: 120_000 });
  await dismissTour(page);
  await page.getByTestId('file-input').setInputFiles(join(ROOT, VOLUME));

  // Opens at the middle axial slice, as the CLI does without --slice.
  const first = await analysedSlice(page, 'axial', 3);
  expect(first.image?.slice).toEqual({ axis: 'axial', index: 3, count: DIMS.axial, edgeLabels: { left: 'R', right: 'L', top: 'A', bottom: 'P' } });
  await expect(page.getByTestId('input-panel')).toContainText('axial slice 3 (0–5)');
  const slider = page.getByTestId('slice-slider');
  await expect(slider).toHaveAttribute('min', '0');
  await expect(slider).toHaveAttribute('max', String(DIMS.axial - 1));
  for (const [edge, label] of [['left', 'R'], ['right', 'L'], ['top', 'A'], ['bottom', 'P']] as const) await expect(page.getByTestId(`orientation-${edge}`)).toHaveText(label);

  // Keys step the slice; the analysis follows the shown slice.
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  await page.keyboard.press('PageDown');
  const next = await analysedSlice(page, 'axial', 4);
  expect(next.eigenvalues).not.toEqual(first.eigenvalues);
  await page.keyboard.press('ArrowUp');
  await page.keyboard.press('ArrowUp');
  const back = await analysedSlice(page, 'axial', 2);
  expect(back.eigenvalues).not.toEqual(next.eigenvalues);
  const axialError = expectSameAnalysis(back, await cliSlice('axial', 2), 'axial slice 2');

  // A rotation turns the labels with the image.
  await page.getByTestId('rotate').click();
  await expect(page.getByTestId('orientation-right')).toHaveText('A');
  await expect(page.getByTestId('orientation-top')).toHaveText('R');
  await page.getByTestId('reset-view').click();
  await expect(page.getByTestId('orientation-left')).toHaveText('R');

  // Coronal: another range, other labels; the slider picks a slice.
  await page.getByTestId('volume-axis-coronal').click();
  await analysedSlice(page, 'coronal', DIMS.coronal / 2);
  await expect(slider).toHaveAttribute('max', String(DIMS.coronal - 1));
  for (const [edge, label] of [['left', 'R'], ['right', 'L'], ['top', 'S'], ['bottom', 'I']] as const) await expect(page.getByTestId(`orientation-${edge}`)).toHaveText(label);
  await slider.fill('9');
  const coronal = await analysedSlice(page, 'coronal', 9);
  expect(coronal.image?.slice).toMatchObject({ axis: 'coronal', index: 9, count: DIMS.coronal });
  const coronalError = expectSameAnalysis(coronal, await cliSlice('coronal', 9), 'coronal slice 9');

  // Sagittal: its range and labels (screen right = posterior).
  await page.getByTestId('volume-axis-sagittal').click();
  await analysedSlice(page, 'sagittal', DIMS.sagittal / 2);
  await expect(slider).toHaveAttribute('max', String(DIMS.sagittal - 1));
  for (const [edge, label] of [['left', 'A'], ['right', 'P'], ['top', 'S'], ['bottom', 'I']] as const) await expect(page.getByTestId(`orientation-${edge}`)).toHaveText(label);
  console.log(`largest relative eigenvalue difference page vs CLI: axial ${axialError}, coronal ${coronalError}`);
});

test('a multi-frame DICOM with frame geometry opens as a volume: planes, labels, and the CLI’s slice (wasm)', async ({ page }) => {
  test.setTimeout(600_000);
  logConsoleErrors(page);
  const dir = await mkdtemp(join(tmpdir(), 'ifim-e2e-dicom-volume-'));
  try {
    // A sagittal stack written by the fixture writer: rows run posterior, columns inferior, 4 frames stepping left.
    const file = join(dir, 'sagittal-stack.dcm');
    await writeFile(file, enhancedStack([0, 1, 0, 0, 0, -1], [0, 1, 2, 3].map((f) => [5 + 2.5 * f, -20, 40])));
    await page.goto(`/?model=${MODEL}&backend=wasm`);
    await page.waitForFunction(() => window.ifim?.state().backend != null && window.ifim.state().status !== 'running', undefined, { timeout: 120_000 });
    await dismissTour(page);
    await page.getByTestId('file-input').setInputFiles(file);
    // Axial slices cut across the frames: one per row of the stored frames.
    const axial = await analysedSlice(page, 'axial', Math.floor(ROWS / 2));
    expect(axial.image?.slice).toEqual({ axis: 'axial', index: 2, count: ROWS, edgeLabels: { left: 'R', right: 'L', top: 'A', bottom: 'P' } });
    expect([axial.image?.width, axial.image?.height]).toEqual([4, COLUMNS]);
    await page.getByTestId('volume-axis-sagittal').click();
    await analysedSlice(page, 'sagittal', 2);
    await expect(page.getByTestId('slice-slider')).toHaveAttribute('max', '3');
    for (const [edge, label] of [['left', 'A'], ['right', 'P'], ['top', 'S'], ['bottom', 'I']] as const) await expect(page.getByTestId(`orientation-${edge}`)).toHaveText(label);
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    await page.keyboard.press('ArrowUp');
    const sagittal = await analysedSlice(page, 'sagittal', 1);
    expect([sagittal.image?.width, sagittal.image?.height]).toEqual([COLUMNS, ROWS]);
    expectSameAnalysis(sagittal, await cliSlice('sagittal', 1, file), 'DICOM sagittal slice 1');
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
