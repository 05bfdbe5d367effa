import { ZIGZAG } from '../jpeg/jpegMarkers';
import { EntropyWriter, buildHuffmanCode, category, dhtSegment } from './huffmanEncoder';
import type { HuffmanCode } from './huffmanEncoder';

/**
 * Test-fixture encoder: grayscale sequential DCT JPEG with Huffman coding, SOF1 (extended) at 8 or
 * 12 bits — what DICOM's 1.2.840.10008.1.2.4.51 holds. Float forward DCT, tables fitted to the
 * image, an optional restart interval so the decoder's RSTn handling is exercised.
 */

export interface ExtendedJpegOptions {
  readonly precision: 8 | 12;
  /** Quantisation table in natural order (64 entries); all ones is near-lossless. */
  readonly quant: readonly number[];
  readonly restartInterval?: number;
}

function forwardDct(block: Float64Array): Float64Array {
  const out = new Float64Array(64);
  for (let v = 0; v < 8; v++) {
    for (let u = 0; u < 8; u++) {
      let sum = 0;
      for (let y = 0; y < 8; y++) {
        for (let x = 0; x < 8; x++) sum += block[y * 8 + x] * Math.cos(((2 * x + 1) * u * Math.PI) / 16) * Math.cos(((2 * y + 1) * v * Math.PI) / 16);
      }
      const cu = u === 0 ? Math.SQRT1_2 : 1;
      const cv = v === 0 ? Math.SQRT1_2 : 1;
      out[v * 8 + u] = 0.25 * cu * cv * sum;
    }
  }
  return out;
}

/** Quantised coefficients (zig-zag order) of every block, edge pixels replicated into partial blocks. */
function quantisedBlocks(samples: ArrayLike<number>, width: number, height: number, options: ExtendedJpegOptions): Int32Array[] {
  const center = 1 << (options.precision - 1);
  const blocks: Int32Array[] = [];
  const block = new Float64Array(64);
  for (let by = 0; by < Math.ceil(height / 8); by++) {
    for (let bx = 0; bx < Math.ceil(width / 8); bx++) {
      for (let y = 0; y < 8; y++) {
        for (let x = 0; x < 8; x++) {
          const sy = Math.min(by * 8 + y, height - 1);
          const sx = Math.min(bx * 8 + x, width - 1);
          block[y * 8 + x] = samples[sy * width + sx] - center;
        }
      }
      const dct = forwardDct(block);
      const zz = new Int32Array(64);
      for (let k = 0; k < 64; k++) zz[k] = Math.round(dct[ZIGZAG[k]] / options.quant[ZIGZAG[k]]);
      blocks.push(zz);
    }
  }
  return blocks;
}

/** Runs each block through `emit` as (table, symbol, extra bits, extra length) — once to count, once to write. */
function walk(blocks: Int32Array[], restartInterval: number, emit: (table: 'dc' | 'ac', symbol: number, bits: number, size: number) => void, restart: (n: number) => void): void {
  let pred = 0;
  blocks.forEach((zz, index) => {
    if (restartInterval > 0 && index > 0 && index % restartInterval === 0) {
      restart(index / restartInterval - 1);
      pred = 0;
    }
    const dc = category(zz[0] - pred);
    pred = zz[0];
    emit('dc', dc.size, dc.bits, dc.size);
    let run = 0;
    for (let k = 1; k < 64; k++) {
      if (zz[k] === 0) {
        run++;
        continue;
      }
      while (run > 15) {
        emit('ac', 0xf0, 0, 0);
        run -= 16;
      }
      const ac = category(zz[k]);
      emit('ac', (run << 4) | ac.size, ac.bits, ac.size);
      run = 0;
    }
    if (run > 0) emit('ac', 0x00, 0, 0);
  });
}

export function encodeExtendedJpeg(samples: ArrayLike<number>, width: number, height: number, options: ExtendedJpegOptions): Uint8Array {
  const blocks = quantisedBlocks(samples, width, height, options);
  const restartInterval = options.restartInterval ?? 0;
  const counts = { dc: new Map<number, number>(), ac: new Map<number, number>() };
  walk(
    blocks,
    restartInterval,
    (table, symbol) => counts[table].set(symbol, (counts[table].get(symbol) ?? 0) + 1),
    () => {},
  );
  const codes: Record<'dc' | 'ac', HuffmanCode> = { dc: buildHuffmanCode(counts.dc), ac: buildHuffmanCode(counts.ac) };
  const writer = new EntropyWriter();
  walk(
    blocks,
    restartInterval,
    (table, symbol, bits, size) => {
      const code = codes[table].codeOf.get(symbol);
      if (!code) throw new Error(`no code for symbol ${symbol}`);
      writer.write(code.code, code.length);
      if (size > 0) writer.write(bits, size);
    },
    (n) => writer.marker(0xd0 + (n % 8)),
  );
  const wide = options.quant.some((q) => q > 255);
  const dqt = [0xff, 0xdb, 0, 3 + 64 * (wide ? 2 : 1), wide ? 0x10 : 0x00];
  for (let k = 0; k < 64; k++) {
    const q = options.quant[ZIGZAG[k]];
    if (wide) dqt.push(q >> 8, q & 255);
    else dqt.push(q);
  }
  const sof = [0xff, 0xc1, 0, 11, options.precision, height >> 8, height & 255, width >> 8, width & 255, 1, 1, 0x11, 0];
  const dri = restartInterval > 0 ? [0xff, 0xdd, 0, 4, restartInterval >> 8, restartInterval & 255] : [];
  const sos = [0xff, 0xda, 0, 8, 1, 1, 0x00, 0, 63, 0];
  return Uint8Array.from([0xff, 0xd8, ...dqt, ...sof, ...dhtSegment(0, 0, codes.dc), ...dhtSegment(1, 0, codes.ac), ...dri, ...sos, ...writer.toBytes(), 0xff, 0xd9]);
}
