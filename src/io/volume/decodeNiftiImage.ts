import type { DecodedImage } from '../decodeImage';
import { ImageDecodeError, describeThrown } from '../imageDecodeError';
import { readNifti } from '../nifti';
import type { VolumeLimits } from './types';
import { volumeAsFrames } from './volumeSlice';

/**
 * The routing hook of decodeImage.ts for NIfTI: the volume, and its axial slices as the frames of
 * the app's 2-D record, so that a viewer's frame slider steps through the slices and the model
 * analyses the displayed one. `volume` gives the other planes, the affine and the labels.
 */
export function decodeNiftiImage(bytes: Uint8Array, name: string, limits: VolumeLimits): DecodedImage {
  try {
    const volume = readNifti(bytes, limits);
    return { kind: 'dicom', dicom: volumeAsFrames(volume, 'axial'), volume };
  } catch (error) {
    if (error instanceof ImageDecodeError) throw new ImageDecodeError(error.code, `${name}: ${error.message}`);
    throw new ImageDecodeError('corrupt-stream', `${name}: the NIfTI file could not be read (${describeThrown(error)})`);
  }
}
