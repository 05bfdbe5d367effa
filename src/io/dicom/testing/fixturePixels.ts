/**
 * The known pixel values behind every image fixture: scripts/make-image-fixtures.ts encodes them,
 * the tests decode the files and compare against these same functions. 61 × 45 so that rows are
 * not a multiple of 8 or 16 (JPEG edge blocks, odd row lengths) and width ≠ height.
 */

export const WIDTH = 61;
export const HEIGHT = 45;

/** A smooth field in [0, 1]: low-frequency content that lossy codecs keep well. */
function smooth(x: number, y: number, phase: number): number {
  return 0.5 + 0.3 * Math.sin(0.19 * x + phase) * Math.cos(0.23 * y - phase) + 0.2 * ((x + y) / (WIDTH + HEIGHT) - 0.5);
}

/** A CT-like slice in HU: air outside a body disk, soft tissue, a lung ellipse and a bone rim. */
export function ctHounsfield(frame = 0): Int16Array {
  const out = new Int16Array(WIDTH * HEIGHT);
  const cx = WIDTH / 2 + frame;
  const cy = HEIGHT / 2;
  for (let y = 0; y < HEIGHT; y++) {
    for (let x = 0; x < WIDTH; x++) {
      const r = Math.hypot((x - cx) / 27, (y - cy) / 20);
      const lung = Math.hypot((x - cx + 9) / 7, (y - cy) / 9) < 1;
      let hu: number;
      if (r > 1) hu = -1000 + Math.round(20 * smooth(x, y, 0));
      else if (r > 0.9) hu = 1100 + Math.round(400 * smooth(x, y, 1));
      else if (lung) hu = -850 + Math.round(100 * smooth(x, y, 2));
      else hu = 40 + Math.round(120 * smooth(x, y, 3)) - 60;
      out[y * WIDTH + x] = hu;
    }
  }
  return out;
}

/** Smooth unsigned samples spanning most of `bits` bits (for lossy codecs and plain gray images). */
export function smoothGray(bits: number, frame = 0): Uint16Array {
  const max = 2 ** bits - 1;
  const out = new Uint16Array(WIDTH * HEIGHT);
  for (let y = 0; y < HEIGHT; y++) {
    for (let x = 0; x < WIDTH; x++) out[y * WIDTH + x] = Math.round(max * Math.min(1, Math.max(0, smooth(x, y, frame * 0.7))));
  }
  return out;
}

/** Unsigned samples with sharp edges and full-range jumps (only for lossless syntaxes). */
export function edgyGray(bits: number): Uint16Array {
  const max = 2 ** bits - 1;
  const out = new Uint16Array(WIDTH * HEIGHT);
  for (let y = 0; y < HEIGHT; y++) {
    for (let x = 0; x < WIDTH; x++) {
      const checker = ((x >> 3) + (y >> 3)) % 2 === 0;
      out[y * WIDTH + x] = checker ? (x * 977 + y * 131) % (max + 1) : max - ((x * y * 37) % (max + 1));
    }
  }
  out[0] = 0;
  out[1] = max; // the extremes, so min/max are known exactly
  return out;
}

/** RGB, 8 bits per sample, interleaved: three different smooth fields. */
export function rgb8(): Uint8Array {
  const out = new Uint8Array(WIDTH * HEIGHT * 3);
  for (let y = 0; y < HEIGHT; y++) {
    for (let x = 0; x < WIDTH; x++) {
      for (let c = 0; c < 3; c++) out[(y * WIDTH + x) * 3 + c] = Math.round(255 * Math.min(1, Math.max(0, smooth(x + 7 * c, y - 5 * c, c))));
    }
  }
  return out;
}

/** RGB → YBR_FULL (PS3.3 C.7.6.3.1.2), rounded and clamped, as a file would store it. */
export function rgbToYbrFull(rgb: Uint8Array): Uint8Array {
  const out = new Uint8Array(rgb.length);
  const clamp = (v: number): number => Math.min(255, Math.max(0, Math.round(v)));
  for (let i = 0; i < rgb.length; i += 3) {
    const [r, g, b] = [rgb[i], rgb[i + 1], rgb[i + 2]];
    out[i] = clamp(0.299 * r + 0.587 * g + 0.114 * b);
    out[i + 1] = clamp(-0.1687 * r - 0.3313 * g + 0.5 * b + 128);
    out[i + 2] = clamp(0.5 * r - 0.4187 * g - 0.0813 * b + 128);
  }
  return out;
}

/** Interleaved samples → planar (all of component 0, then 1, then 2). */
export function toPlanar<T extends Uint8Array | Uint16Array>(interleaved: T): T {
  const pixels = interleaved.length / 3;
  const out = new (interleaved.constructor as new (n: number) => T)(interleaved.length);
  for (let p = 0; p < pixels; p++) for (let c = 0; c < 3; c++) out[c * pixels + p] = interleaved[p * 3 + c];
  return out;
}
