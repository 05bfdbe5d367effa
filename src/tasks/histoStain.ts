/**
 * `histo` staining: the stroma (eosin field, collagen fibres, clear spaces), chromatin texture and
 * nuclei drawn into haematoxylin and eosin concentration maps, then Beer–Lambert colour
 * (Ruifrok & Johnston 2001) and noise. The maps are module scratch reused between samples
 * (generation is synchronous).
 */
import { dexp } from './random';
import type { Rng } from './random';
import { blurInPlace } from './imageOps';
import type { Nucleus } from './histoNuclei';
import { HISTO_PARAMS, N, SIZE, STAIN_E, STAIN_H } from './histoParams';

const P = HISTO_PARAMS;
const LN10 = 2.302585092994046;

// Scratch buffers: stain concentration maps, random fields and blur workspace.
const haem = new Float64Array(N);
const eos = new Float64Array(N);
const field = new Float64Array(N);
const chrom = new Float64Array(N);
const tmp = new Float64Array(N);
const fibres = new Float64Array(N);

function smoothstep01(x: number): number {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  return x * x * (3 - 2 * x);
}

/** Adds fibre intensity along a quadratic Bézier curve by bilinear splatting every 0.5 px. */
function splatFibre(acc: Float64Array, rng: Rng): void {
  const p0r = rng.range(-8, SIZE + 8);
  const p0c = rng.range(-8, SIZE + 8);
  const p2r = rng.range(-8, SIZE + 8);
  const p2c = rng.range(-8, SIZE + 8);
  const mr = (p0r + p2r) / 2 + 10 * rng.normal();
  const mc = (p0c + p2c) / 2 + 10 * rng.normal();
  const strength = rng.range(0.5, 1);
  const len = Math.sqrt((p2r - p0r) * (p2r - p0r) + (p2c - p0c) * (p2c - p0c)) + 1;
  const steps = Math.ceil(len * 2.4);
  for (let k = 0; k <= steps; k++) {
    const t = k / steps;
    const a = (1 - t) * (1 - t);
    const b = 2 * t * (1 - t);
    const c = t * t;
    const r = a * p0r + b * mr + c * p2r;
    const col = a * p0c + b * mc + c * p2c;
    const r0 = Math.floor(r);
    const c0 = Math.floor(col);
    const fr = r - r0;
    const fc = col - c0;
    for (let dr = 0; dr < 2; dr++) {
      const rr = r0 + dr;
      if (rr < 0 || rr >= SIZE) continue;
      const wr = dr === 0 ? 1 - fr : fr;
      for (let dc = 0; dc < 2; dc++) {
        const cc = c0 + dc;
        if (cc < 0 || cc >= SIZE) continue;
        acc[rr * SIZE + cc] += strength * 0.5 * wr * (dc === 0 ? 1 - fc : fc);
      }
    }
  }
}

/**
 * Fills the eosin map with the stroma (scaled by the slide's eosin stain factor) and clears the
 * haematoxylin map. Returns the number of collagen fibres.
 */
export function drawStroma(bg: Rng, stainE: number, eosinMean: number): number {
  // Stroma: smooth eosin variation (white noise blurred with σ = 3 px; SD of that field ≈ 0.094).
  for (let i = 0; i < N; i++) field[i] = bg.normal();
  blurInPlace(field, SIZE, SIZE, 3, tmp);
  // Collagen fibres: Bézier curves splatted into an accumulator and blurred (σ = 0.7 px).
  fibres.fill(0);
  const nFibres = bg.intRange(P.fibres[0], P.fibres[1]);
  for (let k = 0; k < nFibres; k++) splatFibre(fibres, bg);
  blurInPlace(fibres, SIZE, SIZE, 0.7, tmp);
  // Clear spaces (0–2 soft ellipses).
  const nGaps = bg.int(3);
  const gaps: number[][] = [];
  for (let k = 0; k < nGaps; k++) gaps.push([bg.range(0, SIZE), bg.range(0, SIZE), bg.range(3, 7), bg.range(2, 4)]);
  for (let y = 0; y < SIZE; y++) {
    for (let x = 0; x < SIZE; x++) {
      const i = y * SIZE + x;
      const f = fibres[i] > 1 ? 1 : fibres[i];
      // ±20 % (1 SD) smooth variation: 10.6 ≈ 1/0.094 normalises the blurred field to unit SD.
      let e = eosinMean * (1 + 0.2 * 10.6 * field[i]) + 0.35 * f;
      for (const g of gaps) {
        const dy = (y - g[0]) / g[3];
        const dx = (x - g[1]) / g[2];
        e *= 1 - 0.75 * (1 - smoothstep01((Math.sqrt(dx * dx + dy * dy) - 0.8) / 0.4));
      }
      eos[i] = stainE * (e < 0 ? 0 : e);
      haem[i] = 0;
    }
  }
  return nFibres;
}

/** Draws the chromatin texture (fine, σ = 0.6 px) shared by all nuclei of a sample. */
export function drawChromatin(bg: Rng): void {
  for (let i = 0; i < N; i++) chrom[i] = bg.normal();
  blurInPlace(chrom, SIZE, SIZE, 0.6, tmp);
  for (let i = 0; i < N; i++) chrom[i] *= 2.2; // ≈ unit SD
}

/**
 * Renders nucleus n into the haematoxylin map (max-composited) and lowers eosin under it.
 * When mask is given, marks pixels with membership ≥ 0.5.
 */
export function renderNucleus(n: Nucleus, mask: Uint8Array | null, draw: boolean): void {
  const ax = n.radius * n.aspect;
  const ay = n.radius;
  const extent = ax * (1 + n.harm[0] + n.harm[1] + n.harm[2]) + 1.5;
  const y0 = Math.max(0, Math.floor(n.row - extent));
  const y1 = Math.min(SIZE - 1, Math.ceil(n.row + extent));
  const x0 = Math.max(0, Math.floor(n.col - extent));
  const x1 = Math.min(SIZE - 1, Math.ceil(n.col + extent));
  const edge = 0.7 / n.radius; // soft edge ≈ 0.7 px in normalised radius
  const irregular = n.harm[0] + n.harm[1] + n.harm[2] > 0;
  for (let y = y0; y <= y1; y++) {
    for (let x = x0; x <= x1; x++) {
      const dy = y - n.row;
      const dx = x - n.col;
      const xr = n.cos * dx + n.sin * dy;
      const yr = -n.sin * dx + n.cos * dy;
      const rho = Math.sqrt((xr / ax) * (xr / ax) + (yr / ay) * (yr / ay));
      let boundary = 1;
      if (irregular) {
        const d = Math.sqrt(xr * xr + yr * yr);
        if (d > 1e-9) {
          // cos kψ, sin kψ by complex powers of (cos ψ + i sin ψ): no trigonometric functions.
          const c1 = xr / d;
          const s1 = yr / d;
          const c2 = c1 * c1 - s1 * s1;
          const s2 = 2 * c1 * s1;
          const c3 = c2 * c1 - s2 * s1;
          const s3 = s2 * c1 + c2 * s1;
          const c4 = c2 * c2 - s2 * s2;
          const s4 = 2 * c2 * s2;
          boundary +=
            n.harm[0] * (c2 * n.phase[0][0] - s2 * n.phase[0][1]) +
            n.harm[1] * (c3 * n.phase[1][0] - s3 * n.phase[1][1]) +
            n.harm[2] * (c4 * n.phase[2][0] - s4 * n.phase[2][1]);
        }
      }
      let m = (boundary - rho) / edge + 0.5;
      if (m <= 0) continue;
      if (m > 1) m = 1;
      const i = y * SIZE + x;
      if (mask && m >= 0.5) mask[i] = 1;
      if (!draw) continue;
      const rel = rho / boundary; // 0 at the centre, 1 at the boundary
      let h = n.haem * (1 + n.chromatin * chrom[i]) * (1 + n.margination * smoothstep01((rel - 0.55) / 0.45));
      if (n.nucleolus > 0) {
        const nr = y - n.nucleolusRow;
        const nc = x - n.nucleolusCol;
        const q = 1 - (nr * nr + nc * nc) / 1.1;
        if (q > 0) h += n.nucleolus * q;
      }
      h *= m;
      if (h > haem[i]) haem[i] = h;
      eos[i] *= 1 - 0.65 * m;
    }
  }
}

/** Blurs the stain maps slightly and writes the RGB image (Beer–Lambert colour plus noise) to out[offset…]. */
export function writeStainedImage(noise: Rng, out: Float32Array, offset: number): void {
  blurInPlace(haem, SIZE, SIZE, 0.5, tmp);
  blurInPlace(eos, SIZE, SIZE, 0.5, tmp);
  for (let i = 0; i < N; i++) {
    const h = haem[i];
    const e = eos[i];
    for (let ch = 0; ch < 3; ch++) {
      const od = h * STAIN_H[ch] + e * STAIN_E[ch] + P.backgroundOd;
      let v = P.illumination * dexp(-od * LN10) + P.noiseSd * noise.normal();
      v = v < 0 ? 0 : v > 1 ? 1 : v;
      out[offset + 3 * i + ch] = v;
    }
  }
}
