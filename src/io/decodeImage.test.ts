import { describe, expect, it } from 'vitest';
import { MAX_IMAGE_PIXELS, decodeImageBytes, decodeImageFile, sniffImageFormat, toDisplayImage } from './decodeImage';
import { ImageDecodeError } from './imageDecodeError';
import { readFixture } from './dicom/testing/fixtureFiles';
import { HEIGHT, WIDTH, ctHounsfield, rgb8, smoothGray } from './dicom/testing/fixturePixels';

const maxAbsDiff = (a: ArrayLike<number>, b: ArrayLike<number>): number => {
  let max = 0;
  for (let i = 0; i < a.length; i++) max = Math.max(max, Math.abs(a[i] - b[i]));
  return max;
};

describe('sniffing', () => {
  it.each([
    ['gray16.png', 'png'],
    ['rgb24.bmp', 'bmp'],
    ['tiny.gif', 'gif'],
    ['ct-implicit-le.dcm', 'dicom'],
    ['ct-no-preamble.dcm', 'dicom'],
    ['ct-raw-dataset', 'dicom'],
    ['text-renamed.png', null],
    ['text-renamed.dcm', null],
  ])('%s → %s, from the bytes rather than the name', (file, format) => {
    expect(sniffImageFormat(readFixture(file))).toBe(format);
  });

  it('recognises WebP', () => {
    expect(sniffImageFormat(new TextEncoder().encode('RIFF\0\0\0\0WEBPVP8 '))).toBe('webp');
  });
});

describe('rasters', () => {
  it('PNG keeps 16-bit precision; BMP palette and 24-bit decode exactly', async () => {
    const png = await decodeImageFile(readFixture('gray16.png'), 'gray16.png');
    expect(png.kind).toBe('raster');
    const image = toDisplayImage(png);
    expect(maxAbsDiff(image.data, Array.from(smoothGray(16), (v) => v / 65535))).toBeLessThan(1e-7);
    const palette = toDisplayImage(await decodeImageFile(readFixture('gray8-palette.bmp'), 'gray8-palette.bmp'));
    expect(palette).toMatchObject({ width: WIDTH, height: HEIGHT, channels: 1 });
    expect(maxAbsDiff(palette.data, Array.from(smoothGray(8), (v) => v / 255))).toBeLessThan(1e-7);
    const bmp = decodeImageBytes(readFixture('rgb24.bmp'), 'rgb24.bmp');
    expect(bmp).toMatchObject({ width: WIDTH, height: HEIGHT, channels: 3 });
    expect(maxAbsDiff(bmp.data, Array.from(rgb8(), (v) => v / 255))).toBeLessThan(1e-7);
    const rgbPng = decodeImageBytes(readFixture('rgb8.png'), 'rgb8.png');
    expect(maxAbsDiff(rgbPng.data, bmp.data)).toBe(0);
  });

  it('GIF and WebP are refused in Node with a clear message', async () => {
    await expect(decodeImageFile(readFixture('tiny.gif'), 'tiny.gif')).rejects.toMatchObject({ code: 'unsupported-format', message: expect.stringMatching(/GIF.*browser.*PNG/) });
    expect(() => decodeImageBytes(readFixture('tiny.gif'), 'tiny.gif')).toThrow(ImageDecodeError);
  });
});

describe('DICOM through the shared entry', () => {
  it('decodeImageFile returns the record; toDisplayImage applies the default window', async () => {
    const decoded = await decodeImageFile(readFixture('ct-jpeg-ls.dcm'), 'ct-jpeg-ls.dcm');
    if (decoded.kind !== 'dicom') throw new Error('expected DICOM');
    const shown = toDisplayImage(decoded);
    const hu = ctHounsfield();
    const i = hu.findIndex((v) => v > 40 && v < 200);
    expect(shown.data[i]).toBeCloseTo((hu[i] - 39.5) / 399 + 0.5, 6); // window 40/400
    expect(shown.bitDepth).toBe(16);
  });

  it('decodeImageBytes (synchronous, used by `ifim analyze`) reads uncompressed DICOM', () => {
    const image = decodeImageBytes(readFixture('ct-explicit-le.dcm'), 'ct.dcm');
    expect(image).toMatchObject({ width: WIDTH, height: HEIGHT, channels: 1, bitDepth: 12 });
    expect(() => decodeImageBytes(readFixture('ct-j2k-lossless.dcm'), 'j2k.dcm')).toThrow(expect.objectContaining({ code: 'needs-async-decoder' }));
  });
});

describe('bad input gives its code and a message naming the file, and changes nothing', () => {
  const cases: [string, string, RegExp][] = [
    ['empty.dcm', 'empty', /empty\.dcm is empty/],
    ['truncated.dcm', 'truncated', /truncated\.dcm: .*truncated/],
    ['truncated.png', 'truncated', /truncated\.png: the PNG file is truncated/],
    ['text-renamed.png', 'not-an-image', /text-renamed\.png is not a PNG or JPEG image, nor BMP, WebP, GIF or DICOM/],
    ['text-renamed.dcm', 'not-an-image', /text-renamed\.dcm is not a PNG or JPEG image/],
    ['mpeg2-unsupported.dcm', 'unsupported-transfer-syntax', /MPEG2 Main Profile \/ Main Level.*1\.2\.840\.10008\.1\.2\.4\.100/],
    ['huge-dimensions.dcm', 'too-large', /60000×60000/],
    ['huge-dimensions.png', 'too-large', /100000×100000/],
    ['corrupt-jpeg-ls.dcm', 'corrupt-stream', /JPEG-LS stream could not be decoded/],
    ['sr-basic-text.dcm', 'no-pixel-data', /Basic Text SR \(1\.2\.840\.10008\.5\.1\.4\.1\.1\.88\.11\) with no pixel data/],
  ];
  it.each(cases)('%s → %s', async (file, code, message) => {
    const bytes = readFixture(file);
    const before = bytes.slice();
    const error = await decodeImageFile(bytes, file).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ImageDecodeError);
    expect(error).toMatchObject({ code });
    expect((error as Error).message).toMatch(message);
    expect(bytes).toEqual(before);
  });

  it('refuses oversized images from the header, before allocating', async () => {
    // The 67-byte file's IDAT holds 2×2 pixels: a refusal naming 100000×100000 can only come from IHDR.
    const big = Uint8Array.from(readFixture('huge-dimensions.png'));
    await expect(decodeImageFile(big, 'big.png')).rejects.toMatchObject({ code: 'too-large', message: expect.stringMatching(/100000×100000 \(10\.0 Gpx\)/) });
    expect(MAX_IMAGE_PIXELS).toBe(64 * 1024 * 1024);
  });
});
