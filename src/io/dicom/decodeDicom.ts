import type { DataSet, Element } from 'dicom-parser';
import type { UserWarning } from '../../core/userFacingError';
import { ImageDecodeError } from '../imageDecodeError';
import { checkPixelCount } from '../limits';
import { readPatientTags, readPixelSpacing, readRescale, readTags, readWindowPresets } from './attributes';
import { builtInJpegDecoder, loadJpegFamilyDecoder } from './codecs/jpegFamily';
import { loadJpeg2000Decoder } from './codecs/jpeg2000';
import { loadJpegLsDecoder } from './codecs/jpegLs';
import { encapsulatedFrames } from './encapsulatedFrames';
import { checkRescaleRange, reconcileEncapsulatedFrames, reconcileNativeLength, refuseEncapsulatedUnderNative } from './headerChecks';
import { readGeometry } from './geometry';
import { checkNativeLength, readNativeFrame, swapBytePairs } from './nativePixels';
import { parseDicomBytes, sniffDicomLayout } from './parseDataset';
import { readPixelLayout } from './pixelLayout';
import type { PixelLayout } from './pixelLayout';
import { frameValues, needsYbrConversion } from './pixelValues';
import type { FrameDecoder } from './rawFrame';
import { decodeRleFrame } from './rle';
import type { TransferSyntax } from './transferSyntaxes';
import type { DicomImage } from './types';

/** Refuse before allocating: the same limit as raster images (src/io/decodeImage.ts), over all frames. */
export const DEFAULT_MAX_DICOM_VALUES = 64 * 1024 * 1024;

export interface DicomDecodeOptions {
  /** Largest rows × columns × frames × samples accepted. */
  readonly maxValues?: number;
}

export function isDicom(bytes: Uint8Array): boolean {
  return sniffDicomLayout(bytes) !== null;
}

/** Everything known before any pixel is decoded. */
interface Prepared {
  readonly dataSet: DataSet;
  readonly syntax: TransferSyntax;
  readonly layout: PixelLayout;
  /** Native: one whole-element byte view; encapsulated: one stream per frame. */
  readonly native?: Uint8Array;
  readonly encoded?: Uint8Array[];
  /** Contradictions found so far, decoded as the data says. */
  readonly warnings: UserWarning[];
}

function prepare(bytes: Uint8Array, options: DicomDecodeOptions): Prepared {
  if (bytes.length === 0) throw new ImageDecodeError('empty', 'the file is empty');
  const sniffed = sniffDicomLayout(bytes);
  if (!sniffed) throw new ImageDecodeError('not-an-image', 'not a DICOM file (no "DICM" marker and no recognisable dataset)');
  const { dataSet, transferSyntax: syntax, warnings: parseWarnings } = parseDicomBytes(bytes, sniffed);
  const pixelElement: Element | undefined = dataSet.elements.x7fe00010;
  if (!pixelElement) {
    if (dataSet.elements.x7fe00008 || dataSet.elements.x7fe00009) throw new ImageDecodeError('unsupported-pixel-format', 'float pixel data (parametric maps) is not supported');
    const tags = readTags(dataSet);
    const what = tags.sopClassName ? `a DICOM ${tags.sopClassName}` : tags.sopClassUid ? `a DICOM object of SOP Class ${tags.sopClassUid}` : 'a DICOM object';
    const uid = tags.sopClassName && tags.sopClassUid ? ` (${tags.sopClassUid})` : '';
    throw new ImageDecodeError('no-pixel-data', `the file is ${what}${uid} with no pixel data; open an image (CT, MR, X-ray, …) instead`);
  }
  const maxValues = options.maxValues ?? DEFAULT_MAX_DICOM_VALUES;
  let layout = readPixelLayout(dataSet, maxValues);
  const warnings: UserWarning[] = [...(parseWarnings ?? [])];
  const byteArray = dataSet.byteArray as Uint8Array;
  if (syntax.encoding !== 'native') {
    if (!pixelElement.encapsulatedPixelData) {
      throw new ImageDecodeError('inconsistent-header', `the transfer syntax says ${syntax.name}, but the pixel data is not compressed (no fragments); the file was written wrongly — convert it again with a DICOM toolkit`);
    }
    layout = reconcileEncapsulatedFrames(dataSet, pixelElement, layout, warnings);
    checkLimits(layout, maxValues);
    checkRescaleRange(dataSet, layout);
    return { dataSet, syntax, layout, encoded: encapsulatedFrames(dataSet, pixelElement, layout.frames, warnings), warnings };
  }
  refuseEncapsulatedUnderNative(dataSet, pixelElement, syntax.name);
  if (pixelElement.dataOffset + pixelElement.length > byteArray.length) {
    throw new ImageDecodeError('truncated', `the file is truncated: its pixel data needs ${pixelElement.length} bytes, ${Math.max(0, byteArray.length - pixelElement.dataOffset)} are present; copy or export it again`);
  }
  let native = byteArray.subarray(pixelElement.dataOffset, pixelElement.dataOffset + pixelElement.length);
  if (syntax.bigEndian && layout.bitsAllocated === 8 && pixelElement.vr === 'OW') native = swapBytePairs(native);
  layout = reconcileNativeLength(native.length, layout, warnings);
  checkLimits(layout, maxValues);
  checkNativeLength(native, layout);
  checkRescaleRange(dataSet, layout);
  return { dataSet, syntax, layout, native, warnings };
}

/** Frames counted from the data may exceed what the header's count passed. */
function checkLimits(layout: PixelLayout, maxValues: number): void {
  checkPixelCount(layout.columns, layout.rows, 'the DICOM image', { frames: layout.frames, samples: layout.samplesPerPixel, maxPixels: maxValues });
}

/** Decoders that need no codec module: native, RLE and 12-bit JPEG (our own decoder). */
function builtInDecoder(prepared: Prepared): FrameDecoder | null {
  const { syntax, layout, native, encoded } = prepared;
  if (native) return (_bytes, frame) => readNativeFrame(native, frame, layout, syntax.bigEndian);
  if (syntax.encoding === 'rle') return (bytes) => decodeRleFrame(bytes, layout);
  if ((syntax.encoding === 'jpeg' || syntax.encoding === 'jpeg-lossless') && encoded) return builtInJpegDecoder(encoded[0], layout);
  return null;
}

async function loadDecoder(prepared: Prepared): Promise<FrameDecoder> {
  const builtIn = builtInDecoder(prepared);
  if (builtIn) return builtIn;
  const { syntax, layout, encoded } = prepared;
  const first = encoded?.[0] ?? new Uint8Array(0);
  switch (syntax.encoding) {
    case 'jpeg':
    case 'jpeg-lossless':
      return loadJpegFamilyDecoder(first, layout);
    case 'jpeg-ls':
      return loadJpegLsDecoder(layout);
    case 'jpeg2000':
      return loadJpeg2000Decoder(layout);
    default:
      throw new ImageDecodeError('unsupported-transfer-syntax', `no decoder for ${syntax.name}`);
  }
}

const LOSSY = new Set(['1.2.840.10008.1.2.4.50', '1.2.840.10008.1.2.4.51', '1.2.840.10008.1.2.4.81', '1.2.840.10008.1.2.4.91']);

function assemble(prepared: Prepared, decode: FrameDecoder): DicomImage {
  const { dataSet, syntax, layout, encoded } = prepared;
  const warnings = [...prepared.warnings];
  const frameData: Float32Array[] = [];
  let storedMin = Infinity;
  let storedMax = -Infinity;
  let rescaledMin = Infinity;
  let rescaledMax = -Infinity;
  let converted = false;
  const shift = syntax.encoding === 'native' ? layout.highBit + 1 - layout.bitsStored : 0;
  for (let f = 0; f < layout.frames; f++) {
    const raw = decode(encoded ? encoded[f] : new Uint8Array(0), f);
    if (f === 0) checkCodecPrecision(raw.bitsPerSample, layout, warnings);
    converted ||= needsYbrConversion(raw, layout.photometric);
    const values = frameValues(raw, layout, readRescale(dataSet, f), shift);
    frameData.push(values.data);
    storedMin = Math.min(storedMin, values.storedMin);
    storedMax = Math.max(storedMax, values.storedMax);
    rescaledMin = Math.min(rescaledMin, values.rescaledMin);
    rescaledMax = Math.max(rescaledMax, values.rescaledMax);
  }
  const colour = layout.samplesPerPixel === 3;
  const rescale = readRescale(dataSet, 0);
  const slope = colour ? 1 : rescale.slope;
  const intercept = colour ? 0 : rescale.intercept;
  const signed = layout.pixelRepresentation === 1 && !colour;
  const lowest = (signed ? -(2 ** (layout.bitsStored - 1)) : 0) * slope + intercept;
  const highest = (signed ? 2 ** (layout.bitsStored - 1) - 1 : 2 ** layout.bitsStored - 1) * slope + intercept;
  const { presets, voiLutFunction } = readWindowPresets(dataSet, 0);
  const tags = readTags(dataSet);
  const notes: string[] = [];
  if (layout.photometric === 'MONOCHROME1') notes.push('MONOCHROME1: higher values are darker, so the display inverts the intensities');
  if (converted) notes.push(`${layout.photometric} converted to RGB`);
  else if (colour && layout.photometric !== 'RGB') notes.push(`${layout.photometric} decoded to RGB by the codec`);
  if (!colour && (slope !== 1 || intercept !== 0)) notes.push(`Rescale slope ${slope} and intercept ${intercept} applied${rescale.type ? ` (${rescale.type})` : tags.modality === 'CT' ? ' (HU)' : ''}`);
  if (LOSSY.has(syntax.uid)) notes.push(`${syntax.name} may be lossy: the values are the decoder's reconstruction`);
  const image: Omit<DicomImage, 'patientTags'> = {
    width: layout.columns,
    height: layout.rows,
    frames: layout.frames,
    channels: layout.samplesPerPixel,
    bitsAllocated: layout.bitsAllocated,
    bitsStored: layout.bitsStored,
    pixelRepresentation: layout.pixelRepresentation,
    photometricInterpretation: layout.photometric,
    transferSyntaxUid: syntax.uid,
    transferSyntaxName: syntax.name,
    rescaleSlope: slope,
    rescaleIntercept: intercept,
    windowPresets: presets,
    storedMin,
    storedMax,
    rescaledMin,
    rescaledMax,
    rescaledRange: [Math.min(lowest, highest), Math.max(lowest, highest)],
    pixelSpacing: readPixelSpacing(dataSet),
    modality: tags.modality ?? null,
    invertForDisplay: layout.photometric === 'MONOCHROME1',
    frameData,
    tags: voiLutFunction ? { ...tags, voiLutFunction } : tags,
    notes,
    warnings,
    geometry: readGeometry(dataSet, layout.frames),
  };
  // Non-enumerable: JSON.stringify, spreads and console.log of the record leave identifying data out.
  Object.defineProperty(image, 'patientTags', { value: readPatientTags(dataSet), enumerable: false });
  return image as DicomImage;
}

/**
 * A compressed stream's sample precision against Bits Allocated: 8-bit samples belong in 8 bits,
 * 9–16-bit ones in 16 (PS3.5 §8.2). The stream decides; the header's value is reported.
 */
function checkCodecPrecision(bitsPerSample: number | undefined, layout: PixelLayout, warnings: UserWarning[]): void {
  if (bitsPerSample === undefined) return;
  if (bitsPerSample > layout.bitsAllocated) {
    throw new ImageDecodeError('inconsistent-header', `the compressed stream holds ${bitsPerSample}-bit samples, but Bits Allocated says ${layout.bitsAllocated}; the header is damaged`);
  }
  const expected = bitsPerSample <= 8 ? 8 : 16;
  if (layout.bitsAllocated !== expected) {
    warnings.push({ code: 'bits-allocated-mismatch', message: `Bits Allocated says ${layout.bitsAllocated}, but the compressed stream holds ${bitsPerSample}-bit samples (${expected} would be usual); the stream's values are shown` });
  }
}

/** Any supported DICOM file → the typed record; codecs are loaded on first use. */
export async function decodeDicom(bytes: Uint8Array, options: DicomDecodeOptions = {}): Promise<DicomImage> {
  const prepared = prepare(bytes, options);
  return assemble(prepared, await loadDecoder(prepared));
}

/**
 * The synchronous subset: uncompressed, deflated, RLE and 12-bit JPEG files. Others need a codec
 * module, which only loads asynchronously: they throw 'needs-async-decoder'.
 */
export function decodeDicomSync(bytes: Uint8Array, options: DicomDecodeOptions = {}): DicomImage {
  const prepared = prepare(bytes, options);
  const decoder = builtInDecoder(prepared);
  if (!decoder) throw new ImageDecodeError('needs-async-decoder', `${prepared.syntax.name} needs a codec that loads asynchronously; use decodeDicom / decodeImageFile`);
  return assemble(prepared, decoder);
}
