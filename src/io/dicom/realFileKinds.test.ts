import { describe, expect, it } from 'vitest';
import { decodeNpy } from '../npy';
import { decodeDicom } from './decodeDicom';
import { readFixture } from './testing/fixtureFiles';
import { ctHounsfield } from './testing/fixturePixels';

/**
 * The kinds of real DICOM files that failed (issue 14), as small fixtures made by
 * scripts/make-image-fixtures.ts, against an independent decoder's values saved beside each
 * (scripts/dicom-reference-values.py: libjpeg-turbo's djpeg, cross-checked with pydicom + Pillow).
 * Lossy colour may differ by 1 (the colour conversion's rounding); everything else exactly.
 */
const maxAbsDiff = (a: ArrayLike<number>, b: ArrayLike<number>): number => {
  expect(a.length).toBe(b.length);
  let max = 0;
  for (let i = 0; i < a.length; i++) max = Math.max(max, Math.abs(a[i] - b[i]));
  return max;
};

describe.each([
  ['rgb-jpeg-progressive.dcm', 'progressive JPEG (SOF2), YBR_FULL_422', 1],
  ['rgb-jpeg-app14-no-transform.dcm', 'baseline RGB JPEG with Adobe APP14 transform 0', 1],
  ['rgb-jpeg-small-odd.dcm', 'small odd-sized (5×3) 4:2:0 baseline JPEG', 1],
  ['rgb-jpeg-no-sequence-delimiter.dcm', 'baseline JPEG whose pixel data lacks the sequence delimiter at the end of the file', 1],
  // pydicom + Pillow's values: these name no colour space, so the header's RGB means no transform.
  ['rgb-jpeg-unmarked.dcm', 'RGB JPEG with no JFIF or APP14 marker and component IDs 0 1 2', 0],
  ['rgb-jpeg-implicit-vr-short-app14.dcm', 'Implicit VR dataset under JPEG Baseline, 10-byte APP14', 0],
])('%s (%s)', (name, _what, tolerance) => {
  it(`decodes within ±${tolerance} of the independent decoder`, async () => {
    const image = await decodeDicom(readFixture(name));
    const expected = decodeNpy(readFixture(name.replace(/\.dcm$/, '.expected.npy')));
    expect([image.height, image.width, image.channels]).toEqual(expected.shape);
    const delta = maxAbsDiff(image.frameData[0], expected.data);
    expect(delta).toBeLessThanOrEqual(tolerance);
  });
});

describe('what the JPEG kinds above report', () => {
  it('the implicit-VR file decodes with a warning naming the mismatch', async () => {
    const image = await decodeDicom(readFixture('rgb-jpeg-implicit-vr-short-app14.dcm'));
    expect(image.warnings).toEqual([{ code: 'implicit-vr-dataset', message: expect.stringMatching(/Implicit VR although the transfer syntax says JPEG Baseline/) }]);
  });

  it('the unmarked RGB stream is not converted as YCbCr (that guess is far off)', async () => {
    const image = await decodeDicom(readFixture('rgb-jpeg-unmarked.dcm'));
    const marked = await decodeDicom(readFixture('rgb-jpeg-app14-no-transform.dcm'));
    // The same cjpeg -rgb stream, once with and once without its Adobe marker: the same pixels.
    expect(maxAbsDiff(image.frameData[0], marked.frameData[0])).toBe(0);
  });
});

describe('JPEG 2000 whose codestream holds the bytes of a sequence delimiter', () => {
  it('decodes the whole fragment, exactly (lossless), as pydicom does', async () => {
    const image = await decodeDicom(readFixture('ct-j2k-embedded-delimiter.dcm'));
    const expected = decodeNpy(readFixture('ct-j2k-embedded-delimiter.expected.npy'));
    const stored = Float32Array.from(image.frameData[0], (v) => v - image.rescaleIntercept);
    expect(maxAbsDiff(stored, expected.data)).toBe(0);
    expect(maxAbsDiff(image.frameData[0], ctHounsfield())).toBe(0);
  });
});
