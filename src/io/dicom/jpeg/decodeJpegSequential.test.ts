import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadEmscriptenCodec, runDecoder } from '../codecs/emscriptenCodec';
import { decodeDicom } from '../decodeDicom';
import { FIXTURE_DIR } from '../testing/fixtureFiles';
import { HEIGHT, WIDTH, ctHounsfield, rgb8, smoothGray } from '../testing/fixturePixels';
import { encodeExtendedJpeg } from '../testing/jpegExtendedEncoder';
import { encodeBaselineJpeg } from '../testing/wasmEncoders';
import { decodeJpegSequential } from './decodeJpegSequential';

const ones = new Array<number>(64).fill(1);
const maxAbsDiff = (a: ArrayLike<number>, b: ArrayLike<number>): number => {
  let max = 0;
  for (let i = 0; i < a.length; i++) max = Math.max(max, Math.abs(a[i] - b[i]));
  return max;
};

describe('sequential DCT JPEG decoder (8- and 12-bit)', () => {
  it('decodes flat 12-bit images exactly, including both ends of the range', () => {
    for (const value of [0, 1, 2047, 2048, 3000, 4095]) {
      const samples = new Uint16Array(WIDTH * HEIGHT).fill(value);
      const decoded = decodeJpegSequential(encodeExtendedJpeg(samples, WIDTH, HEIGHT, { precision: 12, quant: ones }));
      expect(decoded).toMatchObject({ width: WIDTH, height: HEIGHT, precision: 12, components: 1 });
      expect(maxAbsDiff(decoded.samples, samples)).toBe(0);
    }
  });

  it('is near-lossless with unit quantisation at 8 and 12 bits', () => {
    const gray12 = Uint16Array.from(ctHounsfield(), (v) => v + 1024);
    expect(maxAbsDiff(decodeJpegSequential(encodeExtendedJpeg(gray12, WIDTH, HEIGHT, { precision: 12, quant: ones })).samples, gray12)).toBeLessThanOrEqual(1);
    const gray8 = smoothGray(8);
    expect(maxAbsDiff(decodeJpegSequential(encodeExtendedJpeg(gray8, WIDTH, HEIGHT, { precision: 8, quant: ones })).samples, gray8)).toBeLessThanOrEqual(1);
  });

  it('gives the same samples with and without restart intervals', () => {
    const samples = smoothGray(12);
    const options = { precision: 12 as const, quant: Array.from({ length: 64 }, (_, i) => 1 + (i % 9)) };
    const plain = decodeJpegSequential(encodeExtendedJpeg(samples, WIDTH, HEIGHT, options)).samples;
    for (const restartInterval of [1, 3, 7]) {
      expect(decodeJpegSequential(encodeExtendedJpeg(samples, WIDTH, HEIGHT, { ...options, restartInterval })).samples).toEqual(plain);
    }
  });

  it.each([
    [0, '4:4:4'],
    [1, '4:2:2'],
    [2, '4:2:0'],
  ])('matches libjpeg-turbo exactly on 8-bit colour with TJSAMP %i (%s), fancy upsampling included', async (subsampling) => {
    const jpeg = await encodeBaselineJpeg(rgb8(), WIDTH, HEIGHT, 3, 80, subsampling);
    const codec = await loadEmscriptenCodec('libjpeg-turbo-8bit', () => import('@cornerstonejs/codec-libjpeg-turbo-8bit/decodewasmjs'), 'JPEGDecoder');
    const reference = runDecoder(codec, jpeg, 'JPEG').bytes;
    const ours = decodeJpegSequential(jpeg);
    expect(ours.convertedToRgb).toBe(true);
    expect(maxAbsDiff(ours.samples, reference)).toBe(0);
  });

  it('refuses truncated and malformed streams instead of inventing pixels', () => {
    const jpeg = encodeExtendedJpeg(smoothGray(12), WIDTH, HEIGHT, { precision: 12, quant: ones });
    expect(() => decodeJpegSequential(jpeg.slice(0, jpeg.length - 200))).toThrow(expect.objectContaining({ code: 'truncated' }));
    expect(() => decodeJpegSequential(Uint8Array.from([0xff, 0xd8, 0xff, 0xd9]))).toThrow(expect.objectContaining({ code: 'corrupt-stream' }));
    expect(() => decodeJpegSequential(new TextEncoder().encode('not a jpeg'))).toThrow(expect.objectContaining({ code: 'corrupt-stream' }));
    const noTables = jpeg.slice();
    const dht = noTables.findIndex((b, i) => b === 0xff && noTables[i + 1] === 0xc4);
    noTables[dht + 4] = 0x03; // the DC table is now table 3, so the scan's table 0 is undefined
    expect(() => decodeJpegSequential(noTables)).toThrow(/Huffman table 0 is not defined/);
  });
});

/**
 * Bit-exactness against IJG's 12-bit codec, through DCMTK (Debian's dcmtk package). Skipped where
 * DCMTK is not installed; the hashes in decodeDicom.test.ts hold the same check everywhere.
 */
const dcmtk = (() => {
  try {
    execFileSync('dcmdjpeg', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

describe.skipIf(!dcmtk)('against DCMTK (IJG 6b, 8/12-bit)', () => {
  it.each(['ct12-jpeg-extended.dcm', 'mono8-jpeg-baseline.dcm', 'ybr-jpeg-baseline.dcm'])('%s decodes to the same values as dcmdjpeg', async (file) => {
    const dir = mkdtempSync(join(tmpdir(), 'ifim-dcmtk-'));
    execFileSync('dcmdjpeg', [FIXTURE_DIR + file, join(dir, 'out.dcm')]);
    const ours = await decodeDicom(new Uint8Array(readFileSync(FIXTURE_DIR + file)));
    const theirs = await decodeDicom(new Uint8Array(readFileSync(join(dir, 'out.dcm'))));
    expect(maxAbsDiff(ours.frameData[0], theirs.frameData[0])).toBe(0);
  });

  it('decodes IJG-encoded 12-bit files (standard and optimised tables, 4:2:2 colour) exactly', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ifim-dcmtk-'));
    const runs: [string, string[]][] = [
      ['ct-explicit-le.dcm', ['+ee', '+q', '75']],
      ['ct-explicit-le.dcm', ['+ee', '+q', '95', '-ho']],
      ['rgb-explicit-le.dcm', ['+ee', '+q', '85', '+bt']],
    ];
    for (const [i, [source, flags]] of runs.entries()) {
      const encoded = join(dir, `enc${i}.dcm`);
      const decoded = join(dir, `dec${i}.dcm`);
      execFileSync('dcmcjpeg', [...flags, FIXTURE_DIR + source, encoded], { stdio: 'ignore' });
      execFileSync('dcmdjpeg', [encoded, decoded], { stdio: 'ignore' });
      const ours = await decodeDicom(new Uint8Array(readFileSync(encoded)));
      const theirs = await decodeDicom(new Uint8Array(readFileSync(decoded)));
      expect(ours.transferSyntaxUid).toBe('1.2.840.10008.1.2.4.51');
      expect(maxAbsDiff(ours.frameData[0], theirs.frameData[0])).toBe(0);
    }
  });
});
