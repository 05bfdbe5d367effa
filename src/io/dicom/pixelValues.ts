import { ImageDecodeError } from '../imageDecodeError';
import type { Rescale } from './attributes';
import type { PixelLayout } from './pixelLayout';
import type { RawFrame } from './rawFrame';

/**
 * From a decoder's samples to the record's values: keep the stored bits (PS3.5 §8.1.1, high bit),
 * extend the sign for two's complement data, turn YBR into RGB, apply the Modality LUT rescale.
 */

export interface FrameValues {
  readonly data: Float32Array;
  readonly storedMin: number;
  readonly storedMax: number;
  readonly rescaledMin: number;
  readonly rescaledMax: number;
}

/** Stored bits → integer values. `shift` is highBit + 1 − bitsStored for native data, 0 for codec output. */
function storedValues(raw: RawFrame, layout: PixelLayout, shift: number): Float64Array {
  const { bitsStored, pixelRepresentation } = layout;
  const samples = raw.samples;
  const out = new Float64Array(samples.length);
  const range = 2 ** bitsStored;
  const signBit = 2 ** (bitsStored - 1);
  const divisor = 2 ** shift;
  for (let i = 0; i < samples.length; i++) {
    let v = samples[i];
    if (v < 0) v += 2 ** 32; // codec output already signed: back to its bit pattern
    v = Math.floor(v / divisor) % range;
    if (pixelRepresentation === 1 && v >= signBit) v -= range;
    out[i] = v;
  }
  return out;
}

/** YBR_FULL → RGB, the inverse of PS3.3 C.7.6.3.1.2 (ITU-R BT.601 full range), rounded and clamped. */
export function ybrFullToRgb(values: Float64Array, bitsStored: number): void {
  const center = 2 ** (bitsStored - 1);
  const max = 2 ** bitsStored - 1;
  const clamp = (v: number): number => Math.min(max, Math.max(0, Math.round(v)));
  for (let i = 0; i + 2 < values.length; i += 3) {
    const y = values[i];
    const cb = values[i + 1] - center;
    const cr = values[i + 2] - center;
    values[i] = clamp(y + 1.402 * cr);
    values[i + 1] = clamp(y - 0.344136 * cb - 0.714136 * cr);
    values[i + 2] = clamp(y + 1.772 * cb);
  }
}

/** Whether the frame needs our YBR → RGB conversion (JPEG codecs and J2K with MCT already give RGB). */
export function needsYbrConversion(raw: RawFrame, photometric: string): boolean {
  if (raw.components !== 3 || raw.colourIsRgb) return false;
  if (photometric === 'YBR_FULL' || photometric === 'YBR_FULL_422') return true;
  if (photometric.startsWith('YBR_PARTIAL')) {
    throw new ImageDecodeError('unsupported-pixel-format', `${photometric} outside a JPEG stream is not supported`);
  }
  return false; // RGB, or YBR_RCT / YBR_ICT which OpenJPEG inverts itself
}

export function frameValues(raw: RawFrame, layout: PixelLayout, rescale: Rescale, shift: number): FrameValues {
  const expected = layout.rows * layout.columns * layout.samplesPerPixel;
  if (raw.samples.length < expected) throw new ImageDecodeError('corrupt-stream', `a frame decoded to ${raw.samples.length} samples; ${expected} were expected`);
  const stored = storedValues(raw.samples.length === expected ? raw : { ...raw, samples: raw.samples.subarray(0, expected) }, layout, shift);
  let storedMin = Infinity;
  let storedMax = -Infinity;
  for (const v of stored) {
    if (v < storedMin) storedMin = v;
    if (v > storedMax) storedMax = v;
  }
  const colour = raw.components === 3;
  if (needsYbrConversion(raw, layout.photometric)) ybrFullToRgb(stored, layout.bitsStored);
  const data = new Float32Array(stored.length);
  let rescaledMin = Infinity;
  let rescaledMax = -Infinity;
  // The Modality LUT applies to grayscale only (PS3.3 C.11.1); colour samples are kept as they are.
  const slope = colour ? 1 : rescale.slope;
  const intercept = colour ? 0 : rescale.intercept;
  for (let i = 0; i < stored.length; i++) {
    const v = stored[i] * slope + intercept;
    data[i] = v;
    if (data[i] < rescaledMin) rescaledMin = data[i];
    if (data[i] > rescaledMax) rescaledMax = data[i];
  }
  return { data, storedMin, storedMax, rescaledMin, rescaledMax };
}
