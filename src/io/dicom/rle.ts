import { ImageDecodeError } from '../imageDecodeError';
import type { PixelLayout } from './pixelLayout';
import type { RawFrame } from './rawFrame';

/**
 * RLE Lossless (PS3.5 Annex G): a 64-byte header of segment offsets, then one PackBits segment per
 * byte plane — for each sample, most significant byte first. Planes are always separate, so the
 * output is interleaved whatever Planar Configuration says.
 */
export function decodeRleFrame(encoded: Uint8Array, layout: PixelLayout): RawFrame {
  const pixels = layout.rows * layout.columns;
  const bytesPerSample = Math.ceil(layout.bitsAllocated / 8);
  const components = layout.samplesPerPixel;
  const expected = bytesPerSample * components;
  if (encoded.length < 64) throw new ImageDecodeError('corrupt-stream', `RLE frame of ${encoded.length} bytes is shorter than its 64-byte header`);
  const view = new DataView(encoded.buffer, encoded.byteOffset, encoded.length);
  const segments = view.getUint32(0, true);
  if (segments !== expected) {
    throw new ImageDecodeError('corrupt-stream', `RLE frame has ${segments} segments; ${components} sample(s) of ${layout.bitsAllocated} bits need ${expected}`);
  }
  const offsets: number[] = [];
  for (let s = 0; s < segments; s++) offsets.push(view.getUint32(4 + s * 4, true));
  const planes: Uint8Array[] = [];
  for (let s = 0; s < segments; s++) {
    const start = offsets[s];
    const end = s + 1 < segments ? offsets[s + 1] : encoded.length;
    if (start < 64 || end > encoded.length || end < start) throw new ImageDecodeError('corrupt-stream', `RLE segment ${s + 1} lies outside the frame (${start}–${end} of ${encoded.length})`);
    planes.push(unpackBits(encoded, start, end, pixels, s + 1));
  }
  const total = pixels * components;
  const samples = bytesPerSample === 1 ? new Uint8Array(total) : bytesPerSample === 2 ? new Uint16Array(total) : new Uint32Array(total);
  for (let c = 0; c < components; c++) {
    for (let b = 0; b < bytesPerSample; b++) {
      const plane = planes[c * bytesPerSample + b];
      const shift = 8 * (bytesPerSample - 1 - b);
      for (let p = 0; p < pixels; p++) samples[p * components + c] += plane[p] * 2 ** shift;
    }
  }
  return { samples, components, colourIsRgb: false };
}

/** PackBits: control byte n ≥ 0 copies n+1 literal bytes; −127…−1 repeats the next byte 1−n times; −128 is a no-op. */
function unpackBits(src: Uint8Array, start: number, end: number, length: number, segment: number): Uint8Array {
  const out = new Uint8Array(length);
  let i = start;
  let o = 0;
  while (o < length && i < end) {
    const n = (src[i++] << 24) >> 24;
    if (n >= 0) {
      const count = n + 1;
      if (i + count > end || o + count > length) throw new ImageDecodeError('corrupt-stream', `RLE segment ${segment} overruns its literal run`);
      out.set(src.subarray(i, i + count), o);
      i += count;
      o += count;
    } else if (n !== -128) {
      const count = 1 - n;
      if (i >= end || o + count > length) throw new ImageDecodeError('corrupt-stream', `RLE segment ${segment} overruns its repeat run`);
      out.fill(src[i++], o, o + count);
      o += count;
    }
  }
  if (o < length) throw new ImageDecodeError('corrupt-stream', `RLE segment ${segment} decodes to ${o} bytes; the frame needs ${length}`);
  return out;
}
