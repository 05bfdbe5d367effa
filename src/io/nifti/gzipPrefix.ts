import { Gunzip } from 'fflate';

/**
 * Inflating a .nii.gz in steps, so that the header can be read and the volume's size refused
 * before the whole file is inflated (a gzip's own length field, ISIZE, is only a hint modulo 2³²).
 */

export function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 18 && bytes[0] === 0x1f && bytes[1] === 0x8b && bytes[2] === 0x08;
}

/** Compressed bytes pushed per step: bounds the output of one step to ~1 MiB (deflate's ratio is ≤ 1032:1). */
const STEP = 1024;

export class GzipReader {
  private readonly gunzip: Gunzip;
  private readonly chunks: Uint8Array[] = [];
  private offset = 0;
  private inflated = 0;
  private ended = false;

  constructor(private readonly compressed: Uint8Array) {
    this.gunzip = new Gunzip((chunk, final) => {
      this.chunks.push(chunk);
      this.inflated += chunk.length;
      if (final) this.ended = true;
    });
  }

  /** Inflates until at least `bytes` are out or the stream ends; returns what is out, concatenated. */
  readAtLeast(bytes: number, step = STEP): Uint8Array {
    while (this.inflated < bytes && !this.ended && this.offset < this.compressed.length) {
      const end = Math.min(this.compressed.length, this.offset + step);
      this.gunzip.push(this.compressed.subarray(this.offset, end), end === this.compressed.length);
      this.offset = end;
    }
    return this.concatenated();
  }

  private concatenated(): Uint8Array {
    if (this.chunks.length === 1) return this.chunks[0];
    const out = new Uint8Array(this.inflated);
    let at = 0;
    for (const c of this.chunks) {
      out.set(c, at);
      at += c.length;
    }
    this.chunks.splice(0, this.chunks.length, out);
    return out;
  }
}
