import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { decodeDicom, decodeDicomSync } from './decodeDicom';
import { ybrFullToRgb } from './pixelValues';
import { readFixture } from './testing/fixtureFiles';
import { HEIGHT, WIDTH, ctHounsfield, edgyGray, rgb8, rgbToYbrFull, smoothGray } from './testing/fixturePixels';
import type { DicomImage } from './types';

/**
 * Every transfer syntax decodes its fixture to the known values: exactly for lossless syntaxes;
 * lossy ones within a stated tolerance of the source and, where an independent IJG/CharLS
 * reference exists (DCMTK 3.6.7's dcmdjpeg/dcmdjpls), to the same values bit for bit.
 */

const maxAbsDiff = (a: ArrayLike<number>, b: ArrayLike<number>): number => {
  expect(a.length).toBe(b.length);
  let max = 0;
  for (let i = 0; i < a.length; i++) max = Math.max(max, Math.abs(a[i] - b[i]));
  return max;
};

/** Hash of all frames' values as int32: compared with hashes of DCMTK's decodes of the same files. */
const valuesHash = (image: DicomImage): string => {
  const hash = createHash('sha256');
  for (const frame of image.frameData) hash.update(new Uint8Array(Int32Array.from(frame).buffer));
  return hash.digest('hex').slice(0, 16);
};

const decode = (name: string): Promise<DicomImage> => decodeDicom(readFixture(name));
const hu = ctHounsfield();
const huMin = Math.min(...hu);
const huMax = Math.max(...hu);

describe('lossless transfer syntaxes decode exactly', () => {
  const signedCt: [string, string][] = [
    ['ct-implicit-le.dcm', '1.2.840.10008.1.2'],
    ['ct-big-endian.dcm', '1.2.840.10008.1.2.2'],
    ['ct-deflated.dcm', '1.2.840.10008.1.2.1.99'],
    ['ct-raw-dataset', '1.2.840.10008.1.2'],
    ['ct-rle.dcm', '1.2.840.10008.1.2.5'],
    ['ct-jpeg-lossless-sv1.dcm', '1.2.840.10008.1.2.4.70'],
    ['ct-jpeg-ls.dcm', '1.2.840.10008.1.2.4.80'],
    ['ct-j2k-lossless.dcm', '1.2.840.10008.1.2.4.90'],
  ];
  it.each(signedCt)('%s (%s): signed 16-bit CT, rescaled to HU', async (file, uid) => {
    const image = await decode(file);
    expect(image.transferSyntaxUid).toBe(uid);
    expect(image).toMatchObject({ width: WIDTH, height: HEIGHT, frames: 1, channels: 1, bitsAllocated: 16, bitsStored: 16, pixelRepresentation: 1 });
    expect(image).toMatchObject({ rescaleSlope: 1, rescaleIntercept: 1024, modality: 'CT', photometricInterpretation: 'MONOCHROME2' });
    expect(maxAbsDiff(image.frameData[0], hu)).toBe(0);
    expect([image.storedMin, image.storedMax]).toEqual([huMin - 1024, huMax - 1024]);
    expect([image.rescaledMin, image.rescaledMax]).toEqual([huMin, huMax]);
    expect(image.windowPresets).toEqual([
      { center: 40, width: 400, explanation: 'SOFT TISSUE' },
      { center: -600, width: 1500, explanation: 'LUNG' },
    ]);
    expect(image.pixelSpacing).toEqual([0.7, 0.75]);
  });

  it.each(['ct-explicit-le.dcm', 'ct-no-preamble.dcm'])('%s: 12 of 16 bits, bits above High Bit ignored, intercept −1024', async (file) => {
    const image = await decode(file);
    expect(image).toMatchObject({ transferSyntaxUid: '1.2.840.10008.1.2.1', bitsStored: 12, pixelRepresentation: 0, rescaleIntercept: -1024 });
    expect(maxAbsDiff(image.frameData[0], hu)).toBe(0);
    expect(image.storedMax).toBeLessThan(4096);
  });

  it('JPEG lossless process 14 with predictor 6 (1.2.840.10008.1.2.4.57)', async () => {
    const image = await decode('gray12-jpeg-lossless-p14.dcm');
    expect(image.transferSyntaxUid).toBe('1.2.840.10008.1.2.4.57');
    expect(maxAbsDiff(image.frameData[0], edgyGray(12))).toBe(0);
    expect([image.storedMin, image.storedMax]).toEqual([0, 4095]);
  });

  it.each(['rgb-explicit-le.dcm', 'rgb-rle.dcm'])('%s: RGB kept as is', async (file) => {
    const image = await decode(file);
    expect(image).toMatchObject({ channels: 3, photometricInterpretation: 'RGB', rescaledRange: [0, 255] });
    expect(maxAbsDiff(image.frameData[0], rgb8())).toBe(0);
  });

  it('YBR_FULL with planar configuration 1 is converted to RGB (within 1 of the original RGB)', async () => {
    const image = await decode('ybr-full-planar.dcm');
    const expected = Float64Array.from(rgbToYbrFull(rgb8()));
    ybrFullToRgb(expected, 8);
    expect(maxAbsDiff(image.frameData[0], expected)).toBe(0);
    expect(maxAbsDiff(image.frameData[0], rgb8())).toBeLessThanOrEqual(1);
    expect(image.notes).toContain('YBR_FULL converted to RGB');
  });

  it('MONOCHROME1 is flagged for inversion', async () => {
    const image = await decode('mono1-explicit-le.dcm');
    expect(image.invertForDisplay).toBe(true);
    expect(maxAbsDiff(image.frameData[0], smoothGray(8))).toBe(0);
    expect(image.notes.join(' ')).toMatch(/MONOCHROME1/);
  });

  it.each(['multiframe-explicit-le.dcm', 'multiframe-jpeg-ls.dcm'])('%s: three frames, rescale/window/spacing from functional groups', async (file) => {
    const image = await decode(file);
    expect(image.frames).toBe(3);
    expect(image.frameData).toHaveLength(3);
    for (let f = 0; f < 3; f++) expect(maxAbsDiff(image.frameData[f], Array.from(smoothGray(16, f), (v) => v * 0.5 - 100))).toBe(0);
    expect(image).toMatchObject({ rescaleSlope: 0.5, rescaleIntercept: -100, pixelSpacing: [0.5, 0.5] });
    expect(image.windowPresets).toEqual([{ center: 16000, width: 30000, explanation: 'FG WINDOW' }]);
    const all = [0, 1, 2].flatMap((f) => Array.from(smoothGray(16, f)));
    expect([image.storedMin, image.storedMax]).toEqual([Math.min(...all), Math.max(...all)]);
  });
});

describe('lossy transfer syntaxes', () => {
  // [file, uid, source values, tolerance vs source, hash of DCMTK's decode or null]
  const cases: [string, string, ArrayLike<number>, number, string | null][] = [
    ['mono8-jpeg-baseline.dcm', '1.2.840.10008.1.2.4.50', smoothGray(8), 3, 'd60cb5136ba56a83'],
    ['ybr-jpeg-baseline.dcm', '1.2.840.10008.1.2.4.50', rgb8(), 12, 'd9c09ed4adc2ff65'],
    ['ct12-jpeg-extended.dcm', '1.2.840.10008.1.2.4.51', hu, 13, '1b5653c3c17e78e9'],
    ['gray12-jpeg-ls-near.dcm', '1.2.840.10008.1.2.4.81', smoothGray(12), 3, '386894b200c0a571'],
    ['gray12-j2k-lossy.dcm', '1.2.840.10008.1.2.4.91', smoothGray(12), 1, null],
  ];
  it.each(cases)('%s (%s) stays within its tolerance and equals the reference decoder', async (file, uid, source, tolerance, referenceHash) => {
    const image = await decode(file);
    expect(image.transferSyntaxUid).toBe(uid);
    expect(maxAbsDiff(image.frameData[0], source)).toBeLessThanOrEqual(tolerance);
    if (referenceHash) expect(valuesHash(image)).toBe(referenceHash);
    expect(image.notes.join(' ')).toMatch(/lossy/);
  });

  it('12-bit JPEG has no level-shift bias (the pdf.js-derived decoders read +15)', async () => {
    const image = await decode('ct12-jpeg-extended.dcm');
    let sum = 0;
    for (let i = 0; i < hu.length; i++) sum += image.frameData[0][i] - hu[i];
    expect(Math.abs(sum / hu.length)).toBeLessThan(0.5);
  });

  it('JPEG baseline colour comes back as RGB from the codec', async () => {
    const image = await decode('ybr-jpeg-baseline.dcm');
    expect(image).toMatchObject({ channels: 3, photometricInterpretation: 'YBR_FULL_422' });
    expect(image.notes).toContain('YBR_FULL_422 decoded to RGB by the codec');
  });
});

describe('metadata', () => {
  it('keeps identifying attributes apart, non-enumerable, decoded in the file’s character set', async () => {
    const image = await decode('ct-implicit-le.dcm');
    expect(image.patientTags).toMatchObject({ PatientName: 'Müller^Anna', PatientID: 'FIXTURE-0001', PatientBirthDate: '19700101', InstitutionName: 'Nowhere General Hospital' });
    const json = JSON.stringify(image);
    expect(json).not.toMatch(/Müller|FIXTURE-0001|19700101|Nowhere/);
    expect(Object.keys(image)).not.toContain('patientTags');
    expect(image.tags).toMatchObject({ modality: 'CT', manufacturer: 'IFIM Fixture Writer', sopClassName: 'CT Image', seriesDescription: 'implicit VR little endian' });
  });

  it('the synchronous decoder reads native, RLE and 12-bit JPEG, and defers codec syntaxes', () => {
    expect(decodeDicomSync(readFixture('ct-rle.dcm')).frameData[0][0]).toBe(hu[0]);
    expect(decodeDicomSync(readFixture('ct12-jpeg-extended.dcm')).bitsStored).toBe(12);
    expect(() => decodeDicomSync(readFixture('ct-jpeg-ls.dcm'))).toThrow(expect.objectContaining({ code: 'needs-async-decoder' }));
  });
});
