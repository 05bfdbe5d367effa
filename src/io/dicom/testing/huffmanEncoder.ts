/**
 * Test-fixture support: Huffman tables fitted to symbol counts (T.81 Annex K.2, limited to 16-bit
 * codes) and an entropy-coded-segment writer with 0xFF byte stuffing. The fixture encoders need
 * their own tables because the example tables of Annex K stop at 8-bit magnitude categories.
 */

export interface HuffmanCode {
  /** BITS: number of codes of each length 1…16. */
  readonly counts: Uint8Array;
  /** HUFFVAL: symbols in code order. */
  readonly symbols: Uint8Array;
  readonly codeOf: Map<number, { code: number; length: number }>;
}

export function buildHuffmanCode(frequencies: Map<number, number>): HuffmanCode {
  const freq = new Float64Array(257);
  for (const [symbol, count] of frequencies) freq[symbol] = count;
  freq[256] = 1; // K.2: a reserved symbol so that no real code is all ones
  const codeSize = new Int32Array(257);
  const others = new Int32Array(257).fill(-1);
  for (;;) {
    let v1 = -1;
    let v2 = -1;
    for (let i = 0; i <= 256; i++) {
      if (freq[i] === 0) continue;
      if (v1 < 0 || freq[i] <= freq[v1]) {
        v2 = v1;
        v1 = i;
      } else if (v2 < 0 || freq[i] <= freq[v2]) {
        v2 = i;
      }
    }
    if (v2 < 0) break;
    freq[v1] += freq[v2];
    freq[v2] = 0;
    for (let i = v1; ; i = others[i]) {
      codeSize[i]++;
      if (others[i] < 0) {
        others[i] = v2;
        break;
      }
    }
    for (let i = v2; i >= 0; i = others[i]) codeSize[i]++;
  }
  const bits = new Int32Array(33);
  for (let i = 0; i <= 256; i++) if (codeSize[i] > 0) bits[codeSize[i]]++;
  // K.2 Figure K.3: limit code lengths to 16.
  for (let i = 32; i > 16; i--) {
    while (bits[i] > 0) {
      let j = i - 2;
      while (bits[j] === 0) j--;
      bits[i] -= 2;
      bits[i - 1]++;
      bits[j + 1] += 2;
      bits[j]--;
    }
  }
  let longest = 16;
  while (bits[longest] === 0) longest--;
  bits[longest]--; // drop the reserved symbol's code
  const symbols: number[] = [];
  for (let length = 1; length <= 32; length++) {
    for (let s = 0; s < 256; s++) if (codeSize[s] === length) symbols.push(s);
  }
  const counts = Uint8Array.from(bits.slice(1, 17));
  const codeOf = new Map<number, { code: number; length: number }>();
  let code = 0;
  let k = 0;
  for (let length = 1; length <= 16; length++) {
    for (let n = 0; n < counts[length - 1]; n++) codeOf.set(symbols[k++], { code: code++, length });
    code <<= 1;
  }
  return { counts, symbols: Uint8Array.from(symbols), codeOf };
}

/** Magnitude category (SSSS) of a difference, and the extra bits that follow its code (F.1.2.1). */
export function category(value: number): { size: number; bits: number } {
  const magnitude = Math.abs(value);
  let size = 0;
  while (1 << size <= magnitude) size++;
  const bits = value >= 0 ? value : value + (1 << size) - 1;
  return { size, bits };
}

export class EntropyWriter {
  private readonly bytes: number[] = [];
  private buffer = 0;
  private count = 0;

  write(value: number, length: number): void {
    for (let i = length - 1; i >= 0; i--) {
      this.buffer = (this.buffer << 1) | ((value >> i) & 1);
      if (++this.count === 8) this.emit();
    }
  }

  private emit(): void {
    this.bytes.push(this.buffer);
    if (this.buffer === 0xff) this.bytes.push(0x00);
    this.buffer = 0;
    this.count = 0;
  }

  /** Pads the last byte with ones (F.1.2.3). */
  flush(): void {
    if (this.count > 0) this.write((1 << (8 - this.count)) - 1, 8 - this.count);
  }

  marker(code: number): void {
    this.flush();
    this.bytes.push(0xff, code);
  }

  toBytes(): number[] {
    this.flush();
    return this.bytes;
  }
}

/** A DHT segment for one table. */
export function dhtSegment(tableClass: 0 | 1, id: number, code: HuffmanCode): number[] {
  const length = 2 + 1 + 16 + code.symbols.length;
  return [0xff, 0xc4, length >> 8, length & 255, (tableClass << 4) | id, ...code.counts, ...code.symbols];
}
