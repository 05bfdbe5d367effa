import { describe, expect, it } from 'vitest';
import { readNativeFrame, swapBytePairs } from './nativePixels';
import type { PixelLayout } from './pixelLayout';
import { frameValues } from './pixelValues';

const base: PixelLayout = { rows: 1, columns: 4, frames: 1, samplesPerPixel: 1, bitsAllocated: 16, bitsStored: 16, highBit: 15, pixelRepresentation: 0, photometric: 'MONOCHROME2', planarConfiguration: 0 };
const identity = { slope: 1, intercept: 0 };

describe('native pixel layouts', () => {
  it('YBR_FULL_422 (Y1 Y2 Cb Cr per pair) expands to one Cb/Cr per pixel before conversion', () => {
    const layout: PixelLayout = { ...base, samplesPerPixel: 3, bitsAllocated: 8, bitsStored: 8, highBit: 7, photometric: 'YBR_FULL_422' };
    const raw = readNativeFrame(Uint8Array.from([10, 20, 128, 128, 30, 40, 128, 128]), 0, layout, false);
    expect(Array.from(raw.samples)).toEqual([10, 128, 128, 20, 128, 128, 30, 128, 128, 40, 128, 128]);
    expect(Array.from(frameValues(raw, layout, identity, 0).data)).toEqual([10, 10, 10, 20, 20, 20, 30, 30, 30, 40, 40, 40]); // neutral chroma → gray
  });

  it('High Bit above Bits Stored − 1 shifts the stored bits down; signed values extend from their own top bit', () => {
    const layout: PixelLayout = { ...base, bitsStored: 12, highBit: 15, pixelRepresentation: 1 };
    const words = Uint16Array.from([0x7ff0, 0x8000, 0xfff0, 0x0010]); // 12-bit values in bits 4…15
    const raw = readNativeFrame(new Uint8Array(words.buffer), 0, layout, false);
    expect(Array.from(frameValues(raw, layout, identity, 4).data)).toEqual([2047, -2048, -1, 1]);
  });

  it('big endian words, 8-bit OW byte pairs and 1-bit packing', () => {
    const be = readNativeFrame(Uint8Array.from([0x01, 0x02, 0x03, 0x04, 0, 0, 0xff, 0xff]), 0, base, true);
    expect(Array.from(be.samples)).toEqual([0x0102, 0x0304, 0, 0xffff]);
    expect(Array.from(swapBytePairs(Uint8Array.from([1, 2, 3, 4, 5])))).toEqual([2, 1, 4, 3, 5]);
    const bits: PixelLayout = { ...base, columns: 5, frames: 2, bitsAllocated: 1, bitsStored: 1, highBit: 0 };
    const packed = Uint8Array.from([0b10110101, 0b00000011]); // frame 0: bits 0–4, frame 1: bits 5–9 (LSB first)
    expect(Array.from(readNativeFrame(packed, 0, bits, false).samples)).toEqual([1, 0, 1, 0, 1]);
    expect(Array.from(readNativeFrame(packed, 1, bits, false).samples)).toEqual([1, 0, 1, 1, 1]);
  });
});
