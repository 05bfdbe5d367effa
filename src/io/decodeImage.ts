import { decodeBmp } from './bmpDecode';
import { canDecodeInBrowser, decodeWithBrowser } from './browserRaster';
import { decodeDicom, decodeDicomSync, defaultIntensityPolicy, frameToUnitImage, isDicom } from './dicom';
import type { DicomImage, IntensityPolicy } from './dicom';
import { describeThrown } from '../core/userFacingError';
import { ImageDecodeError } from './imageDecodeError';
import { decodeJpeg } from './jpegDecode';
import { MAX_IMAGE_PIXELS, checkPixelCount } from './limits';
import type { PngImage } from './pngDecode';
import { decodePng } from './pngDecode';
import { rasterDimensions } from './rasterHeader';
import type { RasterFormat } from './rasterHeader';
import { isNifti } from './nifti';
import type { ImageVolume } from './volume';
import { decodeNiftiImage } from './volume/decodeNiftiImage';
import { dicomVolume } from './volume/dicomVolume';

/**
 * The one entry from file bytes to pixels, shared by the app and the CLI: sniff the format from the
 * bytes (never the name), refuse oversized images from their headers, decode, and report problems
 * as ImageDecodeError with a stable code and a message naming the file.
 */

export { MAX_IMAGE_PIXELS } from './limits';

export type ImageFormat = RasterFormat | 'dicom' | 'nifti';

/** Recognises the format from the first bytes, not from the file name. */
export function sniffImageFormat(bytes: Uint8Array): ImageFormat | null {
  const at = (i: number, ...values: number[]): boolean => values.every((v, k) => bytes[i + k] === v);
  // "DICM" at 128 first: the preamble may legitimately hold another format's header (PS3.10 §7.5).
  if (bytes.length >= 132 && at(128, 0x44, 0x49, 0x43, 0x4d)) return 'dicom';
  if (bytes.length >= 8 && at(0, 0x89, 0x50, 0x4e, 0x47)) return 'png';
  if (bytes.length >= 3 && at(0, 0xff, 0xd8, 0xff)) return 'jpeg';
  if (bytes.length >= 6 && (at(0, 0x47, 0x49, 0x46, 0x38, 0x37, 0x61) || at(0, 0x47, 0x49, 0x46, 0x38, 0x39, 0x61))) return 'gif';
  if (bytes.length >= 12 && at(0, 0x52, 0x49, 0x46, 0x46) && at(8, 0x57, 0x45, 0x42, 0x50)) return 'webp';
  if (bytes.length >= 26 && at(0, 0x42, 0x4d) && [12, 40, 52, 56, 108, 124].includes(bytes[14] | (bytes[15] << 8))) return 'bmp';
  if (isDicom(bytes)) return 'dicom';
  if (isNifti(bytes)) return 'nifti';
  return null;
}

/** A decoded file: a raster image, or a DICOM record with all its frames and metadata. */
export type DecodedImage =
  | { readonly kind: 'raster'; readonly format: RasterFormat; readonly image: PngImage }
  /**
   * `volume`: the file is a volume (NIfTI; multi-frame DICOM with frame geometry). For NIfTI `dicom`
   * holds its axial slices as frames; for DICOM the frames as stored (cut planes with io/volume).
   */
  | { readonly kind: 'dicom'; readonly dicom: DicomImage; readonly volume?: ImageVolume };

/** Every refusal names the file; a library's own error becomes a plain refusal with its words in `details`. */
function named(name: string, error: unknown): ImageDecodeError {
  if (error instanceof ImageDecodeError) return error.inFile(name);
  return new ImageDecodeError('corrupt-stream', `${name} could not be decoded: the file is damaged or uses a variant this app cannot read`, { file: name, details: describeThrown(error) });
}

function sniffOrRefuse(bytes: Uint8Array, name: string): ImageFormat {
  if (bytes.length === 0) throw new ImageDecodeError('empty', `${name} is empty`);
  const format = sniffImageFormat(bytes);
  if (!format) throw new ImageDecodeError('not-an-image', `${name} is not a PNG or JPEG image, nor BMP, WebP, GIF or DICOM`);
  return format;
}

function checkRasterSize(bytes: Uint8Array, format: RasterFormat, name: string): void {
  const size = rasterDimensions(bytes, format);
  if (!size) return;
  try {
    checkPixelCount(size.width, size.height, `the ${format.toUpperCase()} image`);
  } catch (error) {
    throw named(name, error);
  }
}

/**
 * A complete PNG ends with its IEND chunk and a JPEG with EOI; when a decoder fails on a file
 * missing them, "truncated" is the useful diagnosis (the decoders' own words vary).
 */
function lacksEndMarker(bytes: Uint8Array, format: RasterFormat): boolean {
  const n = bytes.length;
  if (format === 'png') return !(n >= 12 && bytes[n - 8] === 0x49 && bytes[n - 7] === 0x45 && bytes[n - 6] === 0x4e && bytes[n - 5] === 0x44);
  if (format === 'jpeg') return !(bytes[n - 2] === 0xff && bytes[n - 1] === 0xd9);
  return false;
}

/** PNG, JPEG and BMP, which decode synchronously on every platform. */
function decodeSyncRaster(bytes: Uint8Array, format: RasterFormat, name: string): PngImage | null {
  if (format !== 'png' && format !== 'jpeg' && format !== 'bmp') return null;
  checkRasterSize(bytes, format, name);
  let image: PngImage;
  try {
    image = format === 'png' ? decodePng(bytes) : format === 'jpeg' ? decodeJpeg(bytes) : decodeBmp(bytes);
  } catch (error) {
    if (error instanceof ImageDecodeError && (error.code !== 'corrupt-stream' || !lacksEndMarker(bytes, format))) throw named(name, error);
    const details = describeThrown(error instanceof ImageDecodeError && error.details ? error.details : error);
    const what = format.toUpperCase();
    if (lacksEndMarker(bytes, format)) throw new ImageDecodeError('truncated', `${name}: the ${what} file is truncated (it ends before its end marker); copy or download it again`, { file: name, details });
    throw new ImageDecodeError('corrupt-stream', `${name}: the ${what} file is damaged and could not be decoded`, { file: name, details });
  }
  try {
    checkPixelCount(image.width, image.height, `the ${format.toUpperCase()} image`);
  } catch (error) {
    throw named(name, error);
  }
  return image;
}

function refuseOutsideBrowser(format: RasterFormat, name: string): never {
  throw new ImageDecodeError('unsupported-format', `${name} is a ${format.toUpperCase()} image, which only the browser app can decode; convert it to PNG for the command line`);
}

/** Any supported file → a decoded image. Codecs for compressed DICOM load on first use. */
export async function decodeImageFile(bytes: Uint8Array, name: string): Promise<DecodedImage> {
  const format = sniffOrRefuse(bytes, name);
  if (format === 'nifti') return decodeNiftiImage(bytes, name, { maxVoxels: MAX_IMAGE_PIXELS });
  if (format === 'dicom') {
    try {
      const dicom = await decodeDicom(bytes, { maxValues: MAX_IMAGE_PIXELS });
      // A multi-frame file that says where its frames lie is also a volume (the record stays the
      // file's frames as stored, for inspect; the viewer and --slice cut planes from the volume).
      const volume = dicomVolume(dicom);
      return volume ? { kind: 'dicom', dicom, volume } : { kind: 'dicom', dicom };
    } catch (error) {
      throw named(name, error);
    }
  }
  const image = decodeSyncRaster(bytes, format, name);
  if (image) return { kind: 'raster', format, image };
  if (!canDecodeInBrowser()) refuseOutsideBrowser(format, name);
  checkRasterSize(bytes, format, name);
  try {
    return { kind: 'raster', format, image: await decodeWithBrowser(bytes, format.toUpperCase()) };
  } catch (error) {
    throw named(name, error);
  }
}

/**
 * A decoded file as the model input's UnitImage: rasters as they are; DICOM through an intensity
 * policy (default: the file's first window, else the 1st–99th percentile) on the chosen frame.
 */
export function toDisplayImage(decoded: DecodedImage, frameIndex = 0, policy?: IntensityPolicy): PngImage {
  if (decoded.kind === 'raster') return decoded.image;
  const { dicom } = decoded;
  const warnings = dicom.warnings ?? [];
  return { ...frameToUnitImage(dicom, frameIndex, policy ?? defaultIntensityPolicy(dicom)), bitDepth: dicom.bitsStored, ...(warnings.length > 0 ? { warnings } : {}) };
}

/**
 * Synchronous decoding, as before: PNG, JPEG, BMP, and the DICOM files that need no codec module
 * (uncompressed, deflated, RLE, 12-bit JPEG), shown through the default intensity policy. Others
 * throw 'needs-async-decoder' (WebP/GIF, compressed DICOM): use decodeImageFile.
 */
export function decodeImageBytes(bytes: Uint8Array, name: string): PngImage {
  const format = sniffOrRefuse(bytes, name);
  if (format === 'nifti') return toDisplayImage(decodeNiftiImage(bytes, name, { maxVoxels: MAX_IMAGE_PIXELS }));
  if (format === 'dicom') {
    try {
      return toDisplayImage({ kind: 'dicom', dicom: decodeDicomSync(bytes, { maxValues: MAX_IMAGE_PIXELS }) });
    } catch (error) {
      throw named(name, error);
    }
  }
  const image = decodeSyncRaster(bytes, format, name);
  if (image) return image;
  if (!canDecodeInBrowser()) refuseOutsideBrowser(format, name);
  throw new ImageDecodeError('needs-async-decoder', `${name}: ${format.toUpperCase()} decodes asynchronously; use decodeImageFile`);
}

export { ImageDecodeError } from './imageDecodeError';
export type { ImageDecodeErrorCode } from './imageDecodeError';
