import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { Page } from '@playwright/test';
import { expect, test } from '@playwright/test';
import { E2E_BACKEND, demoModelId, dismissTour, ifimState } from './helpers';

/**
 * The fixture corpus through the app's file input: every compressed and uncompressed DICOM transfer
 * syntax, colour and MONOCHROME1 files and the raster formats are decoded (in the decode worker)
 * and analysed; every kind of broken file is refused with a notice naming it while the image
 * already loaded stays analysed. The app and `ifim inspect` agree on every image's size.
 */
const ROOT = join(import.meta.dirname, '..');
const IMAGES = join(ROOT, 'test-fixtures', 'images');
const run = promisify(execFile);

async function inspect(file: string): Promise<{ width: number; height: number }> {
  const { stdout } = await run(process.execPath, [join(ROOT, 'bin', 'ifim.mjs'), 'inspect', '--image', join(IMAGES, file), '--json'], { cwd: ROOT });
  return JSON.parse(stdout);
}

const GOOD: Array<[file: string, format: string]> = [
  ['ct-implicit-le.dcm', 'dicom'],
  ['ct-big-endian.dcm', 'dicom'],
  ['ct-deflated.dcm', 'dicom'],
  ['ct-rle.dcm', 'dicom'],
  ['mono8-jpeg-baseline.dcm', 'dicom'],
  ['ct12-jpeg-extended.dcm', 'dicom'],
  ['gray12-jpeg-lossless-p14.dcm', 'dicom'],
  ['ct-jpeg-lossless-sv1.dcm', 'dicom'],
  ['ct-jpeg-ls.dcm', 'dicom'],
  ['gray12-jpeg-ls-near.dcm', 'dicom'],
  ['ct-j2k-lossless.dcm', 'dicom'],
  ['gray12-j2k-lossy.dcm', 'dicom'],
  ['mono1-explicit-le.dcm', 'dicom'],
  ['ybr-full-planar.dcm', 'dicom'],
  ['ct-no-preamble.dcm', 'dicom'],
  ['rgb8.png', 'png'],
  ['rgb24.bmp', 'bmp'],
  ['tiny.gif', 'gif'],
];

const BROKEN: Array<[file: string, problem: RegExp]> = [
  ['empty.dcm', /empty/i],
  ['truncated.dcm', /truncated/i],
  ['text-renamed.png', /not/i],
  ['text-renamed.dcm', /not/i],
  ['mpeg2-unsupported.dcm', /1\.2\.840\.10008\.1\.2\.4\.100|MPEG/i],
  ['huge-dimensions.png', /refused|too large/i],
  ['huge-dimensions.dcm', /refused|too large/i],
  ['corrupt-jpeg-ls.dcm', /corrupt|JPEG-LS/i],
  ['sr-basic-text.dcm', /no pixel data|SR/i],
];

async function open(page: Page, file: string) {
  await page.getByTestId('file-input').setInputFiles(join(IMAGES, file));
  await page.waitForFunction(
    (n) => {
      const s = window.ifim?.state();
      return !!s && s.decoding === null && s.status !== 'running' && (s.image?.name === n || s.notices.some((x) => x.text.includes(n)));
    },
    file,
    { timeout: 120_000 },
  );
  return ifimState(page);
}

test('every fixture image opens and is analysed; every broken one is refused without losing the image', async ({ page, request }) => {
  test.setTimeout(400_000);
  const modelId = await demoModelId(request);
  await page.goto(`/?model=${modelId}&backend=${E2E_BACKEND}`);
  await page.waitForFunction(() => window.ifim?.state().status === 'idle' && window.ifim.state().backend !== null, undefined, { timeout: 120_000 });
  await dismissTour(page);

  for (const [file, format] of GOOD) {
    const state = await open(page, file);
    expect(state.error, file).toBeNull();
    expect(state.status, file).toBe('done');
    expect(state.image?.name).toBe(file);
    expect(state.image?.format, file).toBe(format);
    if (format !== 'gif') {
      // GIF decodes through the browser only; the CLI refuses it in Node.
      const facts = await inspect(file);
      expect([state.image?.width, state.image?.height], file).toEqual([facts.width, facts.height]);
    }
    expect(state.eigenvalues[0], file).toBeGreaterThan(0);
  }

  const kept = await ifimState(page);
  for (const [file, problem] of BROKEN) {
    const state = await open(page, file);
    const notice = state.notices.at(-1);
    expect(notice?.level, file).toBe('error');
    expect(notice?.text, file).toContain(file);
    expect(notice?.text, file).toMatch(problem);
    expect(state.image?.name, `${file} replaced the image`).toBe(kept.image?.name);
    expect(state.eigenvalues).toEqual(kept.eigenvalues);
  }
});
