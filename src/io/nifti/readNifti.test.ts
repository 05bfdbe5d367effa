import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { axisCodes } from '../../core/volume';
import { ImageDecodeError } from '../imageDecodeError';
import { middleSlice, volumeAsFrames, volumeSlice } from '../volume';
import type { ImageVolume } from '../volume';
import { isNifti, readNifti } from './readNifti';

// Written and read back by nibabel (scripts/make-volume-fixtures.py): the reader is checked against another implementation.
const DIR = join(__dirname, '../../../test-fixtures/volumes');
interface Expected {
  file: string;
  shape: number[];
  datatype: string;
  zooms: number[];
  sformCode: number;
  qformCode: number;
  bestAffine: number[][];
  qform: number[][];
  axcodes: string;
  min: number;
  max: number;
  samples: { ijk: [number, number, number]; value: number }[];
}
const expected = (JSON.parse(readFileSync(join(DIR, 'expected.json'), 'utf8')) as { files: Expected[] }).files;
const bytes = (file: string) => new Uint8Array(readFileSync(join(DIR, file)));
const valueAt = (v: ImageVolume, [i, j, k]: readonly number[]) => v.planes[k][j * v.dims[0] + i] * v.slope + v.intercept;

function codeOf(fn: () => unknown): { code: string; message: string } {
  try {
    fn();
  } catch (error) {
    if (error instanceof ImageDecodeError) return { code: error.code, message: error.message };
    throw error;
  }
  throw new Error('expected an ImageDecodeError');
}

describe('readNifti against nibabel', () => {
  for (const e of expected.filter((x) => !x.file.startsWith('refused'))) {
    it(`${e.file}: dims, type, spacing, values and range`, () => {
      const v = readNifti(bytes(e.file));
      expect(v.dims).toEqual(e.shape.slice(0, 3));
      expect(v.datatype).toBe(e.datatype.replace('>i2', 'int16').replace('<', ''));
      for (let a = 0; a < 3; a++) expect(v.spacingMm[a]).toBeCloseTo(e.zooms[a], 5);
      for (const s of e.samples) expect(valueAt(v, s.ijk)).toBeCloseTo(s.value, 4);
      expect(v.rescaledMin).toBeCloseTo(e.min, 4);
      expect(v.rescaledMax).toBeCloseTo(e.max, 4);
    });
    if (e.sformCode > 0 || e.qformCode > 0) {
      it(`${e.file}: the affine is nibabel's best affine (${e.sformCode > 0 ? 'sform' : 'qform'}), orientation ${e.axcodes}`, () => {
        const v = readNifti(bytes(e.file));
        expect(v.affineSource).toBe(e.sformCode > 0 ? 'sform' : 'qform');
        const flat = e.bestAffine.flat();
        for (let p = 0; p < 16; p++) expect(v.voxelToRas[p]).toBeCloseTo(flat[p], 4);
        expect(axisCodes(v.voxelToRas)).toBe(e.axcodes);
        expect(v.orientationKnown).toBe(true);
      });
    }
  }
  it('no qform or sform: NIfTI method 1, diag(pixdim), and no orientation', () => {
    const v = readNifti(bytes('no-orientation-int16.nii'));
    expect(v.affineSource).toBe('pixdim');
    expect(v.orientationKnown).toBe(false);
    expect(Array.from(v.voxelToRas, (x) => Number(x.toFixed(5)))).toEqual([0.5, 0, 0, 0, 0, 0.7, 0, 0, 0, 0, 2, 0, 0, 0, 0, 1]);
    expect(volumeSlice(v, 'axial', 0).edgeLabels).toBeNull();
  });
  it('the int16 file: scl_slope 2 and scl_inter −1024 are applied; cal_min/cal_max become a window', () => {
    const v = readNifti(bytes('lps-oblique-int16.nii'));
    expect([v.slope, v.intercept]).toEqual([2, -1024]);
    expect(v.planes[3] instanceof Int16Array).toBe(true);
    expect(valueAt(v, [5, 17, 3])).toBe(2 * (5 + 32 * 17 + 1024 * 3) - 1024);
    expect(v.displayRange).toEqual([-1024, 8000]);
  });
  it('a 4-D series keeps its first volume and says so', () => {
    const v = readNifti(bytes('series-4d-float32.nii'));
    expect(v.rescaledMax).toBe(1091);
    expect(v.notes.join(' ')).toContain('2 volumes');
  });
  it('recognises .nii and .nii.gz from their bytes', () => {
    expect(isNifti(bytes('lps-oblique-int16.nii'))).toBe(true);
    expect(isNifti(bytes('ras-uint8.nii.gz'))).toBe(true);
    expect(isNifti(new Uint8Array(400))).toBe(false);
  });
});

describe('readNifti refuses bad input with the numbers', () => {
  it('an unsupported datatype', () => {
    expect(codeOf(() => readNifti(bytes('refused-int64.nii')))).toEqual({
      code: 'unsupported-pixel-format',
      message: 'NIfTI datatype int64 (code 1024) is not supported; convert it to uint8, int16, uint16, int32, float32 or float64 (e.g. fslmaths in -odt float)',
    });
  });
  it('a truncated .nii: header size against file size', () => {
    expect(codeOf(() => readNifti(bytes('lps-oblique-int16.nii').subarray(0, 10000)))).toEqual({
      code: 'truncated',
      message: 'the file is truncated: the header says the voxels start at byte 352 and fill 16384 bytes (32×32×8 int16), so 16736 bytes, but 10000 are present',
    });
  });
  it('a truncated .nii.gz', () => {
    const gz = bytes('lps-oblique-qform-int16.nii.gz');
    expect(codeOf(() => readNifti(gz.subarray(0, gz.length >> 1))).code).toBe('truncated');
  });
  it('volumes above the limits, before allocating', () => {
    expect(codeOf(() => readNifti(bytes('lps-oblique-int16.nii'), { maxVoxels: 1000 })).message).toBe('the volume is 32×32×8 = 8192 voxels; volumes above 1000 voxels are refused');
    expect(codeOf(() => readNifti(bytes('lps-oblique-qform-int16.nii.gz'), { maxDataBytes: 4096 })).message).toBe(
      'the voxel data are 16384 bytes (32×32×8×1 int16); files above 4096 bytes of voxels are refused',
    );
  });
  it('a vox_offset inside the header', () => {
    const b = bytes('small-int32.nii').slice();
    new DataView(b.buffer).setFloat32(108, 100, true);
    expect(codeOf(() => readNifti(b)).message).toBe("the NIfTI header's vox_offset is 100; a single-file NIfTI-1 stores voxels from byte 352 on");
  });
});

describe('slices of a volume as the 2-D record', () => {
  it('LPS oblique int16: an axial slice is the k-plane as stored, labelled R L A P, in HU-like units', () => {
    const v = readNifti(bytes('lps-oblique-int16.nii'));
    const s = volumeSlice(v, 'axial', 3);
    expect([s.image.width, s.image.height, s.image.frames, s.count]).toEqual([32, 32, 1, 8]);
    expect(s.image.frameData[0][17 * 32 + 5]).toBe(2 * (5 + 32 * 17 + 3072) - 1024);
    expect(s.edgeLabels).toEqual({ left: 'R', right: 'L', top: 'A', bottom: 'P' });
    expect(s.image.pixelSpacing?.map((x) => Number(x.toFixed(4)))).toEqual([0.8, 0.8]);
    expect(s.image.windowPresets).toEqual([{ center: 3488, width: 9024, explanation: 'cal_min–cal_max' }]);
  });
  it('RAS uint8: a coronal slice reverses i (patient right on the left) and k (superior at the top)', () => {
    const v = readNifti(bytes('ras-uint8.nii.gz'));
    const s = volumeSlice(v, 'coronal', 4);
    expect([s.image.width, s.image.height]).toEqual([16, 6]);
    for (const [x, y] of [[0, 0], [3, 2], [15, 5]]) expect(s.image.frameData[0][y * 16 + x]).toBe((15 - x + 32 * 4 + 1024 * (5 - y)) % 251);
    expect(s.edgeLabels).toEqual({ left: 'R', right: 'L', top: 'S', bottom: 'I' });
    expect(s.image.pixelSpacing).toEqual([3, 1]);
  });
  it('all slices of a plane as frames; the middle slice is the default', () => {
    const v = readNifti(bytes('ras-uint8.nii.gz'));
    const frames = volumeAsFrames(v, 'sagittal');
    expect([frames.frames, frames.width, frames.height]).toEqual([16, 12, 6]);
    expect(Array.from(frames.frameData[7])).toEqual(Array.from(volumeSlice(v, 'sagittal', 7).image.frameData[0]));
    expect(middleSlice(v, 'axial')).toBe(3);
    expect(JSON.stringify(frames)).not.toContain('patientTags');
  });
});

describe('the product decoding entry routes NIfTI', () => {
  it('decodeImageFile: axial slices as frames plus the volume; toDisplayImage gives the model input of a slice', async () => {
    const { decodeImageFile, decodeImageBytes, sniffImageFormat, toDisplayImage } = await import('../decodeImage');
    const gz = bytes('lps-oblique-qform-int16.nii.gz');
    expect(sniffImageFormat(gz)).toBe('nifti');
    const decoded = await decodeImageFile(gz, 'vol.nii.gz');
    expect(decoded.kind).toBe('dicom');
    if (decoded.kind !== 'dicom') return;
    expect(decoded.volume?.dims).toEqual([32, 32, 8]);
    expect(decoded.dicom.frames).toBe(8);
    const shown = toDisplayImage(decoded, 5);
    expect([shown.width, shown.height, shown.channels]).toEqual([32, 32, 1]);
    expect(Math.min(...shown.data)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...shown.data)).toBeLessThanOrEqual(1);
    expect(decodeImageBytes(gz, 'vol.nii.gz').width).toBe(32);
  });
  it('names the file in the one-line error', async () => {
    const { decodeImageFile } = await import('../decodeImage');
    await expect(decodeImageFile(bytes('refused-int64.nii'), 'scan.nii')).rejects.toThrow(/^scan\.nii: NIfTI datatype int64 \(code 1024\) is not supported/);
  });
});
