/**
 * `chest` anatomy: the per-sample anatomy drawn from the background stream (pose, lungs, heart,
 * ribs, brightness) and the geometry of the lung fields, diaphragm, heart and effusion meniscus in
 * patient coordinates. Pure functions of the anatomy; nothing here draws pixels except the lung masks.
 */
import { dcos, dsin, Rng, Stream } from './random';
import { CHEST_PARAMS, HALF, N, SIZE } from './chestParams';

const P = CHEST_PARAMS;

/** Per-sample anatomy in patient coordinates (u to the image right, v downwards, image half-width = 1). */
export interface Anatomy {
  theta: number;
  cosT: number;
  sinT: number;
  su: number;
  sv: number;
  scale: number;
  bodyHalfWidth: number;
  /** Index 0: patient's right lung (image left, u < 0); 1: patient's left lung (image right). */
  lat: [number, number];
  med: number;
  apexV: number;
  base: [number, number];
  dome: number;
  heartU: number;
  heartV: number;
  heartRx: number;
  heartRy: number;
  ribSpacing: number;
  ribStart: number;
  antRibStart: number;
  spineU: number;
  lungDarkness: number;
  gain: number;
  offset: number;
}

export function drawAnatomy(rng: Rng): Anatomy {
  const theta = rng.range(P.rotation[0], P.rotation[1]);
  const lat = rng.range(P.lungLateral[0], P.lungLateral[1]);
  const latJitter = rng.range(-0.02, 0.02);
  const baseR = rng.range(P.lungBase[0], P.lungBase[1]);
  const baseL = baseR + rng.range(P.leftBaseDrop[0], P.leftBaseDrop[1]);
  const ctr = rng.range(P.cardiothoracicRatio[0], P.cardiothoracicRatio[1]);
  const heartW = ctr * 2 * lat;
  const heartRx = heartW / 2;
  const heartRy = heartRx * rng.range(0.85, 1.0);
  return {
    theta,
    cosT: dcos(theta),
    sinT: dsin(theta),
    su: rng.range(P.shift[0], P.shift[1]),
    sv: rng.range(P.shift[0], P.shift[1]),
    scale: rng.range(P.scale[0], P.scale[1]),
    bodyHalfWidth: rng.range(P.bodyHalfWidth[0], P.bodyHalfWidth[1]),
    lat: [lat + latJitter, lat - latJitter],
    med: rng.range(P.lungMedial[0], P.lungMedial[1]),
    apexV: rng.range(P.lungApex[0], P.lungApex[1]),
    base: [baseR, baseL],
    dome: rng.range(P.diaphragmDome[0], P.diaphragmDome[1]),
    // The heart spans ≈ 1/3 of its width right of the midline and 2/3 left of it (image right).
    heartU: heartW * rng.range(0.14, 0.22),
    heartV: baseR - heartRy * 0.5,
    heartRx,
    heartRy,
    ribSpacing: rng.range(P.ribSpacing[0], P.ribSpacing[1]),
    ribStart: rng.range(-0.86, -0.78),
    antRibStart: rng.range(-0.62, -0.5),
    spineU: rng.range(-0.015, 0.015),
    lungDarkness: rng.range(P.lungDarkness[0], P.lungDarkness[1]),
    gain: rng.range(P.gain[0], P.gain[1]),
    offset: rng.range(P.offset[0], P.offset[1]),
  };
}

/** Output of lungWidths (module scratch instead of an object per pixel): t0, lo and hi below. */
export const lungExtent = { t0: 0, lo: 0, hi: 0 };

/**
 * Extent of lung `side` (0 right, 1 left) at height v: sets lungExtent.t0 (0 at the apex, 1 at the
 * costophrenic angle) and the medial and lateral borders lungExtent.lo < a < lungExtent.hi, with a = |u|.
 */
export function lungWidths(an: Anatomy, side: number, v: number): void {
  const lat = an.lat[side];
  const t = (v - an.apexV) / (an.base[side] - an.apexV);
  const tc = t < 0 ? 0 : t > 1 ? 1 : t;
  const apexA = an.med + 0.45 * (lat - an.med);
  const om = 1 - tc;
  lungExtent.t0 = t;
  lungExtent.hi = apexA + (lat - apexA) * Math.sqrt(1 - om * om);
  const om4 = om * om * om * om;
  lungExtent.lo = apexA - (apexA - an.med) * Math.sqrt(1 - om4);
}

/** Height of the diaphragm under lung `side` at lateral distance a (v grows downwards). */
export function diaphragmV(an: Anatomy, side: number, a: number): number {
  const lat = an.lat[side];
  let s = (lat - a) / (lat - an.med);
  s = s < 0 ? 0 : s > 1 ? 1 : s;
  // Dome: 0 at the costophrenic angle (s = 0), peak ≈ 0.63 of the way medially, 0.66·dome at the medial end.
  return an.base[side] - (an.dome * (2.4 * s - 1.9 * s * s)) / 0.758;
}

/** Whether patient-space point (u, v) lies in lung `side` (0: u < 0, 1: u > 0). */
export function inLung(an: Anatomy, side: number, u: number, v: number): boolean {
  const a = side === 0 ? -u : u;
  if (a <= 0) return false;
  lungWidths(an, side, v);
  if (lungExtent.t0 < 0 || a <= lungExtent.lo || a >= lungExtent.hi) return false;
  return v < diaphragmV(an, side, a);
}

/** Fluid line of an effusion on lung `side`: higher (smaller v) laterally — the meniscus. */
export function fluidV(an: Anatomy, side: number, a: number, heightFraction: number): number {
  const lat = an.lat[side];
  let s = (lat - a) / (lat - an.med);
  s = s < 0 ? 0 : s > 1 ? 1 : s;
  const h = heightFraction * (an.base[side] - an.apexV);
  const q = 1 - s;
  return an.base[side] - h * (0.2 + 0.8 * q * q);
}

/** Heart ellipse's normalised radius (< 1 inside). */
export function heartRadius(an: Anatomy, u: number, v: number): number {
  const du = (u - an.heartU) / an.heartRx;
  const dv = (v - an.heartV) / an.heartRy;
  return Math.sqrt(du * du + dv * dv);
}

export function toImage(an: Anatomy, u: number, v: number): { row: number; col: number } {
  const iu = an.scale * (an.cosT * u - an.sinT * v) + an.su;
  const iv = an.scale * (an.sinT * u + an.cosT * v) + an.sv;
  return { row: iv * HALF + (HALF - 0.5), col: iu * HALF + (HALF - 0.5) };
}

/**
 * The lung fields of a sample in image space (1 inside): index 0 the patient's right lung (image
 * left), index 1 the patient's left lung (image right). Depends on (seed, index) only — the
 * anatomy is the same whatever the labels. Useful as an anatomical overlay and in tests.
 */
export function chestLungMasks(seed: number, index: number): [Uint8Array, Uint8Array] {
  const an = drawAnatomy(Rng.forSample('chest', seed, index, Stream.background));
  const masks: [Uint8Array, Uint8Array] = [new Uint8Array(N), new Uint8Array(N)];
  const invS = 1 / an.scale;
  const c = an.cosT * invS;
  const s = an.sinT * invS;
  for (let y = 0; y < SIZE; y++) {
    const iv = (y - (HALF - 0.5)) / HALF - an.sv;
    for (let x = 0; x < SIZE; x++) {
      const iu = (x - (HALF - 0.5)) / HALF - an.su;
      const u = c * iu + s * iv;
      const v = -s * iu + c * iv;
      const side = u < 0 ? 0 : 1;
      if (inLung(an, side, u, v)) masks[side][y * SIZE + x] = 1;
    }
  }
  return masks;
}

