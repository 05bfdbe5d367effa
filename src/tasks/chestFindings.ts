/**
 * `chest` findings: which lungs carry a pleural effusion and how high the fluid rises (signal
 * stream), where nodules sit (one stream per lung, rejection sampling inside the lung field), and
 * stamping the nodules into the image and their masks.
 */
import { Rng, Stream } from './random';
import { fluidV, heartRadius, inLung, toImage } from './chestAnatomy';
import type { Anatomy } from './chestAnatomy';
import { CHEST_PARAMS, HALF, SIZE } from './chestParams';
import type { SignalCentre } from './types';

const P = CHEST_PARAMS;

export interface Nodule {
  row: number;
  col: number;
  radius: number;
  contrast: number;
}

/** Places a nodule fully inside lung `side`, away from the heart and any effusion (rejection sampling). */
function placeNodule(rng: Rng, an: Anatomy, side: number, effusion: number[]): Nodule {
  const radius = rng.range(P.noduleRadiusPx[0], P.noduleRadiusPx[1]);
  const contrast = rng.range(P.noduleContrast[0], P.noduleContrast[1]);
  const margin = (radius + 1.5) / (HALF * an.scale); // patient units
  const lat = an.lat[side];
  const sgn = side === 0 ? -1 : 1;
  const ok = (u: number, v: number): boolean => {
    if (!inLung(an, side, u, v)) return false;
    if (heartRadius(an, u, v) < 1.15) return false;
    const eff = effusion[side];
    if (eff > 0 && v + margin > fluidV(an, side, sgn * u, eff) - 0.03) return false;
    return true;
  };
  for (let attempt = 0; attempt < 400; attempt++) {
    const u = sgn * rng.range(an.med, lat);
    const v = rng.range(an.apexV, an.base[side]);
    if (!ok(u, v)) continue;
    let inside = true;
    for (let k = 0; k < 8 && inside; k++) {
      // 8 directions around the circle (exact unit vectors: axes and diagonals).
      const d = k % 2 === 0 ? 1 : Math.SQRT1_2;
      const du = [1, 1, 0, -1, -1, -1, 0, 1][k] * d;
      const dv = [0, 1, 1, 1, 0, -1, -1, -1][k] * d;
      inside = ok(u + margin * du, v + margin * dv);
    }
    if (!inside) continue;
    const p = toImage(an, u, v);
    return { row: p.row, col: p.col, radius, contrast };
  }
  // Fallback (practically unreachable): the middle of the upper lung zone.
  const p = toImage(an, sgn * (an.med + 0.5 * (lat - an.med)), an.apexV + 0.35 * (an.base[side] - an.apexV));
  return { row: p.row, col: p.col, radius, contrast };
}

/** The findings of one sample: effusion height fraction per side (0: none) and a nodule per label. */
export interface Findings {
  readonly hasEffusion: boolean;
  /** effusion[side] = height fraction, 0 when that side has none (side 0: patient's right lung). */
  readonly effusion: number[];
  /** Index 0: label 0 (nodule in the patient's left lung), index 1: label 1 (right lung); null when absent. */
  readonly nodules: (Nodule | null)[];
}

/** Draws the findings for the given labels (the anatomy comes from the background stream). */
export function drawFindings(seed: number, index: number, an: Anatomy, labels: readonly number[]): Findings {
  const sigRng = Rng.forSample('chest', seed, index, Stream.signal);
  // Findings' parameters, always drawn in the same order so streams do not depend on the labels.
  const effSideDraw = sigRng.uniform();
  const effHeights = [sigRng.range(P.effusionHeight[0], P.effusionHeight[1]), sigRng.range(P.effusionHeight[0], P.effusionHeight[1])];
  const hasEffusion = labels[2] === 1;
  const effusion = [0, 0];
  if (hasEffusion) {
    if (effSideDraw < 0.45) effusion[0] = effHeights[0];
    else if (effSideDraw < 0.8) effusion[1] = effHeights[1];
    else {
      effusion[0] = effHeights[0];
      effusion[1] = effHeights[1];
    }
  }
  const noduleRngL = Rng.forSample('chest', seed, index, Stream.signal + 16);
  const noduleRngR = Rng.forSample('chest', seed, index, Stream.signal + 32);
  const nodules: (Nodule | null)[] = [
    labels[0] === 1 ? placeNodule(noduleRngL, an, 1, effusion) : null, // label 0: patient's left lung (image right)
    labels[1] === 1 ? placeNodule(noduleRngR, an, 0, effusion) : null, // label 1: patient's right lung (image left)
  ];
  return { hasEffusion, effusion, nodules };
}

/**
 * Marks each nodule's disc in its label mask and records its centre; with the signal, adds its
 * profile (1 − (r/R)²)^1.5 to the image.
 */
export function stampNodules(
  nodules: readonly (Nodule | null)[],
  withSignal: boolean,
  img: Float64Array,
  labelMasks: Uint8Array[],
  signalCentres: SignalCentre[],
): void {
  for (let l = 0; l < 2; l++) {
    const nd = nodules[l];
    if (!nd) continue;
    signalCentres.push({ row: nd.row, col: nd.col });
    const R = nd.radius;
    const y0 = Math.max(0, Math.floor(nd.row - R));
    const y1 = Math.min(SIZE - 1, Math.ceil(nd.row + R));
    const x0 = Math.max(0, Math.floor(nd.col - R));
    const x1 = Math.min(SIZE - 1, Math.ceil(nd.col + R));
    for (let y = y0; y <= y1; y++) {
      for (let x = x0; x <= x1; x++) {
        const d2 = ((y - nd.row) * (y - nd.row) + (x - nd.col) * (x - nd.col)) / (R * R);
        if (d2 > 1) continue;
        labelMasks[l][y * SIZE + x] = 1;
        if (withSignal) {
          const q = 1 - d2;
          img[y * SIZE + x] += nd.contrast * q * Math.sqrt(q);
        }
      }
    }
  }
}
