import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeImageFile, toDisplayImage } from '../../io/decodeImage';
import { COLUMNS, ROWS, enhancedStack } from '../../io/dicom/testing/volumeStack';
import { volumeSlice } from '../../io/volume';
import { loadedImage, withFrame, withVolumeAxis } from '../imageLoading';
import { volumeSliceOf } from './volumeView';

const FIXTURES = join(import.meta.dirname, '..', '..', '..', 'test-fixtures', 'volumes');

async function open(name: string) {
  const bytes = new Uint8Array(readFileSync(join(FIXTURES, name)));
  const decoded = await decodeImageFile(bytes, name);
  return loadedImage(`file:${name}#1`, decoded, { kind: 'file', name, bytes: bytes.length }, name);
}

describe('a volume in the viewer store', () => {
  it('opens at the middle axial slice (as ifim analyze without --slice) and names it as result.json does', async () => {
    // nibabel wrote it 16 × 12 × 6, RAS+: axial slices are 16 × 12, six of them.
    const image = await open('ras-uint8.nii.gz');
    expect(image.volumeAxis).toBe('axial');
    expect(image.frameCount).toBe(6);
    expect(image.frame).toBe(3);
    expect(volumeSliceOf(image)).toEqual({ axis: 'axial', index: 3, count: 6, edgeLabels: { left: 'R', right: 'L', top: 'A', bottom: 'P' } });
  });

  it('cuts coronal and sagittal slices with their own counts and labels', async () => {
    const image = await open('ras-uint8.nii.gz');
    const coronal = withVolumeAxis(image, 'coronal');
    expect(volumeSliceOf(coronal)).toEqual({ axis: 'coronal', index: 6, count: 12, edgeLabels: { left: 'R', right: 'L', top: 'S', bottom: 'I' } });
    expect([coronal.raw.width, coronal.raw.height]).toEqual([16, 6]);
    const sagittal = withVolumeAxis(coronal, 'sagittal');
    expect(volumeSliceOf(sagittal)).toEqual({ axis: 'sagittal', index: 8, count: 16, edgeLabels: { left: 'A', right: 'P', top: 'S', bottom: 'I' } });
    expect(sagittal.revision).toBeGreaterThan(coronal.revision);
    expect(withFrame(sagittal, 2).volumeAxis).toBe('sagittal');
  });

  it('feeds the model exactly the CLI’s slice (toDisplayImage of volumeSlice) for every plane and slice', async () => {
    const image = await open('lps-oblique-int16.nii');
    const volume = image.decoded.kind === 'dicom' ? image.decoded.volume! : null;
    for (const axis of ['axial', 'coronal', 'sagittal'] as const) {
      const cut = withVolumeAxis(image, axis);
      for (const index of [0, Math.floor(cut.frameCount / 2), cut.frameCount - 1]) {
        const shown = withFrame(cut, index);
        const cli = toDisplayImage({ kind: 'dicom', dicom: volumeSlice(volume!, axis, index).image });
        expect([shown.data.width, shown.data.height]).toEqual([cli.width, cli.height]);
        expect(Array.from(shown.data.data)).toEqual(Array.from(cli.data));
      }
    }
  });

  it('gives no slice state for a 2-D image, and no labels for a volume without orientation', async () => {
    const image = await open('no-orientation-int16.nii');
    expect(volumeSliceOf(image)?.edgeLabels).toBeNull();
    expect(volumeSliceOf(null)).toBeNull();
  });

  it('shows a DICOM volume (stored as sagittal frames) as axial slices first, like a NIfTI one', async () => {
    const bytes = enhancedStack([0, 1, 0, 0, 0, -1], [0, 1, 2, 3].map((f) => [5 + 2.5 * f, -20, 40]));
    const decoded = await decodeImageFile(bytes, 'stack.dcm');
    const image = loadedImage('file:stack.dcm#1', decoded, { kind: 'file', name: 'stack.dcm', bytes: bytes.length }, 'stack.dcm');
    expect(volumeSliceOf(image)).toEqual({ axis: 'axial', index: 2, count: ROWS, edgeLabels: { left: 'R', right: 'L', top: 'A', bottom: 'P' } });
    expect([image.raw.width, image.raw.height]).toEqual([4, COLUMNS]);
    const volume = image.decoded.kind === 'dicom' ? image.decoded.volume! : null;
    expect(Array.from(image.data.data)).toEqual(Array.from(toDisplayImage({ kind: 'dicom', dicom: volumeSlice(volume!, 'axial', 2).image }).data));
    // Another frame keeps the cut; the sagittal plane gives the frames back as stored.
    expect(volumeSliceOf(withFrame(image, 4))).toMatchObject({ axis: 'axial', index: 4 });
    const sagittal = withFrame(withVolumeAxis(image, 'sagittal'), 1);
    expect(Array.from(sagittal.raw.data)).toEqual(Array.from({ length: ROWS * COLUMNS }, (_, p) => 100 + p));
  });
});
