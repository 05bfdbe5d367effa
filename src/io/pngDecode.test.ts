import { encode } from 'fast-png';
import { describe, expect, it } from 'vitest';
import { decodePng } from './pngDecode';

describe('decodePng', () => {
  it('keeps 16-bit grayscale at full precision', () => {
    const values = new Uint16Array([0, 1, 32767, 32768, 65534, 65535]);
    const image = decodePng(encode({ width: 3, height: 2, data: values, depth: 16, channels: 1 }));
    expect(image).toMatchObject({ width: 3, height: 2, channels: 1, bitDepth: 16 });
    for (let i = 0; i < values.length; i++) {
      expect(image.data[i]).toBeCloseTo(values[i] / 65535, 7);
      // Neighbouring 16-bit codes stay distinct.
      if (i > 0 && values[i] !== values[i - 1]) expect(image.data[i]).not.toBe(image.data[i - 1]);
    }
  });

  it('scales 8-bit RGB by 1/255 and drops alpha', () => {
    const rgb = decodePng(encode({ width: 1, height: 2, data: new Uint8Array([0, 128, 255, 10, 20, 30]), depth: 8, channels: 3 }));
    expect(rgb.channels).toBe(3);
    expect(Array.from(rgb.data)).toEqual([0, 128, 255, 10, 20, 30].map((v) => Math.fround(v / 255)));
    const rgba = decodePng(encode({ width: 1, height: 1, data: new Uint8Array([255, 0, 51, 7]), depth: 8, channels: 4 }));
    expect(rgba.channels).toBe(3);
    expect(Array.from(rgba.data)).toEqual([1, 0, Math.fround(51 / 255)]);
  });

  it('unpacks sub-byte grayscale rows', () => {
    // 1-bit, width 3: each row is one byte, padded.
    const data = new Uint8Array([0b10100000, 0b01000000]);
    const image = decodePng(encode({ width: 3, height: 2, data, depth: 1, channels: 1 }));
    expect(Array.from(image.data)).toEqual([1, 0, 1, 0, 1, 0]);
  });
});
