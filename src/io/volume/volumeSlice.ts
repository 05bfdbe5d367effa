import type { EdgeLabels, SliceLayout, SlicePlane } from '../../core/volume';
import { extractSlice, sliceCount, sliceEdgeLabels, sliceLayout } from '../../core/volume';
import type { DicomImage, WindowPreset } from '../dicom/types';
import type { ImageVolume, VoxelDatatype } from './types';

/**
 * A volume's slices as the 2-D record the rest of the app already reads (the DICOM record: values
 * in the file's units, rescale, windows, pixel spacing), so that windowing, the readout and the
 * model input (toDisplayImage) treat a slice exactly as a DICOM frame.
 */

const BITS: Record<VoxelDatatype, number> = { uint8: 8, int16: 16, uint16: 16, int32: 32, float32: 32, float64: 64 };
const SIGNED: Record<VoxelDatatype, 0 | 1> = { uint8: 0, int16: 1, uint16: 0, int32: 1, float32: 1, float64: 1 };

export interface VolumeSlice {
  /** One frame: the slice, screen-oriented (radiological convention; see core/volume/orientation). */
  readonly image: DicomImage;
  readonly layout: SliceLayout;
  /** Labels at the slice's left, right, top and bottom edges; null when the file gives no orientation. */
  readonly edgeLabels: EdgeLabels | null;
  readonly index: number;
  readonly count: number;
}

function windowPresets(volume: ImageVolume): WindowPreset[] {
  if (!volume.displayRange) return [];
  const [low, high] = volume.displayRange;
  return [{ center: (low + high) / 2, width: high - low, explanation: 'cal_min–cal_max' }];
}

function record(volume: ImageVolume, layout: SliceLayout, frames: Float32Array[], width: number, height: number, notes: string[]): DicomImage {
  const spacing = volume.spacingMm;
  const storedLow = (volume.rescaledMin - volume.intercept) / volume.slope;
  const storedHigh = (volume.rescaledMax - volume.intercept) / volume.slope;
  const image: Omit<DicomImage, 'patientTags'> = {
    width,
    height,
    frames: frames.length,
    channels: 1,
    bitsAllocated: BITS[volume.datatype],
    bitsStored: BITS[volume.datatype],
    pixelRepresentation: SIGNED[volume.datatype],
    photometricInterpretation: 'MONOCHROME2',
    transferSyntaxUid: '',
    transferSyntaxName: volume.format,
    rescaleSlope: volume.slope,
    rescaleIntercept: volume.intercept,
    windowPresets: windowPresets(volume),
    storedMin: Math.min(storedLow, storedHigh),
    storedMax: Math.max(storedLow, storedHigh),
    rescaledMin: volume.rescaledMin,
    rescaledMax: volume.rescaledMax,
    // The data's own extent: a float or 32-bit type's full range would make the 'full' policy useless.
    rescaledRange: [volume.rescaledMin, volume.rescaledMax],
    pixelSpacing: [spacing[layout.rowAxis], spacing[layout.columnAxis]],
    modality: volume.modality,
    invertForDisplay: false,
    frameData: frames,
    tags: volume.modality ? { modality: volume.modality } : {},
    notes: [...volume.notes, ...notes],
  };
  // As in decodeDicom: identifying attributes live in a non-enumerable property (a volume has none).
  Object.defineProperty(image, 'patientTags', { value: {}, enumerable: false });
  return image as DicomImage;
}

function planeName(plane: SlicePlane, layout: SliceLayout): string {
  return `${plane} slices (voxel axis ${'ijk'[layout.sliceAxis]})`;
}

/** Slice `index` of `plane` as a one-frame record, with its layout and edge labels. */
export function volumeSlice(volume: ImageVolume, plane: SlicePlane, index: number): VolumeSlice {
  const layout = sliceLayout(volume.voxelToRas, plane);
  const slice = extractSlice(volume, layout, index);
  const count = sliceCount(volume, layout);
  return {
    image: record(volume, layout, [slice.values], slice.width, slice.height, [`${planeName(plane, layout)}: slice ${index} of ${count}`]),
    layout,
    edgeLabels: volume.orientationKnown ? sliceEdgeLabels(volume.voxelToRas, layout) : null,
    index,
    count,
  };
}

/**
 * Every slice of `plane` as the frames of one record: the frame slider of a 2-D viewer then steps
 * through the volume, and frame f is volumeSlice(volume, plane, f).image's only frame.
 */
export function volumeAsFrames(volume: ImageVolume, plane: SlicePlane = 'axial'): DicomImage {
  const layout = sliceLayout(volume.voxelToRas, plane);
  const count = sliceCount(volume, layout);
  const frames: Float32Array[] = [];
  let width = 0;
  let height = 0;
  for (let k = 0; k < count; k++) {
    const slice = extractSlice(volume, layout, k);
    frames.push(slice.values);
    width = slice.width;
    height = slice.height;
  }
  return record(volume, layout, frames, width, height, [`${planeName(plane, layout)} as ${count} frames`]);
}

/** The default slice: the middle one. */
export function middleSlice(volume: ImageVolume, plane: SlicePlane): number {
  return Math.floor(sliceCount(volume, sliceLayout(volume.voxelToRas, plane)) / 2);
}
