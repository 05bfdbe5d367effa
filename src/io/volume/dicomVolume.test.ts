import { describe, expect, it } from 'vitest';
import { axisCodes } from '../../core/volume';
import { decodeImageFile } from '../decodeImage';
import { decodeDicom } from '../dicom';
import { COLUMNS, ROWS, enhancedStack } from '../dicom/testing/volumeStack';
import { dicomVolume } from './dicomVolume';
import { volumeSlice } from './volumeSlice';

const storedFrame = (f: number) => Array.from({ length: ROWS * COLUMNS }, (_, p) => 100 * f + p);

describe('multi-frame DICOM with Image Position/Orientation (Patient) as a volume', () => {
  it('an axial stack: LPS file geometry becomes the RAS affine; axial slices are the frames as stored', async () => {
    const positions = [0, 1, 2, 3].map((f) => [-10, 20, 30 + 2.5 * f]);
    const dicom = await decodeDicom(enhancedStack([1, 0, 0, 0, 1, 0], positions));
    expect(dicom.geometry?.imageOrientationPatient).toEqual([1, 0, 0, 0, 1, 0]);
    expect(dicom.geometry?.framePositions).toEqual(positions);
    expect(dicom.geometry?.sliceSpacing).toBe(2.5);
    const volume = dicomVolume(dicom)!;
    expect(volume.dims).toEqual([COLUMNS, ROWS, 4]);
    expect(volume.spacingMm).toEqual([0.8, 0.5, 2.5]);
    // i → patient left (LPS +x), j → posterior, k → superior; the origin is frame 0's first pixel, in RAS.
    expect(volume.voxelToRas).toEqual([-0.8, 0, 0, 10, 0, -0.5, 0, -20, 0, 0, 2.5, 30, 0, 0, 0, 1]);
    expect(axisCodes(volume.voxelToRas)).toBe('LPS');
    const slice = volumeSlice(volume, 'axial', 2);
    expect(slice.edgeLabels).toEqual({ left: 'R', right: 'L', top: 'A', bottom: 'P' });
    expect(Array.from(slice.image.frameData[0])).toEqual(storedFrame(2));
  });

  it('a sagittal stack: its frames are the sagittal slices, and the axial plane cuts across them', async () => {
    // Rows run posterior (LPS +y), columns inferior (LPS −z); frames step to the patient's left.
    const positions = [0, 1, 2, 3].map((f) => [5 + 2.5 * f, -20, 40]);
    const volume = dicomVolume(await decodeDicom(enhancedStack([0, 1, 0, 0, 0, -1], positions)))!;
    expect(axisCodes(volume.voxelToRas)).toBe('PIL');
    const sagittal = volumeSlice(volume, 'sagittal', 1);
    expect(sagittal.count).toBe(4);
    expect(sagittal.edgeLabels).toEqual({ left: 'A', right: 'P', top: 'S', bottom: 'I' });
    expect(Array.from(sagittal.image.frameData[0])).toEqual(storedFrame(1));
    const axial = volumeSlice(volume, 'axial', 0);
    expect(axial.count).toBe(ROWS);
    expect([axial.image.width, axial.image.height]).toEqual([4, COLUMNS]);
    expect(axial.edgeLabels).toEqual({ left: 'R', right: 'L', top: 'A', bottom: 'P' });
  });

  it('decodeImageFile gives such a file its volume beside the frames as stored; without per-frame positions it stays a frame series', async () => {
    const decoded = await decodeImageFile(enhancedStack([0, 1, 0, 0, 0, -1], [0, 1, 2].map((f) => [2.5 * f, 0, 0])), 'stack.dcm');
    const positions = [0, 1, 2].map((f) => [0, 0, 2.5 * f]);
    expect(decoded.kind === 'dicom' && decoded.volume?.format).toBe('DICOM multi-frame');
    expect(decoded.kind === 'dicom' && [decoded.dicom.frames, decoded.dicom.width, decoded.dicom.height, decoded.dicom.transferSyntaxUid]).toEqual([3, COLUMNS, ROWS, '1.2.840.10008.1.2.1']);
    const series = await decodeImageFile(enhancedStack([1, 0, 0, 0, 1, 0], positions, { perFrame: false }), 'series.dcm');
    expect(series.kind === 'dicom' && series.volume).toBeUndefined();
    expect(series.kind === 'dicom' && series.dicom.geometry?.framePositions).toEqual([[0, 0, 0], null, null]);
  });

  it('refuses stacks that are no regular grid: uneven steps, a frame off the line', async () => {
    expect(dicomVolume(await decodeDicom(enhancedStack([1, 0, 0, 0, 1, 0], [[0, 0, 0], [0, 0, 2.5], [0, 0, 7.5]])))).toBeNull();
    expect(dicomVolume(await decodeDicom(enhancedStack([1, 0, 0, 0, 1, 0], [[0, 0, 0], [3, 0, 2.5], [0, 0, 5]])))).toBeNull();
  });
});
