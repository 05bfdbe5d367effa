import { ImageDecodeError } from '../../imageDecodeError';
import type { HuffmanSpec } from './jpegMarkers';

/**
 * Huffman decoding for sequential JPEG (T.81 F.2.2): a bit reader over entropy-coded bytes that
 * removes stuffed zeros and stops at markers, and the MAXCODE/VALPTR decoding procedure (F.16).
 */

export class BitReader {
  private bitBuffer = 0;
  private bitCount = 0;
  /** Set once a marker is reached: from then on the reader supplies zero bits, as libjpeg does. */
  private hitMarker = false;
  /** Whether the bytes ran out without a marker, and how many made-up zero bits were queued. */
  private ranOut = false;
  private phantomBits = 0;

  constructor(
    private readonly bytes: Uint8Array,
    public position: number,
  ) {}

  private fill(): void {
    while (this.bitCount <= 24) {
      let byte = 0;
      if (!this.hitMarker && this.position < this.bytes.length) {
        byte = this.bytes[this.position];
        if (byte === 0xff) {
          const next = this.bytes[this.position + 1];
          if (next === 0x00) {
            this.position += 2;
          } else {
            this.hitMarker = true;
            byte = 0;
          }
        } else {
          this.position++;
        }
      } else {
        this.ranOut ||= !this.hitMarker;
        this.hitMarker = true;
      }
      if (this.hitMarker) this.phantomBits += 8;
      this.bitBuffer = ((this.bitBuffer << 8) | byte) >>> 0;
      this.bitCount += 8;
    }
  }

  bit(): number {
    if (this.bitCount === 0) this.fill();
    this.bitCount--;
    return (this.bitBuffer >>> this.bitCount) & 1;
  }

  /** `count` bits (0…16), most significant first. */
  bits(count: number): number {
    if (count === 0) return 0;
    if (this.bitCount < count) this.fill();
    this.bitCount -= count;
    return (this.bitBuffer >>> this.bitCount) & ((1 << count) - 1);
  }

  /**
   * Throws when decoding used bits that were not in the stream: libjpeg would warn and fill in
   * gray, but a viewer of medical images must not show made-up pixels as if they were real.
   */
  checkComplete(): void {
    if (this.phantomBits - this.bitCount <= 0) return;
    if (this.ranOut) throw new ImageDecodeError('truncated', 'JPEG stream: the data ends before the last block');
    throw new ImageDecodeError('corrupt-stream', 'JPEG stream: a marker interrupts the entropy-coded data');
  }

  /** At a restart interval: drop the partial byte, expect RSTn, continue after it (F.2.2.5, E.2.4). */
  restart(expected: number): void {
    this.checkComplete();
    this.phantomBits = 0;
    this.bitBuffer = 0;
    this.bitCount = 0;
    this.hitMarker = false;
    let i = this.position;
    while (i + 1 < this.bytes.length && !(this.bytes[i] === 0xff && this.bytes[i + 1] >= 0xd0 && this.bytes[i + 1] <= 0xd7)) i++;
    if (i + 1 >= this.bytes.length) throw new ImageDecodeError('corrupt-stream', `JPEG stream: restart marker RST${expected} missing`);
    this.position = i + 2;
  }

}

export class HuffmanTable {
  private readonly maxCode = new Int32Array(18);
  private readonly valPtr = new Int32Array(17);
  private readonly minCode = new Int32Array(17);
  private readonly symbols: Uint8Array;

  constructor(spec: HuffmanSpec) {
    this.symbols = spec.symbols;
    // Generate code lengths and codes in canonical order (C.2), then per-length bounds (F.15).
    let code = 0;
    let k = 0;
    for (let length = 1; length <= 16; length++) {
      const n = spec.counts[length - 1];
      if (n === 0) {
        this.maxCode[length] = -1;
      } else {
        this.valPtr[length] = k;
        this.minCode[length] = code;
        code += n;
        k += n;
        this.maxCode[length] = code - 1;
      }
      code <<= 1;
    }
    this.maxCode[17] = 0x7fffffff; // sentinel: a 17th bit means a corrupt stream
    if (k > spec.symbols.length) throw new ImageDecodeError('corrupt-stream', 'JPEG stream: Huffman table lists more codes than symbols');
  }

  decode(reader: BitReader): number {
    let code = reader.bit();
    let length = 1;
    while (code > this.maxCode[length]) {
      code = (code << 1) | reader.bit();
      length++;
      if (length > 16) throw new ImageDecodeError('corrupt-stream', 'JPEG stream: invalid Huffman code');
    }
    return this.symbols[this.valPtr[length] + code - this.minCode[length]];
  }
}

/** EXTEND (F.12): an s-bit magnitude category value → signed difference. */
export function extend(value: number, size: number): number {
  return value < 1 << (size - 1) ? value - (1 << size) + 1 : value;
}
