import { describe, expect, it } from 'vitest';
import type { PixelLayout } from './pixelLayout';
import { decodeRleFrame } from './rle';
import { encodeRleFrame } from './testing/rleEncoder';

const layout = (columns: number, rows: number, samplesPerPixel: 1 | 3, bitsAllocated: number): PixelLayout => ({
  rows, columns, frames: 1, samplesPerPixel, bitsAllocated, bitsStored: bitsAllocated, highBit: bitsAllocated - 1, pixelRepresentation: 0, photometric: samplesPerPixel === 3 ? 'RGB' : 'MONOCHROME2', planarConfiguration: 0,
});

describe('RLE Lossless (PS3.5 Annex G)', () => {
  it('round-trips runs longer than 128, literals and 16-bit RGB (six segments)', () => {
    const pixels = 300 * 3;
    const rgb16 = Uint16Array.from({ length: pixels * 3 }, (_, i) => (i < 600 ? 0xabcd : (i * 7919) & 0xffff));
    const decoded = decodeRleFrame(encodeRleFrame(rgb16, pixels, 3, 2), layout(300, 3, 3, 16));
    expect(decoded.components).toBe(3);
    expect(Array.from(decoded.samples)).toEqual(Array.from(rgb16));
  });

  it('refuses a frame whose segment count does not match the pixel layout', () => {
    const gray8 = encodeRleFrame(new Uint8Array(64).fill(3), 64, 1, 1);
    expect(() => decodeRleFrame(gray8, layout(8, 8, 1, 16))).toThrow(expect.objectContaining({ code: 'corrupt-stream', message: expect.stringMatching(/1 segments; 1 sample\(s\) of 16 bits need 2/) }));
  });

  it('refuses a segment that decodes to too few bytes', () => {
    const frame = encodeRleFrame(new Uint8Array(64).fill(3), 64, 1, 1);
    expect(() => decodeRleFrame(frame.slice(0, frame.length - 2), layout(8, 8, 1, 8))).toThrow(expect.objectContaining({ code: 'corrupt-stream' }));
  });
});
