import type { DataSet, Element, Fragment } from 'dicom-parser';
import type { UserWarning } from '../../core/userFacingError';
import { formatBytes } from '../../core/userFacingError';
import { ImageDecodeError } from '../imageDecodeError';
import { readRescale } from './attributes';
import { nativeFrameBits } from './pixelLayout';
import type { PixelLayout } from './pixelLayout';

/**
 * Where the header and the pixel data disagree. A reader that believes the header shows a wrong
 * image without a word (Rows 2 on 128×128 data shows a sliver; Number of Frames 0 on 15 frames
 * shows one). Each contradiction is refused, or decoded as the data says with a warning that the
 * record carries to the screen, `ifim inspect` and result.json.
 */

const FLOAT32_MAX = 3.4028234663852886e38;

export function startsCodestream(bytes: Uint8Array, at: number): boolean {
  const b0 = bytes[at];
  const b1 = bytes[at + 1];
  if (b0 === 0xff && (b1 === 0xd8 || b1 === 0x4f)) return true;
  return b0 === 0 && b1 === 0 && bytes[at + 2] === 0 && bytes[at + 3] === 0x0c && bytes[at + 4] === 0x6a && bytes[at + 5] === 0x50;
}

function framesWord(n: number): string {
  return `${n} frame${n === 1 ? '' : 's'}`;
}

/** Number of Frames unreadable or below 1: the data decides, if it divides into whole frames. */
function declaredFramesInvalid(layout: PixelLayout): boolean {
  return layout.declaredFrames !== null && layout.declaredFrames !== undefined && !(layout.declaredFrames >= 1);
}

/** Native pixel data against Rows × Columns × Samples × Bits Allocated × Number of Frames. */
export function reconcileNativeLength(length: number, layout: PixelLayout, warnings: UserWarning[]): PixelLayout {
  const frameBits = nativeFrameBits(layout);
  const frameBytes = frameBits / 8;
  if (declaredFramesInvalid(layout) && frameBits % 8 === 0) {
    const counted = Math.floor(length / frameBytes);
    if (counted >= 1) {
      warnings.push({
        code: 'frames-inferred',
        message: `Number of Frames says ${String(layout.declaredFrames)}, but the pixel data holds ${framesWord(counted)} of ${layout.columns}×${layout.rows}: ${counted === 1 ? 'it is' : `all ${counted} are`} shown`,
      });
      return { ...layout, frames: counted };
    }
  }
  const needed = Math.ceil((frameBits * layout.frames) / 8);
  // One byte of padding to an even length is normal (PS3.5 §8.1.1).
  if (length > needed + 1) {
    const extraFrames = frameBits % 8 === 0 && (length - needed) % frameBytes === 0 ? (length - needed) / frameBytes : 0;
    const what = extraFrames > 0
      ? `holds ${framesWord(layout.frames + extraFrames)} of ${layout.columns}×${layout.rows}, but Number of Frames says ${layout.frames}: only ${layout.frames === 1 ? 'the first is' : `the first ${layout.frames} are`} shown`
      : `holds ${formatBytes(length)}, but Rows ${layout.rows} × Columns ${layout.columns} × ${framesWord(layout.frames)} at ${layout.bitsAllocated} bits need ${formatBytes(needed)}: the header may be wrong, and the image shown may be garbled`;
    warnings.push({ code: 'pixel-data-longer-than-header', message: `the pixel data ${what}` });
  }
  return layout;
}

/** Frames of encapsulated pixel data: how many codestreams the fragments start. */
function codestreamCount(byteArray: Uint8Array, fragments: readonly Fragment[]): number {
  let count = 0;
  for (const f of fragments) if (f.length >= 2 && startsCodestream(byteArray, f.position)) count++;
  return count;
}

/** Compressed pixel data: the frame count against the codestreams the fragments hold. */
export function reconcileEncapsulatedFrames(dataSet: DataSet, element: Element, layout: PixelLayout, warnings: UserWarning[]): PixelLayout {
  const fragments = element.fragments ?? [];
  const byteArray = dataSet.byteArray as Uint8Array;
  const streams = codestreamCount(byteArray, fragments);
  if (declaredFramesInvalid(layout) && streams >= 1) {
    warnings.push({ code: 'frames-inferred', message: `Number of Frames says ${String(layout.declaredFrames)}, but the pixel data holds ${framesWord(streams)}: ${streams === 1 ? 'it is' : `all ${streams} are`} shown` });
    return { ...layout, frames: streams };
  }
  return layout;
}

/** Fragments under a transfer syntax that says the pixels are uncompressed. */
export function refuseEncapsulatedUnderNative(dataSet: DataSet, element: Element, syntaxName: string): void {
  if (!element.encapsulatedPixelData && element.hadUndefinedLength !== true) return;
  const fragments = element.fragments ?? [];
  const byteArray = dataSet.byteArray as Uint8Array;
  const compressed = fragments.some((f) => f.length >= 2 && startsCodestream(byteArray, f.position));
  throw new ImageDecodeError(
    'inconsistent-header',
    `the pixel data is ${compressed ? 'compressed (JPEG or JPEG 2000 fragments)' : 'encapsulated in fragments'}, but the transfer syntax says ${syntaxName}, which is uncompressed; the file was written wrongly — convert it again with a DICOM toolkit (e.g. gdcmconv)`,
  );
}

/** Rescale Slope/Intercept that take stored values past float32 (the record's type) are refused from the header. */
export function checkRescaleRange(dataSet: DataSet, layout: PixelLayout): void {
  if (layout.samplesPerPixel === 3) return;
  for (let f = 0; f < layout.frames; f++) {
    const { slope, intercept } = readRescale(dataSet, f);
    const signed = layout.pixelRepresentation === 1;
    const lo = signed ? -(2 ** (layout.bitsStored - 1)) : 0;
    const hi = signed ? 2 ** (layout.bitsStored - 1) - 1 : 2 ** layout.bitsStored - 1;
    const ends = [lo * slope + intercept, hi * slope + intercept];
    if (!ends.every((v) => Number.isFinite(v) && Math.abs(v) <= FLOAT32_MAX)) {
      throw new ImageDecodeError(
        'non-finite-values',
        `Rescale Slope ${slope} and Intercept ${intercept}${layout.frames > 1 ? ` (frame ${f + 1})` : ''} take the stored values past ±3.4e38, beyond what 32-bit floats hold; the header is damaged — correct the rescale or re-export the image`,
      );
    }
    if (f > 0 && !dataSet.elements.x52009230) break; // one rescale for all frames
  }
}
