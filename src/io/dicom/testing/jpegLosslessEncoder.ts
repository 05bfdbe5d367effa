import { EntropyWriter, buildHuffmanCode, dhtSegment } from './huffmanEncoder';

/**
 * Test-fixture encoder: JPEG lossless, process 14 (T.81 Annex H), one component, any of the seven
 * predictors — selection value 1 is what DICOM's 1.2.840.10008.1.2.4.70 requires.
 */

/** Predictor Px from neighbours a (left), b (above), c (above-left), H.1.2.1 Table H.1. */
function predict(selection: number, a: number, b: number, c: number): number {
  switch (selection) {
    case 1:
      return a;
    case 2:
      return b;
    case 3:
      return c;
    case 4:
      return a + b - c;
    case 5:
      return a + ((b - c) >> 1);
    case 6:
      return b + ((a - c) >> 1);
    case 7:
      return (a + b) >> 1;
    default:
      throw new Error(`selection value ${selection}`);
  }
}

/** Differences modulo 2^16, as signed values in −32767…32768 (H.1.2.2). */
function differences(samples: ArrayLike<number>, width: number, height: number, precision: number, selection: number): Int32Array {
  const out = new Int32Array(width * height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = y * width + x;
      let px: number;
      if (x === 0 && y === 0) px = 1 << (precision - 1);
      else if (y === 0) px = samples[i - 1];
      else if (x === 0) px = samples[i - width];
      else px = predict(selection, samples[i - 1], samples[i - width], samples[i - width - 1]);
      let diff = (samples[i] - px) & 0xffff;
      if (diff > 32768) diff -= 65536;
      out[i] = diff;
    }
  }
  return out;
}

function ssss(diff: number): number {
  if (diff === 32768) return 16;
  let size = 0;
  while (1 << size <= Math.abs(diff)) size++;
  return size;
}

/** `samples` are unsigned bit patterns of `precision` bits (signed data goes in as its two's complement). */
export function encodeLosslessJpeg(samples: ArrayLike<number>, width: number, height: number, precision: number, selection: number): Uint8Array {
  const diffs = differences(samples, width, height, precision, selection);
  const frequencies = new Map<number, number>();
  for (const d of diffs) frequencies.set(ssss(d), (frequencies.get(ssss(d)) ?? 0) + 1);
  const code = buildHuffmanCode(frequencies);
  const writer = new EntropyWriter();
  for (const d of diffs) {
    const size = ssss(d);
    const c = code.codeOf.get(size);
    if (!c) throw new Error(`no code for category ${size}`);
    writer.write(c.code, c.length);
    if (size > 0 && size < 16) writer.write(d >= 0 ? d : d + (1 << size) - 1, size);
  }
  const sof = [0xff, 0xc3, 0, 11, precision, height >> 8, height & 255, width >> 8, width & 255, 1, 1, 0x11, 0];
  const sos = [0xff, 0xda, 0, 8, 1, 1, 0x00, selection, 0, 0];
  const entropy = writer.toBytes();
  const head = [0xff, 0xd8, ...sof, ...dhtSegment(0, 0, code), ...sos];
  const out = new Uint8Array(head.length + entropy.length + 2);
  out.set(head, 0);
  out.set(entropy, head.length);
  out.set([0xff, 0xd9], head.length + entropy.length);
  return out;
}
