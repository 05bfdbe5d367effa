import { describe, expect, it } from 'vitest';
import { decodeNpy, encodeNpyFloat32 } from './npy';

describe('NPY (format 1.0, <f4, C order)', () => {
  it('writes the header numpy expects: magic, version, 64-byte aligned header, shape tuple', () => {
    const bytes = encodeNpyFloat32([1, 2, 3, 4, 5, 6], [2, 3]);
    expect(Array.from(bytes.subarray(0, 8))).toEqual([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0]);
    const headerLength = bytes[8] | (bytes[9] << 8);
    expect((10 + headerLength) % 64).toBe(0);
    const header = new TextDecoder().decode(bytes.subarray(10, 10 + headerLength));
    expect(header).toMatch(/^\{'descr': '<f4', 'fortran_order': False, 'shape': \(2, 3\), \} *\n$/);
    const body = new DataView(bytes.buffer, 10 + headerLength);
    expect(body.getFloat32(5 * 4, true)).toBe(6);
    expect(bytes.length).toBe(10 + headerLength + 24);
  });

  it('writes one-dimensional shapes as a one-tuple and round-trips values exactly', () => {
    const values = Float32Array.from([0.1, -2.5e-8, 3e30]);
    const bytes = encodeNpyFloat32(values, [3]);
    expect(new TextDecoder().decode(bytes.subarray(10, 128))).toContain("'shape': (3,)");
    const back = decodeNpy(bytes);
    expect(back.shape).toEqual([3]);
    expect(Array.from(back.data)).toEqual(Array.from(values));
  });

  it('refuses a shape that does not match the data, and truncated or foreign files', () => {
    expect(() => encodeNpyFloat32([1, 2, 3], [2, 2])).toThrow(/holds 4 values/);
    const bytes = encodeNpyFloat32(new Float32Array(8), [2, 4]);
    expect(() => decodeNpy(bytes.subarray(0, bytes.length - 4), 'x.npy')).toThrow(/x.npy is truncated/);
    expect(() => decodeNpy(new TextEncoder().encode('not numpy at all'), 'y.npy')).toThrow(/y.npy is not a NumPy/);
  });
});
