import type { EdgeLabels, SlicePlane } from '../../core/volume';
import { sliceEdgeLabels, sliceLayout } from '../../core/volume';
import type { LoadedImage } from '../types';

/**
 * Which slice of a volume the page shows (and analyses), named as `ifim analyze --slice K --axis
 * PLANE` writes it in result.json's `image.slice`: the plane, the 0-based index, the slice count,
 * and the labels at the slice's edges (null when the file does not say how it lies in the patient).
 */
export interface VolumeSliceState {
  readonly axis: SlicePlane;
  readonly index: number;
  readonly count: number;
  readonly edgeLabels: EdgeLabels | null;
}

/** The shown slice of a volume image; null for 2-D images and frame series without geometry. */
export function volumeSliceOf(image: LoadedImage | null): VolumeSliceState | null {
  if (!image || image.volumeAxis === undefined || image.decoded.kind !== 'dicom' || !image.decoded.volume) return null;
  const volume = image.decoded.volume;
  const axis = image.volumeAxis;
  const edgeLabels = volume.orientationKnown ? sliceEdgeLabels(volume.voxelToRas, sliceLayout(volume.voxelToRas, axis)) : null;
  return { axis, index: image.frame, count: image.frameCount, edgeLabels };
}
