/**
 * `chest` rendering: rasterises the anatomy (body, lungs, effusion, heart, bones), adds lung
 * markings and hilar shadows, composites the densities, stamps the nodules and adds acquisition
 * noise and the global brightness/contrast (see ./chest for the phantom's description).
 */
import { Rng, Stream } from './random';
import { blurInPlace, writeClipped } from './imageOps';
import { diaphragmV, drawAnatomy, fluidV, heartRadius, lungExtent, lungWidths } from './chestAnatomy';
import { drawFindings, stampNodules } from './chestFindings';
import { CHEST_PARAMS, HALF, N, SIZE } from './chestParams';
import type { RenderResult, ResolvedOptions, SignalCentre } from './types';

const P = CHEST_PARAMS;

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

export function renderChest(seed: number, index: number, options: ResolvedOptions, out: Float32Array, offset: number): RenderResult {
  const bgRng = Rng.forSample('chest', seed, index, Stream.background);
  const noiseRng = Rng.forSample('chest', seed, index, Stream.noise);
  const an = drawAnatomy(bgRng);

  // Findings' parameters, always drawn in the same order so streams do not depend on the labels.
  const { hasEffusion, effusion, nodules } = drawFindings(seed, index, an, options.labels);

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
        t = lungExtent.t0;
        if (t >= 0 && a > lungExtent.lo && a < lungExtent.hi && v < diaphragmV(an, side, a)) inL = 1;
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
  stampNodules(nodules, options.withSignal, img, labelMasks, signalCentres);

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
