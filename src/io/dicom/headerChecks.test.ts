import { describe, expect, it } from 'vitest';
import { headerFields, withField } from '../fuzz/headerFields';
import { decodeDicom } from './decodeDicom';
import { inflateDataset } from './parseDataset';
import { encapsulatedPixels, pixelWords, writeDicomFile } from './testing/dicomWriter';
import { MR_IMAGE, imageAttributes } from './testing/fixtureDatasets';
import { readFixture } from './testing/fixtureFiles';
import { HEIGHT, WIDTH, smoothGray } from './testing/fixturePixels';
import { deflateRaw } from 'pako';

/** Header fields edited in place, as a buggy writer leaves them: refused, or decoded as the data says with a warning. */
function edited(name: string, field: string, value: number): Uint8Array {
  const bytes = readFixture(name);
  const f = headerFields(bytes).find((h) => h.name === field);
  if (!f) throw new Error(`${name} has no ${field}`);
  return withField(bytes, f, value)!;
}

const refusal = (p: Promise<unknown>): Promise<unknown> => p.then(() => null, (e: unknown) => e);

describe('DICOM header against pixel data', () => {
  it('Rows smaller than the data: decoded as the header says, with a warning that gives the numbers', async () => {
    const image = await decodeDicom(edited('ct-explicit-le.dcm', 'Rows', 2));
    expect(image.height).toBe(2);
    expect(image.warnings).toEqual([expect.objectContaining({ code: 'pixel-data-longer-than-header', message: expect.stringMatching(/Rows 2 × Columns 61/) })]);
  });

  it('Rows larger than the data: refused as truncated', async () => {
    expect(await refusal(decodeDicom(edited('ct-explicit-le.dcm', 'Rows', 90)))).toMatchObject({ code: 'truncated' });
  });

  it('Number of Frames 0 on native frames: every frame the data holds is decoded, with a warning', async () => {
    const image = await decodeDicom(edited('multiframe-explicit-le.dcm', 'NumberOfFrames', 0));
    expect(image.frames).toBe(3);
    expect(image.warnings?.map((w) => w.code)).toEqual(['frames-inferred']);
    expect(image.warnings?.[0].message).toMatch(/Number of Frames says 0, but the pixel data holds 3 frames/);
  });

  it('Number of Frames 1 on three native frames: one shown, and the warning says so', async () => {
    const image = await decodeDicom(edited('multiframe-explicit-le.dcm', 'NumberOfFrames', 1));
    expect(image.frames).toBe(1);
    expect(image.warnings?.[0].message).toMatch(/holds 3 frames of 61×45, but Number of Frames says 1: only the first is shown/);
  });

  it('Number of Frames 0 and 1 on three compressed frames', async () => {
    const zero = await decodeDicom(edited('multiframe-jpeg-ls.dcm', 'NumberOfFrames', 0));
    expect(zero.frames).toBe(3);
    expect(zero.warnings?.map((w) => w.code)).toEqual(['frames-inferred']);
    const all = await decodeDicom(readFixture('multiframe-jpeg-ls.dcm'));
    expect(zero.frameData).toEqual(all.frameData);
    const one = await decodeDicom(edited('multiframe-jpeg-ls.dcm', 'NumberOfFrames', 1));
    expect(one.frames).toBe(1);
    expect(one.frameData[0]).toEqual(all.frameData[0]);
    expect(one.warnings?.map((w) => w.code)).toEqual(['frames-undercounted']);
  });

  it('JPEG fragments under an uncompressed transfer syntax are refused', async () => {
    const jpeg = readFixture('mono8-jpeg-baseline.dcm');
    const start = jpeg.findIndex((b, i) => b === 0xff && jpeg[i + 1] === 0xd8 && jpeg[i + 2] === 0xff);
    const fragment = jpeg.subarray(start, jpeg.length - 8);
    const bytes = writeDicomFile([...imageAttributes({ sopClassUid: MR_IMAGE, modality: 'MR', instance: 1, bitsAllocated: 8, bitsStored: 8, description: 'mislabelled' }), encapsulatedPixels([fragment])], {
      transferSyntaxUid: '1.2.840.10008.1.2.1',
      sopClassUid: MR_IMAGE,
    });
    expect(await refusal(decodeDicom(bytes))).toMatchObject({ code: 'inconsistent-header', message: expect.stringMatching(/compressed \(JPEG or JPEG 2000 fragments\), but the transfer syntax says Explicit VR Little Endian/) });
  });

  it('a Rescale Slope that overflows float32 is refused from the header, before any pixel is decoded', async () => {
    const bytes = writeDicomFile(
      [...imageAttributes({ sopClassUid: MR_IMAGE, modality: 'MR', instance: 2, bitsAllocated: 16, bitsStored: 16, rescale: { slope: 3.4e38, intercept: 0 }, description: 'bad slope' }), pixelWords(smoothGray(16))],
      { transferSyntaxUid: '1.2.840.10008.1.2.1', sopClassUid: MR_IMAGE },
    );
    expect(await refusal(decodeDicom(bytes))).toMatchObject({ code: 'non-finite-values', message: expect.stringMatching(/Rescale Slope 3\.4e\+38 .* past ±3\.4e38/) });
  });

  it('Rows 0 and 60000 × 60000 are refused with the numbers', async () => {
    expect(await refusal(decodeDicom(edited('ct-explicit-le.dcm', 'Rows', 0)))).toMatchObject({ code: 'zero-size', message: expect.stringMatching(/61×0/) });
    expect(await refusal(decodeDicom(readFixture('huge-dimensions.dcm')))).toMatchObject({ code: 'too-large', message: expect.stringMatching(/60000×60000 \(3\.6 Gpx\), too large to open: the limit is 67\.1 Mpx/) });
  });

  it('Bits Allocated 32 on a 16-bit compressed stream decodes the stream with a warning', async () => {
    const image = await decodeDicom(edited('ct-jpeg-ls.dcm', 'BitsAllocated', 32));
    expect(image.warnings?.map((w) => w.code)).toEqual(['bits-allocated-mismatch']);
  });
});

describe('deflated datasets inflate under a cap', () => {
  it('stops at the limit instead of inflating everything', () => {
    const bomb = deflateRaw(new Uint8Array(4 * 1024 * 1024)); // 4 MiB of zeros in ~4 KiB
    expect(bomb.length).toBeLessThan(8 * 1024);
    const prefix = new Uint8Array(16);
    const withBomb = new Uint8Array(prefix.length + bomb.length);
    withBomb.set(bomb, prefix.length);
    expect(() => inflateDataset(withBomb, prefix.length, 1024 * 1024)).toThrow(expect.objectContaining({ code: 'too-large', message: expect.stringMatching(/more than 1\.0 MiB \(the limit\)/) }));
    expect(inflateDataset(withBomb, prefix.length, 8 * 1024 * 1024).length).toBe(16 + 4 * 1024 * 1024);
  });

  it('the deflated fixture still decodes', async () => {
    const image = await decodeDicom(readFixture('ct-deflated.dcm'));
    expect([image.width, image.height]).toEqual([WIDTH, HEIGHT]);
    expect(image.warnings).toEqual([]);
  });
});
