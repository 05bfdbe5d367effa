/**
 * `chest`: a procedural chest-radiograph-like phantom (PA view), 128×128 grayscale, multi-label.
 *
 * Display convention: radiological. The patient faces the viewer, so the patient's RIGHT lung is on
 * the IMAGE LEFT (columns < 64) and the patient's LEFT lung, with the heart shadow bulging into it,
 * is on the IMAGE RIGHT (columns ≥ 64). Bright = dense (bone, soft tissue), dark = air (lungs).
 *
 * Anatomy (varies per sample, drawn from the background stream): body outline (superellipse), two
 * lung fields (rounded apices, lateral walls, diaphragm domes meeting the walls at the costophrenic
 * angles; left hemidiaphragm lower than the right), heart shadow (cardiothoracic ratio 0.38–0.56,
 * shifted to the patient's left), mediastinum, spine with vertebral bodies, clavicles, posterior
 * ribs (curved bands with variable spacing) and faint anterior ribs, hilar vessels and lung
 * markings (correlated noise inside the lungs), correlated acquisition noise; global pose
 * (rotation ±3.4°, shift ±2.5 px, scale 0.93–1.04) and brightness/contrast variation.
 *
 * Labels (sigmoid head, each present with probability 0.4 independently):
 *   0 `nodule-left-lung`  — a small bright round opacity (radius 3–5 px) in the patient's left
 *                           lung, i.e. on the image right;
 *   1 `nodule-right-lung` — the same in the patient's right lung, on the image left;
 *   2 `pleural-effusion`  — fluid at the lung base: homogeneous opacity filling the costophrenic
 *                           angle with a meniscus (higher laterally), blunting the angle and
 *                           obscuring the hemidiaphragm; right, left or both sides.
 * Masks: a disc per nodule; the fluid region (lung ∩ below the meniscus) for the effusion.
 *
 * This is a teaching phantom, not an anatomical model: proportions follow textbook PA chest
 * anatomy (e.g. a normal cardiothoracic ratio < 0.5, Danzer 1919; costophrenic-angle blunting as the
 * radiographic sign of effusion, e.g. Blackmore et al. 1996), and the parameters are design choices.
 */
import { dcos, dsin, Rng, Stream } from './random';
import { blurInPlace, writeClipped } from './imageOps';
import type { RenderResult, ResolvedOptions, SignalCentre, TaskDefinition, TaskMeta } from './types';

const SIZE = 128;
const HALF = SIZE / 2;
const N = SIZE * SIZE;

export const CHEST_LABELS = ['nodule-left-lung', 'nodule-right-lung', 'pleural-effusion'] as const;

/** Ranges [min, max] of the uniformly drawn anatomy parameters (normalised units: image half-width = 1). */
export const CHEST_PARAMS = {
  labelPrior: 0.4,
  rotation: [-0.06, 0.06],
  shift: [-0.04, 0.04],
  scale: [0.93, 1.04],
  bodyHalfWidth: [0.86, 0.97],
  lungLateral: [0.7, 0.8],
  lungMedial: [0.13, 0.18],
  lungApex: [-0.8, -0.7],
  lungBase: [0.48, 0.62],
  leftBaseDrop: [0.02, 0.06],
  diaphragmDome: [0.12, 0.2],
  cardiothoracicRatio: [0.38, 0.56],
  ribSpacing: [0.125, 0.155],
  ribHalfThickness: 0.028,
  softTissue: 0.52,
  air: 0.06,
  lungDarkness: [0.26, 0.32],
  gain: [0.9, 1.1],
  offset: [-0.04, 0.04],
  noduleRadiusPx: [3, 5],
  noduleContrast: [0.2, 0.3],
  effusionHeight: [0.2, 0.38],
  noiseSd: 0.012,
  whiteNoiseSd: 0.006,
} as const;

const P = CHEST_PARAMS;

const rangeParam = (value: readonly number[], description: string, unit = 'normalised (image half-width = 1)') => ({
  value,
  unit,
  description: `${description} (uniform in [min, max])`,
  source: 'Design choice (textbook PA chest proportions)',
});

export const chestMeta: TaskMeta = {
  id: 'chest',
  title: 'Chest radiograph phantom: nodules and pleural effusion',
  description:
    'Procedural PA chest-radiograph-like phantom, 128×128 grayscale, multi-label (sigmoid): nodule in the left lung, ' +
    'nodule in the right lung, pleural effusion, each present with probability 0.4 independently. Radiological ' +
    "convention: the patient's left lung is on the IMAGE RIGHT (columns ≥ 64, with the heart shadow), the patient's " +
    'right lung on the image left. A nodule is a small bright round opacity inside its lung field; an effusion is a ' +
    'homogeneous opacity filling the costophrenic angle with a meniscus. Anatomy (lung and heart size, rib spacing, ' +
    'pose, brightness) varies per sample. One mask per label; signalMask is their union.',
  classes: [...CHEST_LABELS],
  head: 'sigmoid',
  height: SIZE,
  width: SIZE,
  channels: 1,
  parameters: {
    labelPrior: { value: P.labelPrior, description: 'Probability of each label, independently', source: 'Design choice (brief: ~0.4)' },
    rotation: rangeParam(P.rotation, 'In-plane patient rotation', 'rad'),
    shift: rangeParam(P.shift, 'Patient shift along each axis'),
    scale: rangeParam(P.scale, 'Patient size relative to the field of view', '1'),
    bodyHalfWidth: rangeParam(P.bodyHalfWidth, 'Half-width of the body outline'),
    lungLateral: rangeParam(P.lungLateral, 'Distance of the lateral lung wall (costophrenic angle) from the midline'),
    lungMedial: rangeParam(P.lungMedial, 'Half-width of the mediastinum (medial lung border)'),
    lungApex: rangeParam(P.lungApex, 'Height of the lung apices'),
    lungBase: rangeParam(P.lungBase, 'Height of the right costophrenic angle'),
    leftBaseDrop: rangeParam(P.leftBaseDrop, 'Left hemidiaphragm lower than the right by this much'),
    diaphragmDome: rangeParam(P.diaphragmDome, 'Height of the diaphragm dome above the costophrenic angle'),
    cardiothoracicRatio: {
      value: P.cardiothoracicRatio,
      unit: '1',
      description: 'Heart width / thoracic width (uniform); > 0.5 is cardiomegaly on a PA film',
      source: 'Danzer 1919 (cardiothoracic ratio; normal < 0.5); range is a design choice spanning normal to mildly enlarged',
    },
    ribSpacing: rangeParam(P.ribSpacing, 'Vertical spacing of consecutive posterior ribs'),
    ribHalfThickness: { value: P.ribHalfThickness, unit: 'normalised', description: 'Half-thickness of a rib band', source: 'Design choice' },
    densities: {
      value: [P.air, P.softTissue],
      description: 'Display intensity of air outside the body and of soft tissue, before gain/offset',
      source: 'Design choice',
    },
    lungDarkness: rangeParam(P.lungDarkness, 'Intensity drop of aerated lung relative to soft tissue', 'intensity'),
    gain: rangeParam(P.gain, 'Global contrast (window) variation', '1'),
    offset: rangeParam(P.offset, 'Global brightness (level) variation', 'intensity'),
    noduleRadius: rangeParam(P.noduleRadiusPx, 'Nodule radius (mask = disc of this radius)', 'px'),
    noduleContrast: rangeParam(P.noduleContrast, 'Nodule peak intensity above the lung (profile (1 − (r/R)²)^1.5)', 'intensity'),
    effusionHeight: rangeParam(P.effusionHeight, 'Fluid height at the lateral wall as a fraction of lung height (meniscus: 45 % of it medially)', 'fraction'),
    effusionSide: {
      value: [0.45, 0.35, 0.2],
      description: 'Probability of a right / left / bilateral effusion when the label is present',
      source: 'Design choice',
    },
    noise: {
      value: [P.noiseSd, P.whiteNoiseSd],
      unit: 'intensity',
      description: 'SD of correlated noise (white Gaussian blurred with σ = 1 px) and of white noise',
      source: 'Design choice',
    },
  },
  references: [
    'Danzer CS. The cardiothoracic ratio: an index of cardiac enlargement. Am J Med Sci 157:513–521, 1919.',
    'Blackmore CC, Black WC, Dallas RV, Crow HC. Pleural fluid volume estimation: a chest radiograph prediction rule. Acad Radiol 3(2):103–109, 1996.',
    'Samei E, Flynn MJ, Eyler WR. Detection of subtle lung nodules: relative influence of quantum and anatomic noise on chest radiographs. Radiology 213(3):727–734, 1999.',
  ],
};

/** Per-sample anatomy in patient coordinates (u to the image right, v downwards, image half-width = 1). */
interface Anatomy {
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

function drawAnatomy(rng: Rng): Anatomy {
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

/** Output of lungWidths (module scratch instead of an object per pixel). */
let lungT0 = 0;
let lungLo = 0;
let lungHi = 0;

/**
 * Extent of lung `side` (0 right, 1 left) at height v: sets lungT0 (0 at the apex, 1 at the
 * costophrenic angle) and the medial and lateral borders lungLo < a < lungHi, with a = |u|.
 */
function lungWidths(an: Anatomy, side: number, v: number): void {
  const lat = an.lat[side];
  const t = (v - an.apexV) / (an.base[side] - an.apexV);
  const tc = t < 0 ? 0 : t > 1 ? 1 : t;
  const apexA = an.med + 0.45 * (lat - an.med);
  const om = 1 - tc;
  lungT0 = t;
  lungHi = apexA + (lat - apexA) * Math.sqrt(1 - om * om);
  const om4 = om * om * om * om;
  lungLo = apexA - (apexA - an.med) * Math.sqrt(1 - om4);
}

/** Height of the diaphragm under lung `side` at lateral distance a (v grows downwards). */
function diaphragmV(an: Anatomy, side: number, a: number): number {
  const lat = an.lat[side];
  let s = (lat - a) / (lat - an.med);
  s = s < 0 ? 0 : s > 1 ? 1 : s;
  // Dome: 0 at the costophrenic angle (s = 0), peak ≈ 0.63 of the way medially, 0.66·dome at the medial end.
  return an.base[side] - (an.dome * (2.4 * s - 1.9 * s * s)) / 0.758;
}

/** Whether patient-space point (u, v) lies in lung `side` (0: u < 0, 1: u > 0). */
function inLung(an: Anatomy, side: number, u: number, v: number): boolean {
  const a = side === 0 ? -u : u;
  if (a <= 0) return false;
  lungWidths(an, side, v);
  if (lungT0 < 0 || a <= lungLo || a >= lungHi) return false;
  return v < diaphragmV(an, side, a);
}

/** Fluid line of an effusion on lung `side`: higher (smaller v) laterally — the meniscus. */
function fluidV(an: Anatomy, side: number, a: number, heightFraction: number): number {
  const lat = an.lat[side];
  let s = (lat - a) / (lat - an.med);
  s = s < 0 ? 0 : s > 1 ? 1 : s;
  const h = heightFraction * (an.base[side] - an.apexV);
  const q = 1 - s;
  return an.base[side] - h * (0.2 + 0.8 * q * q);
}

/** Heart ellipse's normalised radius (< 1 inside). */
function heartRadius(an: Anatomy, u: number, v: number): number {
  const du = (u - an.heartU) / an.heartRx;
  const dv = (v - an.heartV) / an.heartRy;
  return Math.sqrt(du * du + dv * dv);
}

function toImage(an: Anatomy, u: number, v: number): { row: number; col: number } {
  const iu = an.scale * (an.cosT * u - an.sinT * v) + an.su;
  const iv = an.scale * (an.sinT * u + an.cosT * v) + an.sv;
  return { row: iv * HALF + (HALF - 0.5), col: iu * HALF + (HALF - 0.5) };
}

interface Nodule {
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

// Scratch buffers reused between samples (generation is synchronous).
const lungBin = new Float64Array(N);
const effBin = new Float64Array(N);
const effMask = new Uint8Array(N);
const texture = new Float64Array(N);
const noiseField = new Float64Array(N);
const whiteField = new Float64Array(N);
const LOW = SIZE / 2;
const NL = LOW * LOW;
const lowRes = new Float64Array(NL);
const tmp = new Float64Array(N);
const img = new Float64Array(N);
const lungT = new Float64Array(N);
const heartMap = new Float64Array(N);
const boneMap = new Float64Array(N);
const bodyMap = new Float64Array(N);

/** Smooth Hermite step: 0 for x ≤ 0, 1 for x ≥ 1 (local copy: called per pixel). */
function smoothstep01(x: number): number {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  return x * x * (3 - 2 * x);
}

/** Smooth symmetric bump, 1 at 0 and 0 at |x| ≥ 1: (1 − x²)². */
function bump(x: number): number {
  if (x <= -1 || x >= 1) return 0;
  const q = 1 - x * x;
  return q * q;
}

function render(seed: number, index: number, options: ResolvedOptions, out: Float32Array, offset: number): RenderResult {
  const bgRng = Rng.forSample('chest', seed, index, Stream.background);
  const sigRng = Rng.forSample('chest', seed, index, Stream.signal);
  const noiseRng = Rng.forSample('chest', seed, index, Stream.noise);
  const an = drawAnatomy(bgRng);

  // Findings' parameters, always drawn in the same order so streams do not depend on the labels.
  const effSideDraw = sigRng.uniform();
  const effHeights = [sigRng.range(P.effusionHeight[0], P.effusionHeight[1]), sigRng.range(P.effusionHeight[0], P.effusionHeight[1])];
  const hasEffusion = options.labels[2] === 1;
  // effusion[side] = height fraction, 0 when that side has none.
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
    options.labels[0] === 1 ? placeNodule(noduleRngL, an, 1, effusion) : null, // label 0: patient's left lung (image right)
    options.labels[1] === 1 ? placeNodule(noduleRngR, an, 0, effusion) : null, // label 1: patient's right lung (image left)
  ];

  // Inverse pose: patient (u, v) = R(−θ)·(image − shift)/scale.
  const invS = 1 / an.scale;
  const c = an.cosT * invS;
  const s = an.sinT * invS;
  const bw = an.bodyHalfWidth;
  const ribH = P.ribHalfThickness;
  const effSum = [0, 0, 0, 0, 0, 0]; // per side: Σrow, Σcol, count

  for (let y = 0; y < SIZE; y++) {
    const iv = (y - (HALF - 0.5)) / HALF - an.sv;
    for (let x = 0; x < SIZE; x++) {
      const iu = (x - (HALF - 0.5)) / HALF - an.su;
      const u = c * iu + s * iv;
      const v = -s * iu + c * iv;
      const i = y * SIZE + x;

      // Body outline: superellipse (u/bw)^4 + ((v − 0.1)/1.25)^4 < 1, soft edge.
      const bu = u / bw;
      const bv = (v - 0.1) / 1.25;
      const f = bu * bu * bu * bu + bv * bv * bv * bv;
      const body = smoothstep01((1 - f) / 0.12);
      bodyMap[i] = body;

      // Lungs (binary here, blurred below) and effusion region.
      const side = u < 0 ? 0 : 1;
      const a = side === 0 ? -u : u;
      let inL = 0;
      let t = 0;
      if (a > 0) {
        lungWidths(an, side, v);
        t = lungT0;
        if (t >= 0 && a > lungLo && a < lungHi && v < diaphragmV(an, side, a)) inL = 1;
      }
      lungBin[i] = inL;
      lungT[i] = t < 0 ? 0 : t > 1 ? 1 : t;
      const inFluid = inL === 1 && effusion[side] > 0 && v > fluidV(an, side, a, effusion[side]) ? 1 : 0;
      effMask[i] = inFluid;
      effBin[i] = inFluid;
      if (inFluid) {
        effSum[3 * side] += y;
        effSum[3 * side + 1] += x;
        effSum[3 * side + 2]++;
      }

      // Heart (soft ellipse) and aortic knob: they hide the lung behind them.
      const hr = heartRadius(an, u, v);
      let heart = 1 - smoothstep01((hr - 0.94) / 0.12);
      const ku = (u - (an.med + 0.02)) / 0.06;
      const kv = (v + 0.34) / 0.07;
      const kr = Math.sqrt(ku * ku + kv * kv);
      const knob = 1 - smoothstep01((kr - 0.9) / 0.2);
      if (knob > heart) heart = knob;
      heartMap[i] = heart;

      // Bones: spine with vertebral bodies, posterior and anterior ribs, clavicles.
      let bone = 0;
      const du = (u - an.spineU) / 0.085;
      if (du > -1 && du < 1 && v > -1.1) {
        const ph = (v + 2) / 0.105;
        const fr = ph - Math.floor(ph); // position within a vertebra
        const disc = bump((fr - 0.92) / 0.1); // darker intervertebral disc
        bone += 0.11 * (1 - du * du) * (1 - 0.45 * disc);
      }
      if (a > 0.07 && a < an.lat[side] + 0.08) {
        const g = -0.12 * a + 0.55 * a * a;
        const q = (v - an.ribStart - g) / an.ribSpacing;
        const k = Math.round(q);
        if (k >= 0 && k <= 9) {
          const d = (q - k) * an.ribSpacing;
          const medialFade = smoothstep01((a - 0.07) / 0.08);
          bone += 0.075 * medialFade * bump(d / ribH);
        }
        // Anterior ribs: fainter bands sloping down towards the midline.
        if (a > 0.2) {
          const ga = 0.38 * (an.lat[side] - a);
          const qa = (v - an.antRibStart - ga) / (an.ribSpacing * 1.15);
          const ka = Math.round(qa);
          if (ka >= 0 && ka <= 5) bone += 0.028 * bump(((qa - ka) * an.ribSpacing * 1.15) / (ribH * 1.3));
        }
      }
      if (a > 0.05 && a < 0.66) {
        const vc = -0.66 - 0.24 * a + 0.12 * a * a;
        bone += 0.085 * bump((v - vc) / 0.034) * smoothstep01((0.66 - a) / 0.06);
      }
      boneMap[i] = bone;
    }
  }

  blurInPlace(lungBin, SIZE, SIZE, 1.0, tmp);
  if (hasEffusion) blurInPlace(effBin, SIZE, SIZE, 1.5, tmp);

  // Lung markings: correlated noise at half resolution (blurred with σ = 0.65 half-res px), upsampled
  // bilinearly: a field of correlation length ≈ 1.3 px at a quarter of the cost.
  for (let i = 0; i < NL; i++) lowRes[i] = bgRng.normal();
  blurInPlace(lowRes, LOW, LOW, 0.65, tmp);
  for (let y = 0; y < SIZE; y++) {
    const fy = (y - 0.5) / 2;
    const y0 = fy < 0 ? 0 : Math.floor(fy);
    const y1 = y0 + 1 < LOW ? y0 + 1 : LOW - 1;
    const wy = fy < 0 ? 0 : fy - y0;
    for (let x = 0; x < SIZE; x++) {
      const fx = (x - 0.5) / 2;
      const x0 = fx < 0 ? 0 : Math.floor(fx);
      const x1 = x0 + 1 < LOW ? x0 + 1 : LOW - 1;
      const wx = fx < 0 ? 0 : fx - x0;
      const top = lowRes[y0 * LOW + x0] * (1 - wx) + lowRes[y0 * LOW + x1] * wx;
      const bottom = lowRes[y1 * LOW + x0] * (1 - wx) + lowRes[y1 * LOW + x1] * wx;
      texture[y * SIZE + x] = top * (1 - wy) + bottom * wy;
    }
  }
  // Acquisition noise: white Gaussian n; the image gets a·blur_σ=1(n) + b·n (correlated plus white part).
  for (let i = 0; i < N; i++) whiteField[i] = noiseRng.normal();
  noiseField.set(whiteField);
  blurInPlace(noiseField, SIZE, SIZE, 1.0, tmp);

  const hila: [number, number][] = [
    [-0.2 - an.med * 0.3, 0.0 - 0.04],
    [0.2 + an.med * 0.3, 0.0 - 0.02],
  ];
  for (let y = 0; y < SIZE; y++) {
    const iv = (y - (HALF - 0.5)) / HALF - an.sv;
    for (let x = 0; x < SIZE; x++) {
      const i = y * SIZE + x;
      const iu = (x - (HALF - 0.5)) / HALF - an.su;
      const u = c * iu + s * iv;
      const v = -s * iu + c * iv;
      const body = bodyMap[i];
      let val = P.air + (P.softTissue - P.air) * body;
      const lung = lungBin[i];
      if (lung > 0) {
        const side = u < 0 ? 0 : 1;
        const h = hila[side];
        const dh2 = ((u - h[0]) * (u - h[0]) + (v - h[1]) * (v - h[1])) / (0.12 * 0.12);
        const hilum = dh2 < 1 ? (1 - dh2) * (1 - dh2) : 0;
        const distHilum = Math.sqrt((u - h[0]) * (u - h[0]) + (v - h[1]) * (v - h[1]));
        const markings = 0.028 * (1.4 - (distHilum > 1 ? 1 : distHilum)) * texture[i] * 3.2;
        const fluid = options.withSignal ? effBin[i] : 0;
        const air = an.lungDarkness * (1 - 0.12 * lungT[i]) * (1 - 0.88 * heartMap[i]) * (1 - 0.92 * fluid);
        val += lung * (-air + (0.07 * hilum + markings) * (1 - 0.8 * fluid));
      }
      val += boneMap[i] * body;
      img[i] = val;
    }
  }

  // Nodules (in image space: round discs of the drawn radius).
  const labelMasks = [new Uint8Array(N), new Uint8Array(N), new Uint8Array(N)];
  const signalCentres: SignalCentre[] = [];
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
        if (options.withSignal) {
          const q = 1 - d2;
          img[y * SIZE + x] += nd.contrast * q * Math.sqrt(q);
        }
      }
    }
  }

  // Effusion: the binary fluid region (lung ∩ below the meniscus); one centre per affected side.
  if (hasEffusion) {
    labelMasks[2].set(effMask);
    for (let side = 0; side < 2; side++) {
      const n = effSum[3 * side + 2];
      if (n > 0) signalCentres.push({ row: effSum[3 * side] / n, col: effSum[3 * side + 1] / n });
    }
  }

  // Acquisition noise: 3.5 ≈ 1/0.282 normalises white noise blurred with σ = 1 px to unit SD.
  for (let i = 0; i < N; i++) {
    img[i] = an.offset + an.gain * img[i] + P.noiseSd * 3.5 * noiseField[i] + P.whiteNoiseSd * whiteField[i];
  }
  writeClipped(img, out, offset);

  const signalMask = new Uint8Array(N);
  for (let i = 0; i < N; i++) signalMask[i] = labelMasks[0][i] | labelMasks[1][i] | labelMasks[2][i];
  return {
    signalMask,
    signalCentres,
    labelMasks,
    details: {
      cardiothoracicRatio: an.heartRx / (0.5 * (an.lat[0] + an.lat[1])),
      rotationDeg: (an.theta * 180) / Math.PI,
      ribSpacingPx: an.ribSpacing * HALF * an.scale,
      effusionRight: effusion[0] > 0 ? 1 : 0,
      effusionLeft: effusion[1] > 0 ? 1 : 0,
    },
  };
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

export const chest: TaskDefinition = { meta: chestMeta, labelPrior: [P.labelPrior, P.labelPrior, P.labelPrior], render };
