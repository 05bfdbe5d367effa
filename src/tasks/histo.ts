/**
 * `histo`: an H&E-stained-tissue-like phantom (RGB, 64×64): normal vs atypical nuclei.
 *
 * Colour model: Beer–Lambert optical density with the haematoxylin and eosin stain vectors of
 * Ruifrok & Johnston 2001 (colour deconvolution): OD_c = C_H·h_c + C_E·e_c + OD_0 for c ∈ {R, G, B},
 * intensity I_c = I_0·10^(−OD_c). Eosin (pink) stains the stroma and cytoplasm, haematoxylin
 * (purple-blue) the nuclear chromatin.
 *
 * Tissue: an eosin concentration field (smooth random variation), eosinophilic collagen fibres
 * (random quadratic Bézier curves), a few pale clear spaces, and 11–16 nuclei placed with a
 * minimum spacing. Normal nuclei are small (radius 2.1–2.9 px), round to slightly oval, with evenly
 * dispersed chromatin. In an `atypical` sample 4–7 of the nuclei (chosen at random) are replaced by
 * atypical nuclei showing the cytological features of malignancy used in grading systems (nuclear
 * pleomorphism in Elston & Ellis 1991; WHO): enlargement (×1.55–2.2), irregular contours (random
 * low-order harmonic boundary perturbations), hyperchromasia (×1.45–1.9 haematoxylin), coarse and
 * marginated chromatin, a prominent nucleolus, and more variable size and shape. The tissue
 * layout (stroma, fibres, nucleus positions) comes from the background stream and is the same for
 * both classes, so the class is carried by nuclear morphology alone.
 * signalMask = the atypical nuclei (empty for `normal`).
 */
import { dexp, Rng, Stream } from './random';
import { blurInPlace } from './imageOps';
import type { RenderResult, ResolvedOptions, SignalCentre, TaskDefinition, TaskMeta } from './types';

const SIZE = 64;
const N = SIZE * SIZE;
const LN10 = 2.302585092994046;

/** Ruifrok & Johnston 2001 optical-density vectors (R, G, B), unit length. */
export const STAIN_H = [0.65, 0.704, 0.286] as const;
export const STAIN_E = [0.072, 0.99, 0.105] as const;

export const HISTO_PARAMS = {
  nuclei: [11, 16],
  minSpacing: 6.5,
  normalRadius: [2.1, 2.9],
  normalAspect: [1.0, 1.25],
  normalHaematoxylin: [0.55, 0.75],
  atypicalCount: [4, 7],
  atypicalScale: [1.55, 2.2],
  atypicalAspect: [1.0, 1.5],
  atypicalHarmonic: [0.04, 0.14],
  atypicalHyperchromasia: [1.45, 1.9],
  eosin: [0.3, 0.45],
  fibres: [5, 9],
  stainVariation: [0.85, 1.15],
  backgroundOd: 0.03,
  illumination: 0.97,
  noiseSd: 0.01,
} as const;

const P = HISTO_PARAMS;

export const histoMeta: TaskMeta = {
  id: 'histo',
  title: 'H&E phantom: normal vs atypical nuclei',
  description:
    'RGB (3-channel) phantom of an H&E-stained tissue section, 64×64: pink eosin stroma with collagen fibres and ' +
    'purple-blue haematoxylin nuclei. Class 0 `normal`: small, round, regular nuclei with fine chromatin. Class 1 ' +
    '`atypical`: 4–7 nuclei are enlarged, irregular in outline, hyperchromatic, with coarse chromatin and a prominent ' +
    'nucleolus, and vary more in size and shape (nuclear pleomorphism). The tissue layout is identical for both ' +
    'classes, so the class is carried by nuclear morphology alone. Mask = the atypical nuclei.',
  classes: ['normal', 'atypical'],
  head: 'softmax',
  height: SIZE,
  width: SIZE,
  channels: 3,
  parameters: {
    stainVectors: {
      value: [...STAIN_H, ...STAIN_E],
      description: 'Optical-density vectors (R, G, B) of haematoxylin, then eosin',
      source: 'Ruifrok & Johnston 2001 (Anal Quant Cytol Histol 23(4):291), H&E colour-deconvolution matrix',
    },
    colourModel: {
      value: [P.backgroundOd, P.illumination],
      description: 'I_c = I_0·10^(−(C_H·h_c + C_E·e_c + OD_0)) with background optical density OD_0 and illumination I_0',
      source: 'Beer–Lambert law as in Ruifrok & Johnston 2001; OD_0, I_0 design choices',
    },
    eosin: { value: P.eosin, description: 'Mean eosin concentration of the stroma (uniform per sample)', source: 'Design choice (pink stroma)' },
    fibres: { value: P.fibres, description: 'Number of collagen fibres (uniform integer)', source: 'Design choice' },
    stainVariation: {
      value: P.stainVariation,
      description: 'Per-sample multiplier of each stain concentration (staining-intensity variation between slides)',
      source: 'Design choice (cf. stain variability addressed by Macenko et al. 2009 normalisation)',
    },
    nuclei: { value: P.nuclei, description: 'Number of nuclei (uniform integer)', source: 'Design choice' },
    minSpacing: { value: P.minSpacing, unit: 'px', description: 'Minimum distance between nucleus centres', source: 'Design choice' },
    normalRadius: { value: P.normalRadius, unit: 'px', description: 'Radius of a normal nucleus (uniform)', source: 'Design choice (small round nuclei)' },
    normalAspect: { value: P.normalAspect, description: 'Axis ratio of a normal nucleus (uniform)', source: 'Design choice' },
    normalHaematoxylin: {
      value: P.normalHaematoxylin,
      description: 'Haematoxylin concentration of a normal nucleus (uniform)',
      source: 'Design choice',
    },
    atypicalCount: {
      value: P.atypicalCount,
      description: 'Number of nuclei replaced by atypical ones in an atypical sample (uniform integer)',
      source: 'Design choice',
    },
    atypicalScale: {
      value: P.atypicalScale,
      description: 'Enlargement of an atypical nucleus relative to the normal one it replaces (uniform)',
      source: 'Nuclear enlargement/pleomorphism: Elston & Ellis 1991 (Histopathology 19:403) nuclear grade; range is a design choice',
    },
    atypicalAspect: { value: P.atypicalAspect, description: 'Axis ratio of an atypical nucleus (uniform)', source: 'Design choice (shape variation)' },
    atypicalHarmonic: {
      value: P.atypicalHarmonic,
      description: 'Amplitude of each of the 2nd–4th boundary harmonics (irregular nuclear contour), uniform, random phase',
      source: 'Design choice (irregular nuclear membrane)',
    },
    atypicalHyperchromasia: {
      value: P.atypicalHyperchromasia,
      description: 'Haematoxylin multiplier of an atypical nucleus (hyperchromasia), uniform',
      source: 'Design choice',
    },
    noiseSd: { value: P.noiseSd, description: 'SD of additive white Gaussian noise per channel', source: 'Design choice' },
  },
  references: [
    'Ruifrok AC, Johnston DA. Quantification of histochemical staining by color deconvolution. Anal Quant Cytol Histol 23(4):291–299, 2001.',
    'Elston CW, Ellis IO. Pathological prognostic factors in breast cancer. I. The value of histological grade in breast cancer: experience from a large study with long-term follow-up. Histopathology 19(5):403–410, 1991.',
    'Macenko M, Niethammer M, Marron JS, et al. A method for normalizing histology slides for quantitative analysis. Proc IEEE ISBI 2009:1107–1110.',
  ],
};

interface Nucleus {
  row: number;
  col: number;
  radius: number;
  aspect: number;
  cos: number;
  sin: number;
  haem: number;
  /** Harmonic amplitudes (k = 2, 3, 4) and phase unit vectors; zero for normal nuclei. */
  harm: [number, number, number];
  phase: [number, number][];
  chromatin: number;
  margination: number;
  nucleolus: number;
  nucleolusRow: number;
  nucleolusCol: number;
}

// Scratch buffers.
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

function drawNormalNucleus(rng: Rng, row: number, col: number, stainH: number): Nucleus {
  const [c, s] = rng.unitVector();
  return {
    row,
    col,
    radius: rng.range(P.normalRadius[0], P.normalRadius[1]),
    aspect: rng.range(P.normalAspect[0], P.normalAspect[1]),
    cos: c,
    sin: s,
    haem: stainH * rng.range(P.normalHaematoxylin[0], P.normalHaematoxylin[1]),
    harm: [0, 0, 0],
    phase: [
      [1, 0],
      [1, 0],
      [1, 0],
    ],
    chromatin: 0.08,
    margination: 0,
    nucleolus: 0,
    nucleolusRow: row,
    nucleolusCol: col,
  };
}

/** The atypical version of nucleus n (same centre), drawn from the signal stream. */
function makeAtypical(rng: Rng, n: Nucleus): Nucleus {
  const [c, s] = rng.unitVector();
  const scale = rng.range(P.atypicalScale[0], P.atypicalScale[1]);
  const harm: [number, number, number] = [
    rng.range(P.atypicalHarmonic[0], P.atypicalHarmonic[1]),
    rng.range(P.atypicalHarmonic[0], P.atypicalHarmonic[1]),
    rng.range(P.atypicalHarmonic[0], P.atypicalHarmonic[1]) * 0.7,
  ];
  const phase = [rng.unitVector(), rng.unitVector(), rng.unitVector()];
  const radius = n.radius * scale;
  const [nc, ns] = rng.unitVector();
  const off = rng.range(0, 0.35) * radius;
  return {
    row: n.row,
    col: n.col,
    radius,
    aspect: rng.range(P.atypicalAspect[0], P.atypicalAspect[1]),
    cos: c,
    sin: s,
    haem: n.haem * rng.range(P.atypicalHyperchromasia[0], P.atypicalHyperchromasia[1]),
    harm,
    phase,
    chromatin: rng.range(0.22, 0.32),
    margination: rng.range(0.15, 0.3),
    nucleolus: rng.range(0.5, 0.8),
    nucleolusRow: n.row + off * ns,
    nucleolusCol: n.col + off * nc,
  };
}

/**
 * Renders nucleus n into the haematoxylin map (max-composited) and lowers eosin under it.
 * When mask is given, marks pixels with membership ≥ 0.5.
 */
function renderNucleus(n: Nucleus, mask: Uint8Array | null, draw: boolean): void {
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

function render(seed: number, index: number, options: ResolvedOptions, out: Float32Array, offset: number): RenderResult {
  const bg = Rng.forSample('histo', seed, index, Stream.background);
  const sig = Rng.forSample('histo', seed, index, Stream.signal);
  const noise = Rng.forSample('histo', seed, index, Stream.noise);

  const stainH = bg.range(P.stainVariation[0], P.stainVariation[1]);
  const stainE = bg.range(P.stainVariation[0], P.stainVariation[1]);
  const eosinMean = bg.range(P.eosin[0], P.eosin[1]);

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

  // Chromatin texture (fine, σ = 0.6 px), shared by all nuclei.
  for (let i = 0; i < N; i++) chrom[i] = bg.normal();
  blurInPlace(chrom, SIZE, SIZE, 0.6, tmp);
  for (let i = 0; i < N; i++) chrom[i] *= 2.2; // ≈ unit SD

  // Nuclei: positions with minimum spacing (background stream: identical for both classes).
  const target = bg.intRange(P.nuclei[0], P.nuclei[1]);
  const nuclei: Nucleus[] = [];
  for (let attempt = 0; attempt < 400 && nuclei.length < target; attempt++) {
    const row = bg.range(2, SIZE - 2);
    const col = bg.range(2, SIZE - 2);
    let ok = true;
    for (const n of nuclei) {
      const dr = n.row - row;
      const dc = n.col - col;
      if (dr * dr + dc * dc < P.minSpacing * P.minSpacing) {
        ok = false;
        break;
      }
    }
    if (ok) nuclei.push(drawNormalNucleus(bg, row, col, stainH));
  }

  // Atypia (signal stream, always drawn so the streams do not depend on the label).
  const nAtypical = Math.min(nuclei.length, sig.intRange(P.atypicalCount[0], P.atypicalCount[1]));
  const order = nuclei.map((_, k) => k);
  for (let k = 0; k < nAtypical; k++) {
    const j = k + sig.int(order.length - k);
    const t = order[k];
    order[k] = order[j];
    order[j] = t;
  }
  const chosen = new Set(order.slice(0, nAtypical));
  const atypical = nuclei.map((n) => makeAtypical(sig, n));

  const isAtypical = options.label === 1;
  const signalMask = new Uint8Array(N);
  const signalCentres: SignalCentre[] = [];
  for (let k = 0; k < nuclei.length; k++) {
    const replaced = isAtypical && chosen.has(k);
    if (!replaced) renderNucleus(nuclei[k], null, true);
    else {
      renderNucleus(atypical[k], signalMask, options.withSignal);
      if (!options.withSignal) renderNucleus(nuclei[k], null, true);
      signalCentres.push({ row: nuclei[k].row, col: nuclei[k].col });
    }
  }

  // Slight optical blur, then Beer–Lambert colour and noise.
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
  return {
    signalMask,
    signalCentres,
    details: { nucleusCount: nuclei.length, atypicalCount: isAtypical ? nAtypical : 0, fibreCount: nFibres },
  };
}

export const histo: TaskDefinition = { meta: histoMeta, render };
