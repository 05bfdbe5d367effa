import { encode } from 'fast-png';
import { describe, expect, it } from 'vitest';
import type { DecodedImage } from '../io/decodeImage';
import { decodeImageFile } from '../io/decodeImage';
import type { DicomImage } from '../io/dicom/types';
import { encodeMaskRle } from '../tasks/imageOps';
import { groundTruthMask, isCt, loadedImage, rawImageOf, withFrame } from './imageLoading';

function fakeDicom(overrides: Partial<DicomImage> = {}): DicomImage {
  const frame = (offset: number) => Float32Array.from({ length: 16 }, (_, i) => -1000 + offset + i * 100);
  const image = {
    width: 4, height: 4, frames: 2, channels: 1, bitsAllocated: 16, bitsStored: 12, pixelRepresentation: 1, photometricInterpretation: 'MONOCHROME2',
    transferSyntaxUid: '1.2.840.10008.1.2.1', transferSyntaxName: 'Explicit VR Little Endian', rescaleSlope: 1, rescaleIntercept: -1024,
    windowPresets: [{ center: 40, width: 400, explanation: 'SOFT' }], storedMin: 0, storedMax: 4095, rescaledMin: -1000, rescaledMax: 600, rescaledRange: [-1024, 3071] as const,
    pixelSpacing: [0.7, 0.7] as const, modality: 'CT', invertForDisplay: false, frameData: [frame(0), frame(50)], tags: { modality: 'CT' }, notes: [],
    ...overrides,
  };
  Object.defineProperty(image, 'patientTags', { value: { PatientName: 'Doe^Jane' }, enumerable: false });
  return image as DicomImage;
}

describe('loading an image', () => {
  it('keeps a PNG’s stored values for the readout and feeds the model as the CLI does', async () => {
    const png = encode({ width: 2, height: 2, data: new Uint16Array([0, 65535, 32768, 16384]), depth: 16, channels: 1 });
    const decoded = await decodeImageFile(png, 'x.png');
    const image = loadedImage('file:x.png#1', decoded, { kind: 'file', name: 'x.png', bytes: png.length }, 'x.png');
    expect(image.raw.scale).toBe(65535);
    expect(Math.round(image.raw.data[2] * image.raw.scale)).toBe(32768);
    expect(image.data.data).toBe(decoded.kind === 'raster' ? decoded.image.data : null);
    expect(image.raw.defaultWindow.high).toBeGreaterThan(image.raw.defaultWindow.low);
    expect(image.frameCount).toBe(1);
  });

  it('shows DICOM values in HU, with the file’s windows, and analyses another frame as a new revision', () => {
    const decoded: DecodedImage = { kind: 'dicom', dicom: fakeDicom() };
    expect(isCt(decoded)).toBe(true);
    const raw = rawImageOf(decoded, 1);
    expect(raw.unit).toBe('HU');
    expect(raw.data[0]).toBe(-950);
    expect(raw.filePresets).toEqual([{ label: 'SOFT', window: { low: -160, high: 240 } }]);
    expect(raw.defaultWindow).toEqual({ low: -160, high: 240 });
    const image = loadedImage('s', decoded, { kind: 'file', name: 'ct.dcm', bytes: 1 }, 'ct.dcm');
    expect(image.frameCount).toBe(2);
    const next = withFrame(image, 1);
    expect(next.frame).toBe(1);
    expect(next.revision).toBe(image.revision + 1);
    expect(next.data.data).not.toEqual(image.data.data);
    const windowed = withFrame(image, 0, { kind: 'window', center: 0, width: 2000 });
    expect(windowed.modelIntensity).toEqual({ kind: 'window', center: 0, width: 2000 });
    expect(JSON.stringify(image.decoded)).not.toContain('Doe^Jane');
  });

  it('falls back to the percentile window when the file has none', () => {
    const raw = rawImageOf({ kind: 'dicom', dicom: fakeDicom({ windowPresets: [], modality: 'MR', tags: {} }) }, 0);
    expect(raw.unit).toBe('');
    expect(raw.isCt).toBe(false);
    expect(raw.defaultWindow.low).toBeGreaterThan(-1000);
    expect(raw.defaultWindow.high).toBeLessThan(500);
  });

  it('decodes the ground-truth mask of a demo sample, and ignores an empty one', () => {
    const mask = new Uint8Array(16);
    mask[5] = 1;
    const truth = groundTruthMask({ maskRle: encodeMaskRle(mask, 4, 4), className: 'present' });
    expect(truth?.width).toBe(4);
    expect(truth?.description).toBe('present');
    expect(truth?.outline.length).toBe(16);
    expect(groundTruthMask({ maskRle: encodeMaskRle(new Uint8Array(16), 4, 4) })).toBeNull();
    expect(groundTruthMask({ maskRle: { size: [2, 2], order: 'row-major', counts: [3] } })).toBeNull();
    expect(groundTruthMask('absent')).toBeNull();
  });
});
