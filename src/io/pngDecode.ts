import { convertIndexedToRgb, decode } from 'fast-png';
import type { DecodedPng } from 'fast-png';
import type { UnitImage } from '../core';
import type { UserWarning } from '../core/userFacingError';
import { describeThrown } from '../core/userFacingError';
import { ImageDecodeError } from './imageDecodeError';
import { preflightPng } from './pngPreflight';

/** A decoded PNG: a UnitImage (1 or 3 channels, values in [0, 1]) and the depth it came from. */
export interface PngImage extends UnitImage {
  /** Bits per sample in the file (16 for the 16-bit grayscale samples; 8 after palette expansion). */
  readonly bitDepth: number;
  /** Problems found on the way that did not stop decoding (shown beside the result, saved with it). */
  readonly warnings?: readonly UserWarning[];
}

/**
 * PNG bytes → UnitImage. Samples are divided by 2^depth − 1, so 16-bit images keep their full
 * precision (value / 65535 in float32 is exact to 2⁻²⁴, well below one 16-bit step). Palette images
 * are expanded to RGB; alpha is dropped (the classifiers take gray or RGB).
 */
export function decodePng(bytes: ArrayBuffer | ArrayBufferView): PngImage {
  const view = bytes instanceof ArrayBuffer ? new Uint8Array(bytes) : new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  // Structure, CRCs and a capped inflate first: fast-png inflates whatever IDAT holds.
  preflightPng(view);
  let png: DecodedPng;
  try {
    png = decode(view);
  } catch (error) {
    throw new ImageDecodeError('corrupt-stream', 'the PNG image data is damaged', { details: describeThrown(error) });
  }
  if (png.palette) return fromSamples(png.width, png.height, 8, png.palette[0]?.length === 4 ? 4 : 3, convertIndexedToRgb(png));
  const samples = png.depth < 8 ? unpackSubByte(png) : png.data;
  return fromSamples(png.width, png.height, png.depth, png.channels, samples);
}

function fromSamples(width: number, height: number, depth: number, channels: number, samples: ArrayLike<number>): PngImage {
  if (channels < 1 || channels > 4) throw new ImageDecodeError('unsupported-pixel-format', `a PNG with ${channels} channels is not supported`);
  const colour = channels >= 3 ? 3 : 1; // drop alpha (gray+alpha: 2 → 1, RGBA: 4 → 3)
  const pixels = width * height;
  if (samples.length < pixels * channels) throw new ImageDecodeError('truncated', `the PNG image data is truncated: ${samples.length} samples for ${width}×${height}×${channels}`);
  const scale = 1 / (2 ** depth - 1);
  const data = new Float32Array(pixels * colour);
  for (let p = 0; p < pixels; p++) {
    for (let c = 0; c < colour; c++) data[p * colour + c] = samples[p * channels + c] * scale;
  }
  return { width, height, channels: colour, data, bitDepth: depth };
}

/** Depths 1, 2 and 4 arrive packed, each row padded to a whole byte (PNG spec §7.2). */
function unpackSubByte(png: DecodedPng): Uint8Array {
  const { width, height, channels, depth } = png;
  const packed = png.data;
  const perRow = width * channels;
  const bytesPerRow = Math.ceil((perRow * depth) / 8);
  const mask = (1 << depth) - 1;
  const out = new Uint8Array(perRow * height);
  for (let y = 0; y < height; y++) {
    for (let i = 0; i < perRow; i++) {
      const bit = i * depth;
      const byte = packed[y * bytesPerRow + (bit >> 3)];
      out[y * perRow + i] = (byte >> (8 - depth - (bit & 7))) & mask;
    }
  }
  return out;
}

/** Fetches and decodes a PNG, with the URL in the error when either step fails. */
export async function fetchPng(url: string, fetchImpl: typeof fetch = fetch): Promise<PngImage> {
  const response = await fetchImpl(url);
  if (!response.ok) throw new Error(`could not load ${url}: HTTP ${response.status}`);
  try {
    return decodePng(await response.arrayBuffer());
  } catch (error) {
    throw new Error(`could not decode ${url} as PNG: ${error instanceof Error ? error.message : String(error)}`);
  }
}
