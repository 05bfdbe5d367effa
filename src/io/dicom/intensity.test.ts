import { describe, expect, it } from 'vitest';
import { decodeDicom } from './decodeDicom';
import { defaultIntensityPolicy, frameToUnitImage, intensityMapping } from './intensity';
import { readFixture } from './testing/fixtureFiles';
import type { DicomImage } from './types';

/** A 1×n image record with the given values, for exercising the mappings directly. */
function record(values: number[], overrides: Partial<DicomImage> = {}): DicomImage {
  return {
    width: values.length, height: 1, frames: 1, channels: 1, bitsAllocated: 16, bitsStored: 12, pixelRepresentation: 0,
    photometricInterpretation: 'MONOCHROME2', transferSyntaxUid: '1.2.840.10008.1.2.1', transferSyntaxName: 'Explicit VR Little Endian',
    rescaleSlope: 1, rescaleIntercept: -1024, windowPresets: [], storedMin: 0, storedMax: 0, rescaledMin: Math.min(...values), rescaledMax: Math.max(...values),
    rescaledRange: [-1024, 3071], pixelSpacing: null, modality: 'CT', invertForDisplay: false, frameData: [Float32Array.from(values)],
    tags: {}, patientTags: {}, notes: [], ...overrides,
  };
}

describe('intensity policies', () => {
  it('window follows PS3.3 C.11.2.1.2.1 (LINEAR), including its −0.5 and width − 1', () => {
    const map = intensityMapping(record([0]), new Float32Array(0), { kind: 'window', center: 40, width: 400 });
    expect(map(-160.5)).toBe(0); // c − 0.5 − (w − 1)/2 = −160: at or below → 0
    expect(map(239.5)).toBe(1); // above c − 0.5 + (w − 1)/2 = 239 → 1
    expect(map(39.5)).toBeCloseTo(0.5, 12);
    expect(map(139.5)).toBeCloseTo(0.5 + 100 / 399, 12);
  });

  it('LINEAR_EXACT and SIGMOID follow the file’s VOI LUT Function', () => {
    const exact = intensityMapping(record([0], { tags: { voiLutFunction: 'LINEAR_EXACT' } }), new Float32Array(0), { kind: 'window', center: 0, width: 100 });
    expect([exact(-50), exact(0), exact(25), exact(50)]).toEqual([0, 0.5, 0.75, 1]);
    const sigmoid = intensityMapping(record([0], { tags: { voiLutFunction: 'SIGMOID' } }), new Float32Array(0), { kind: 'window', center: 0, width: 100 });
    expect(sigmoid(0)).toBe(0.5);
    expect(sigmoid(100)).toBeCloseTo(1 / (1 + Math.exp(-4)), 12);
  });

  it('minmax, percentile (numpy-style interpolation) and full range', () => {
    const values = Array.from({ length: 101 }, (_, i) => i * 10 - 500); // −500 … 500
    const image = record(values);
    const frame = image.frameData[0];
    const minmax = intensityMapping(image, frame, { kind: 'minmax' });
    expect([minmax(-500), minmax(0), minmax(500)]).toEqual([0, 0.5, 1]);
    const p = intensityMapping(image, frame, { kind: 'percentile', low: 1, high: 99 });
    expect(p(-490)).toBe(0); // 1st percentile of −500…500 in steps of 10 is −490
    expect(p(490)).toBe(1);
    expect(p(0)).toBeCloseTo(0.5, 6);
    const full = intensityMapping(image, frame, { kind: 'full' });
    expect([full(-1024), full(3071)]).toEqual([0, 1]);
  });

  it('defaults to the first window preset, else the 1st–99th percentile; colour to the full range', () => {
    expect(defaultIntensityPolicy(record([1], { windowPresets: [{ center: 40, width: 400 }, { center: -600, width: 1500 }] }))).toEqual({ kind: 'window', center: 40, width: 400 });
    expect(defaultIntensityPolicy(record([1]))).toEqual({ kind: 'percentile', low: 1, high: 99 });
    expect(defaultIntensityPolicy(record([1, 2, 3], { channels: 3, width: 1 }))).toEqual({ kind: 'full' });
  });

  it('turns a frame into a UnitImage, inverting MONOCHROME1', async () => {
    const mono1 = await decodeDicom(readFixture('mono1-explicit-le.dcm'));
    const asIs = frameToUnitImage({ ...mono1, invertForDisplay: false }, 0, { kind: 'minmax' });
    const shown = frameToUnitImage(mono1, 0, { kind: 'minmax' });
    expect(shown).toMatchObject({ width: 61, height: 45, channels: 1 });
    for (let i = 0; i < shown.data.length; i += 97) expect(shown.data[i]).toBeCloseTo(1 - asIs.data[i], 6);
    expect(Math.min(...shown.data)).toBe(0);
    expect(Math.max(...shown.data)).toBe(1);
  });

  it('windows CT in HU with the file’s presets and picks frames of a multi-frame file', async () => {
    const ct = await decodeDicom(readFixture('ct-implicit-le.dcm'));
    const lung = frameToUnitImage(ct, 0, { kind: 'window', center: ct.windowPresets[1].center, width: ct.windowPresets[1].width });
    const air = ct.frameData[0].findIndex((hu) => hu < -990);
    expect(lung.data[air]).toBeCloseTo(((ct.frameData[0][air] + 600.5) / 1499) + 0.5, 6);
    const multi = await decodeDicom(readFixture('multiframe-explicit-le.dcm'));
    expect(frameToUnitImage(multi, 2).data).not.toEqual(frameToUnitImage(multi, 0).data);
    expect(() => frameToUnitImage(multi, 3)).toThrow(RangeError);
  });
});
