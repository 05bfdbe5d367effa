import type { DataSet } from 'dicom-parser';
import { ImageDecodeError } from '../imageDecodeError';
import { checkDecodedBytes, checkPixelCount } from '../limits';
import { readNumber, readText } from './attributes';

/** The Image Pixel module (PS3.3 C.7.6.3): how many samples of which width make up a frame. */
export interface PixelLayout {
  readonly rows: number;
  readonly columns: number;
  readonly frames: number;
  readonly samplesPerPixel: 1 | 3;
  readonly bitsAllocated: number;
  readonly bitsStored: number;
  readonly highBit: number;
  readonly pixelRepresentation: 0 | 1;
  readonly photometric: string;
  /** 0: R G B R G B …; 1: all R, then all G, then all B (per frame). */
  readonly planarConfiguration: 0 | 1;
  /**
   * Number of Frames as written: null when absent (one frame), NaN when unreadable; `frames` is the
   * count used. A value below 1 lets the decoder count the frames in the pixel data (with a warning).
   */
  readonly declaredFrames?: number | null;
}

const GRAY = new Set(['MONOCHROME1', 'MONOCHROME2']);
const COLOUR = new Set(['RGB', 'YBR_FULL', 'YBR_FULL_422', 'YBR_PARTIAL_420', 'YBR_PARTIAL_422', 'YBR_ICT', 'YBR_RCT']);

/**
 * Reads and checks the pixel module, refusing before any pixel buffer is allocated when the frame
 * or the whole object is larger than `maxPixels`.
 */
export function readPixelLayout(dataSet: DataSet, maxPixels: number): PixelLayout {
  const rows = dataSet.uint16('x00280010') ?? 0;
  const columns = dataSet.uint16('x00280011') ?? 0;
  checkPixelCount(columns, rows, 'the DICOM image');
  const framesText = readText(dataSet, 'x00280008');
  const declaredFrames = framesText === undefined ? null : (readNumber(dataSet, 'x00280008') ?? Number.NaN);
  const frames = declaredFrames === null || !(declaredFrames >= 1) ? 1 : Math.round(declaredFrames);
  const samples = dataSet.uint16('x00280002') ?? 1;
  const photometric = (readText(dataSet, 'x00280004') ?? (samples === 3 ? 'RGB' : 'MONOCHROME2')).toUpperCase();
  const bitsAllocated = dataSet.uint16('x00280100') ?? 0;
  const bitsStored = dataSet.uint16('x00280101') ?? bitsAllocated;
  const highBit = dataSet.uint16('x00280102') ?? bitsStored - 1;
  const representation = dataSet.uint16('x00280103') ?? 0;
  const planar = dataSet.uint16('x00280006') ?? 0;

  if (photometric === 'PALETTE COLOR') throw new ImageDecodeError('unsupported-pixel-format', 'PALETTE COLOR images are not supported yet');
  if (samples === 1 && !GRAY.has(photometric)) throw new ImageDecodeError('unsupported-pixel-format', `photometric interpretation ${photometric} with one sample per pixel is not supported`);
  if (samples === 3 && !COLOUR.has(photometric)) throw new ImageDecodeError('unsupported-pixel-format', `photometric interpretation ${photometric} with three samples per pixel is not supported`);
  if (samples !== 1 && samples !== 3) throw new ImageDecodeError('unsupported-pixel-format', `${samples} samples per pixel are not supported (only 1 or 3)`);
  if (![1, 8, 16, 32].includes(bitsAllocated)) throw new ImageDecodeError('unsupported-pixel-format', `Bits Allocated ${bitsAllocated} is not supported (1, 8, 16 or 32)`);
  if (bitsStored < 1 || bitsStored > bitsAllocated || highBit < bitsStored - 1 || highBit >= bitsAllocated) {
    throw new ImageDecodeError('corrupt-stream', `inconsistent bit layout: allocated ${bitsAllocated}, stored ${bitsStored}, high bit ${highBit}`);
  }
  if (representation !== 0 && representation !== 1) throw new ImageDecodeError('corrupt-stream', `Pixel Representation ${representation} is neither 0 nor 1`);

  // Values, not pixels: a colour frame holds three per pixel.
  checkPixelCount(columns, rows, 'the DICOM image', { frames, samples, maxPixels });
  checkDecodedBytes(Math.ceil((rows * columns * samples * frames * bitsAllocated) / 8), 'the DICOM pixel data');
  return {
    rows,
    columns,
    frames,
    samplesPerPixel: samples,
    bitsAllocated,
    bitsStored,
    highBit,
    pixelRepresentation: representation,
    photometric,
    planarConfiguration: planar === 1 ? 1 : 0,
    declaredFrames,
  };
}

/** Bytes one native (uncompressed) frame occupies; YBR_FULL_422 keeps 2 samples per pixel (PS3.3 C.7.6.3.1.2). */
export function nativeFrameBits(layout: PixelLayout): number {
  const perPixel = layout.photometric === 'YBR_FULL_422' ? 2 : layout.samplesPerPixel;
  return layout.rows * layout.columns * perPixel * layout.bitsAllocated;
}
