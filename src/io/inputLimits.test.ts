import { encode as encodePng } from 'fast-png';
import { zlibSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { crc32 } from './fuzz/headerFields';
import { decodeImageFile } from './decodeImage';
import { decodeNpyBatch, encodeNpyFloat32 } from './npy';

/** Limits checked from headers before the work, and inputs refused rather than passed on silently. */

function chunk(type: string, data: Uint8Array): Uint8Array {
  const out = new Uint8Array(12 + data.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, data.length);
  out.set(new TextEncoder().encode(type), 4);
  out.set(data, 8);
  view.setUint32(8 + data.length, crc32(out.subarray(4, 8 + data.length)));
  return out;
}

/** A gray 8-bit PNG whose IHDR says width × height and whose IDAT holds `inflated` (zlib). */
function png(width: number, height: number, inflated: Uint8Array): Uint8Array {
  const ihdr = new Uint8Array(13);
  new DataView(ihdr.buffer).setUint32(0, width);
  new DataView(ihdr.buffer).setUint32(4, height);
  ihdr.set([8, 0, 0, 0, 0], 8);
  const parts = [Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), chunk('IDAT', zlibSync(inflated)), chunk('IEND', new Uint8Array(0))];
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

const refusal = (p: Promise<unknown>): Promise<unknown> => p.then(() => null, (e: unknown) => e);

describe('PNG limits', () => {
  it('a well-formed handmade PNG decodes (the helper is right)', async () => {
    const rows = new Uint8Array(2 * (1 + 3));
    rows.set([0, 10, 20, 30, 0, 40, 50, 60]);
    const decoded = await decodeImageFile(png(3, 2, rows), 'ok.png');
    expect(decoded.kind === 'raster' && Array.from(decoded.image.data, (v) => Math.round(v * 255))).toEqual([10, 20, 30, 40, 50, 60]);
  });

  it('a decompression bomb is refused once the inflated data passes what IHDR declares', async () => {
    const bomb = png(64, 64, new Uint8Array(16 * 1024 * 1024)); // 16 MiB of zeros for a 4 KiB image
    expect(bomb.length).toBeLessThan(64 * 1024);
    expect(await refusal(decodeImageFile(bomb, 'bomb.png'))).toMatchObject({ code: 'inconsistent-header', message: expect.stringMatching(/^bomb\.png: the PNG image data inflates to more than the 4\.1 KiB its 64×64 header declares/) });
  });

  it('a header declaring far more than the data holds is refused with both numbers', async () => {
    expect(await refusal(decodeImageFile(png(8000, 8000, new Uint8Array(100)), 'big.png'))).toMatchObject({ code: 'inconsistent-header', message: expect.stringMatching(/holds 100 bytes, but its 8000×8000 header needs 61\.0 MiB/) });
  });

  it('height 0 and width 0 are refused', async () => {
    for (const [w, h] of [[4, 0], [0, 4]]) {
      const bytes = png(w, h, new Uint8Array(0));
      expect(await refusal(decodeImageFile(bytes, 'flat.png'))).toMatchObject({ code: 'zero-size', message: expect.stringMatching(new RegExp(`flat\\.png: the PNG image has no pixels: its header says ${w}×${h}`)) });
    }
  });

  it('40000×40000 is refused from IHDR with the numbers', async () => {
    const bytes = encodePng({ width: 1, height: 1, data: new Uint8Array(1), depth: 8, channels: 1 }).slice();
    const view = new DataView(bytes.buffer);
    view.setUint32(16, 40000);
    view.setUint32(20, 40000);
    view.setUint32(29, crc32(bytes.subarray(12, 29)));
    expect(await refusal(decodeImageFile(bytes, 'huge.png'))).toMatchObject({ code: 'too-large', message: 'huge.png: the PNG image is 40000×40000 (1.6 Gpx), too large to open: the limit is 67.1 Mpx — downsample it before opening' });
  });
});

describe('.npy batches for predict', () => {
  it('refuses an empty batch, a broken shape and a NaN (with its position)', () => {
    expect(() => decodeNpyBatch(encodeNpyFloat32([], [0, 4, 4, 1]), 'empty.npy')).toThrow(expect.objectContaining({ code: 'zero-size', message: 'empty.npy is an empty batch: shape (0, 4, 4, 1) holds no values' }));
    const nan = Float32Array.from({ length: 2 * 2 * 2 * 1 }, (_, i) => (i === 6 ? Number.NaN : i));
    expect(() => decodeNpyBatch(encodeNpyFloat32(nan, [2, 2, 2, 1]), 'nan.npy')).toThrow(expect.objectContaining({ code: 'non-finite-values', message: expect.stringMatching(/^nan\.npy has a not-a-number value at \[1, 1, 0, 0\] \(image 2\)/) }));
    const broken = new TextDecoder('latin1').decode(encodeNpyFloat32([1, 2], [1, 2])).replace('(1, 2)', '(0, x)');
    expect(() => decodeNpyBatch(Uint8Array.from(broken, (c) => c.charCodeAt(0)), 'shape.npy')).toThrow(expect.objectContaining({ code: 'corrupt-stream', message: expect.stringMatching(/shape\.npy has a damaged header: its shape \(0, x\)/) }));
  });

  it('refuses an absurd shape before allocating', () => {
    const header = new TextDecoder('latin1').decode(encodeNpyFloat32([1], [1, 1, 1, 1])).replace('(1, 1, 1, 1)', '(9999, 999, 999, 9)');
    expect(() => decodeNpyBatch(Uint8Array.from(header, (c) => c.charCodeAt(0)), 'huge.npy')).toThrow(expect.objectContaining({ code: 'too-large' }));
  });

  it('passes a clean batch through unchanged', () => {
    const batch = decodeNpyBatch(encodeNpyFloat32([0.5, -1, 2, 3], [1, 2, 2, 1]), 'ok.npy');
    expect(batch.shape).toEqual([1, 2, 2, 1]);
    expect(Array.from(batch.data)).toEqual([0.5, -1, 2, 3]);
  });
});
