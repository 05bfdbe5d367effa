import type { DecodedImage } from '../io/decodeImage';
import { decodeImageFile } from '../io/decodeImage';
import type { DicomPatientTags } from '../io/dicom';

/**
 * What crosses the decode worker's boundary. A decoded DICOM record keeps its patient-identifying
 * tags in a non-enumerable property (so that logging a record never prints them); structured
 * cloning drops non-enumerable properties, so they travel beside the record and are put back,
 * non-enumerable again, on the other side.
 */
export interface PackedDecodedImage {
  readonly decoded: DecodedImage;
  readonly patientTags: DicomPatientTags | null;
}

export interface ImageDecodeApi {
  decode(bytes: Uint8Array, name: string): Promise<PackedDecodedImage>;
}

export async function decodeForTransfer(bytes: Uint8Array, name: string): Promise<PackedDecodedImage> {
  const decoded = await decodeImageFile(bytes, name);
  return { decoded, patientTags: decoded.kind === 'dicom' ? decoded.dicom.patientTags : null };
}

export function unpackDecoded(packed: PackedDecodedImage): DecodedImage {
  const { decoded, patientTags } = packed;
  if (decoded.kind === 'dicom' && !Object.prototype.hasOwnProperty.call(decoded.dicom, 'patientTags')) {
    Object.defineProperty(decoded.dicom, 'patientTags', { value: patientTags ?? {}, enumerable: false });
  }
  return decoded;
}

export function decodedTransferables(packed: PackedDecodedImage): ArrayBuffer[] {
  const { decoded } = packed;
  const buffers = decoded.kind === 'raster' ? [decoded.image.data.buffer] : decoded.dicom.frameData.map((f) => f.buffer);
  // A buffer listed twice (frames sharing one) would make postMessage throw.
  return [...new Set(buffers)].filter((b): b is ArrayBuffer => b instanceof ArrayBuffer);
}
