import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { expect, test } from '@playwright/test';
import { E2E_BACKEND, demoModelId, dismissTour, ifimState, logConsoleErrors } from './helpers';

const ROOT = join(import.meta.dirname, '..');

async function settled(page: Page, name: string) {
  await page.waitForFunction((n) => {
    const s = window.ifim?.state();
    return !!s && s.decoding === null && s.status !== 'running' && (s.image?.name === n || s.notices.some((x) => x.text.includes(n)));
  }, name, { timeout: 120_000 });
  return ifimState(page);
}

/**
 * Opening files: a PNG dropped on the window, a DICOM through the file input, then a broken file —
 * which is named in a notice while the previous image stays analysed.
 */
test('drop a PNG, open a DICOM, refuse a broken file', async ({ page, request }) => {
  test.setTimeout(300_000);
  logConsoleErrors(page);
  const modelId = await demoModelId(request);
  await page.goto(`/?model=${modelId}&backend=${E2E_BACKEND}`);
  await page.waitForFunction(() => window.ifim?.state().status === 'idle' && window.ifim.state().backend !== null, undefined, { timeout: 120_000 });

  // A drop on the window, as from the file manager.
  const pngBytes = await readFile(join(ROOT, 'public/samples/lumpy-ske/lumpy-ske-present-01.png'));
  await page.evaluate(
    ([bytes, name]) => {
      const transfer = new DataTransfer();
      transfer.items.add(new File([new Uint8Array(bytes)], name, { type: 'image/png' }));
      window.dispatchEvent(new DragEvent('dragenter', { dataTransfer: transfer, bubbles: true, cancelable: true }));
      window.dispatchEvent(new DragEvent('drop', { dataTransfer: transfer, bubbles: true, cancelable: true }));
    },
    [Array.from(pngBytes), 'dropped-lumpy.png'] as const,
  );
  const png = await settled(page, 'dropped-lumpy.png');
  expect(png.status).toBe('done');
  expect(png.image).toMatchObject({ source: 'file', format: 'png', width: 64, height: 64, bitDepth: 16 });
  expect(png.sampleId).toBeNull();
  expect(png.eigenvalues[0]).toBeGreaterThan(0);
  await dismissTour(page);

  // A CT DICOM: decoded off the main thread; its tags in the (collapsed) information panel.
  await page.getByTestId('file-input').setInputFiles(join(ROOT, 'test-fixtures/images/ct-explicit-le.dcm'));
  const ct = await settled(page, 'ct-explicit-le.dcm');
  expect(ct.status).toBe('done');
  expect(ct.image).toMatchObject({ source: 'file', format: 'dicom', modality: 'CT' });
  await page.getByTestId('image-info').locator('summary').first().click();
  await expect(page.getByTestId('image-tags')).toContainText('Explicit VR Little Endian');
  await expect(page.getByTestId('image-tags')).toContainText('Photometric interpretation');
  await expect(page.getByTestId('patient-tags')).not.toHaveAttribute('open');
  await expect(page.getByTestId('window-preset').locator('option', { hasText: 'CT Lung' })).toHaveCount(1);
  // Presets 1–5 carry their hotkey in the label ("5: …"); the option is chosen by its id.
  await expect(page.getByTestId('window-preset').locator('option[value="ct-lung"]')).toContainText('CT Lung (W 1500 / L -600)');
  await page.getByTestId('window-preset').selectOption('ct-lung');
  expect((await ifimState(page)).view.window).toEqual({ low: -1350, high: 150 });

  // A broken file: a clear notice naming it; the CT stays loaded and analysed.
  await page.getByTestId('file-input').setInputFiles(join(ROOT, 'test-fixtures/images/truncated.png'));
  const broken = await settled(page, 'truncated.png');
  expect(broken.status).toBe('done');
  expect(broken.image?.name).toBe('ct-explicit-le.dcm');
  expect(broken.eigenvalues).toEqual(ct.eigenvalues);
  const notice = broken.notices.at(-1);
  expect(notice?.level).toBe('error');
  expect(notice?.text).toMatch(/truncated\.png.*truncated/);
  await expect(page.getByTestId('notices')).toContainText('truncated.png');

  // A multi-frame DICOM: the frame picker analyses another frame.
  await page.getByTestId('file-input').setInputFiles(join(ROOT, 'test-fixtures/images/multiframe-explicit-le.dcm'));
  const multi = await settled(page, 'multiframe-explicit-le.dcm');
  expect(multi.image).toMatchObject({ frame: 0, frameCount: 3, modality: 'MR' });
  await page.getByTestId('frame-slider').fill('3');
  await page.waitForFunction(() => window.ifim?.state().image?.frame === 2 && window.ifim.state().status === 'done');
  expect((await ifimState(page)).probabilities).not.toEqual(multi.probabilities);
});
