import type { DecodedImage } from '../io/decodeImage';
import { decodeImageFile, toDisplayImage } from '../io/decodeImage';
import type { DicomPatientTags } from '../io/dicom';
import type { PngImage } from '../io/pngDecode';

/**
 * What crosses the decode worker's boundary. A decoded DICOM record keeps its patient-identifying
 * tags in a non-enumerable property (so that logging a record never prints them); structured
 * cloning drops non-enumerable properties, so they travel beside the record and are put back,
 * non-enumerable again, on the other side.
 */
export interface PackedDecodedImage {
  readonly decoded: DecodedImage;
  readonly patientTags: DicomPatientTags | null;
  /** DICOM: the first frame through the default intensity mapping (a percentile needs a sort: done here, not on the page). */
  readonly firstFrame: PngImage | null;
}

/** A decoded file, with its first frame as the model's starting point when the decoder prepared it. */
export interface DecodedFile {
  readonly decoded: DecodedImage;
  readonly firstFrame?: PngImage | null;
}

export interface ImageDecodeApi {
  decode(bytes: Uint8Array, name: string): Promise<PackedDecodedImage>;
}

export async function decodeForTransfer(bytes: Uint8Array, name: string): Promise<PackedDecodedImage> {
  const decoded = await decodeImageFile(bytes, name);
  const dicom = decoded.kind === 'dicom';
  return { decoded, patientTags: dicom ? decoded.dicom.patientTags : null, firstFrame: dicom ? toDisplayImage(decoded, 0) : null };
}

export function unpackDecoded(packed: PackedDecodedImage): DecodedFile {
  const { decoded, patientTags, firstFrame } = packed;
  if (decoded.kind === 'dicom' && !Object.prototype.hasOwnProperty.call(decoded.dicom, 'patientTags')) {
    Object.defineProperty(decoded.dicom, 'patientTags', { value: patientTags ?? {}, enumerable: false });
  }
  return { decoded, firstFrame };
}

export function decodedTransferables(packed: PackedDecodedImage): ArrayBuffer[] {
  const { decoded } = packed;
  const buffers = decoded.kind === 'raster' ? [decoded.image.data.buffer] : decoded.dicom.frameData.map((f) => f.buffer);
  if (packed.firstFrame) buffers.push(packed.firstFrame.data.buffer);
  // A buffer listed twice (frames sharing one) would make postMessage throw.
  return [...new Set(buffers)].filter((b): b is ArrayBuffer => b instanceof ArrayBuffer);
}
