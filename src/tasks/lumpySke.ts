/**
 * `lumpy-ske`: detection of a signal known exactly (SKE) in a Gaussian lumpy background.
 *
 * Background (Rolland & Barrett 1992): b(r) = Σ_{n=1..N} a·exp(−|r − c_n|² / (2 s²)), with the
 * number of lumps N ~ Poisson(N̄) and the lump centres c_n independent and uniform over the field of
 * view. Parameter values N̄ = 25, a = 1, s = 7 px on a 64×64 grid are those of the Arizona
 * ideal-observer studies that use this background (Kupinski et al. 2003; Park et al. 2005, 2007).
 * Signal: a Gaussian of width σ_s = 3 px at the image centre. Acquisition noise: additive white
 * Gaussian (the cited studies use Poisson noise; a Gaussian of fixed variance keeps the signal
 * strictly additive, so a counterfactual without the signal has exactly the same noise).
 *
 * Image g = offset + scale·(b + A_s·s(r)) + n, then clipped to [0, 1].
 */
import { dexp, Rng, Stream } from './random';
import { writeClipped } from './imageOps';
import type { RenderResult, ResolvedOptions, TaskDefinition, TaskMeta } from './types';

const SIZE = 64;

/** Exported for tests and documentation; every value is also listed in the task's `parameters`. */
export const LUMPY_PARAMS = {
  meanLumps: 25,
  lumpAmplitude: 1,
  lumpWidth: 7,
  signalWidth: 3,
  /**
   * Signal peak in background units (design choice). At 0.24 the channelised Hotelling observer
   * reaches ≈ 0.90 proportion correct, but the demo CNN trained on 3000 images for 5 epochs stays
   * at chance; at 0.5 it reaches 0.59, at 0.9 it saturates (0.998). 0.7 gives the demo CNN a
   * held-out accuracy of about 0.96: a detectable, not trivial, signal.
   */
  signalAmplitude: 0.7,
  /** Noise standard deviation, in image units (after scaling). */
  noiseSigma: 0.02,
  /** Affine display mapping of the background: mean b ≈ 1.9 → ≈ 0.39 (≈ 0.36 averaged over the image, lower near the edges), SD ≈ 0.97 → ≈ 0.10. */
  offset: 0.2,
  scale: 0.1,
  signalRow: 32,
  signalCol: 32,
} as const;

const P = LUMPY_PARAMS;

export const lumpySkeMeta: TaskMeta = {
  id: 'lumpy-ske',
  title: 'SKE detection in a lumpy background',
  description:
    'Signal-known-exactly detection: is a faint Gaussian signal present at the image centre? The background is a ' +
    'Gaussian lumpy background (Rolland & Barrett 1992): a Poisson number of Gaussian lumps of fixed amplitude and ' +
    'width at uniformly random positions, plus additive white Gaussian noise. 64×64 grayscale; class 0 = signal ' +
    'absent, class 1 = signal present. The signal mask is the disc of radius 2σ_s around the centre.',
  classes: ['absent', 'present'],
  head: 'softmax',
  height: SIZE,
  width: SIZE,
  channels: 1,
  parameters: {
    meanLumps: {
      value: P.meanLumps,
      description: 'Mean N̄ of the Poisson number of lumps per image',
      source: 'Kupinski et al. 2003 (JOSA A 20(3):430); Park et al. 2005 (JOSA A 22(1):3): N̄ = 25 on 64×64',
    },
    lumpAmplitude: {
      value: P.lumpAmplitude,
      description: 'Lump amplitude a in b(r) = Σ a·exp(−|r−c_n|²/(2s²))',
      source: 'Kupinski et al. 2003; Park et al. 2005: a = 1',
    },
    lumpWidth: {
      value: P.lumpWidth,
      unit: 'px',
      description: 'Lump width s (Gaussian standard deviation)',
      source: 'Kupinski et al. 2003; Park et al. 2005: s = 7 pixels',
    },
    lumpPlacement: {
      value: 'uniform over the 64×64 field of view',
      description: 'Lump centres are independent and uniform over the image support',
      source: 'Rolland & Barrett 1992 (JOSA A 9(5):649)',
    },
    signalWidth: {
      value: P.signalWidth,
      unit: 'px',
      description: 'Standard deviation σ_s of the Gaussian signal at the image centre',
      source: 'Park et al. 2005/2007 use Gaussian signals of a few pixels width; 3 px is a design choice in that range',
    },
    signalAmplitude: {
      value: P.signalAmplitude,
      description: 'Signal peak A_s in background units (lump amplitude = 1)',
      source:
        'Design choice: detectable but not trivial for the demo CNN (≈ 0.96 held-out after 3000 images × 5 epochs); ' +
        'for reference the Laguerre–Gauss channelised Hotelling observer reaches ≈ 0.90 proportion correct already at 0.24',
    },
    signalCentre: {
      value: [P.signalRow, P.signalCol],
      unit: 'px (row, col)',
      description: 'Signal position (known exactly)',
      source: 'SKE paradigm (Barrett & Myers 2004, Foundations of Image Science, ch. 13)',
    },
    noiseSigma: {
      value: P.noiseSigma,
      description: 'Standard deviation of the additive white Gaussian noise, in image units',
      source: 'Design choice (Gaussian stand-in for the Poisson measurement noise of the cited studies)',
    },
    displayMapping: {
      value: [P.offset, P.scale],
      description: 'Image = offset + scale·(background + signal) + noise, clipped to [0, 1]',
      source: 'Design choice: maps mean background ≈ 1.9 to ≈ 0.39, ±4 SD stays inside [0, 1] almost always',
    },
    maskRadius: {
      value: 2 * P.signalWidth,
      unit: 'px',
      description: 'Signal mask: pixels within 2σ_s of the signal centre (signal ≥ 13.5 % of its peak)',
      source: 'Design choice',
    },
  },
  references: [
    'Rolland JP, Barrett HH. Effect of random background inhomogeneity on observer detection performance. J Opt Soc Am A 9(5):649–658, 1992.',
    'Kupinski MA, Hoppin JW, Clarkson E, Barrett HH. Ideal-observer computation in medical imaging with use of Markov-chain Monte Carlo techniques. J Opt Soc Am A 20(3):430–438, 2003.',
    'Park S, Clarkson E, Kupinski MA, Barrett HH. Efficiency of the human observer detecting random signals in random backgrounds. J Opt Soc Am A 22(1):3–16, 2005.',
    'Park S, Barrett HH, Clarkson E, Kupinski MA, Myers KJ. Channelized-ideal observer using Laguerre–Gauss channels in detection tasks involving non-Gaussian distributed lumpy backgrounds and a Gaussian signal. J Opt Soc Am A 24(12):B136–B150, 2007.',
  ],
};

/** Lump centres of one background; exported so tests can check the Poisson statistics directly. */
export function drawLumps(rng: Rng): { rows: Float64Array; cols: Float64Array } {
  const n = rng.poisson(P.meanLumps);
  const rows = new Float64Array(n);
  const cols = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    // Continuous uniform position over the pixel support [−0.5, SIZE − 0.5).
    rows[i] = rng.uniform() * SIZE - 0.5;
    cols[i] = rng.uniform() * SIZE - 0.5;
  }
  return { rows, cols };
}

const rowFactor = new Float64Array(SIZE);
const colFactor = new Float64Array(SIZE);

/** Adds a·exp(−|r−c|²/(2w²)) to img (SIZE×SIZE), separably: SIZE·2 exponentials per lump. */
function addGaussian(img: Float64Array, row: number, col: number, amplitude: number, width: number): void {
  const inv = 1 / (2 * width * width);
  for (let i = 0; i < SIZE; i++) {
    const dr = i - row;
    const dc = i - col;
    rowFactor[i] = amplitude * dexp(-dr * dr * inv);
    colFactor[i] = dexp(-dc * dc * inv);
  }
  for (let y = 0; y < SIZE; y++) {
    const fy = rowFactor[y];
    if (fy < 1e-12) continue;
    const base = y * SIZE;
    for (let x = 0; x < SIZE; x++) img[base + x] += fy * colFactor[x];
  }
}

function render(seed: number, index: number, options: ResolvedOptions, out: Float32Array, offset: number): RenderResult {
  const bgRng = Rng.forSample('lumpy-ske', seed, index, Stream.background);
  const noiseRng = Rng.forSample('lumpy-ske', seed, index, Stream.noise);
  const img = new Float64Array(SIZE * SIZE);

  const lumps = drawLumps(bgRng);
  for (let i = 0; i < lumps.rows.length; i++) addGaussian(img, lumps.rows[i], lumps.cols[i], P.lumpAmplitude, P.lumpWidth);

  const present = options.label === 1;
  if (present && options.withSignal) addGaussian(img, P.signalRow, P.signalCol, P.signalAmplitude, P.signalWidth);

  for (let i = 0; i < img.length; i++) img[i] = P.offset + P.scale * img[i] + P.noiseSigma * noiseRng.normal();
  writeClipped(img, out, offset);

  const signalMask = new Uint8Array(SIZE * SIZE);
  const signalCentres = [];
  if (present) {
    const r2 = 4 * P.signalWidth * P.signalWidth;
    for (let y = 0; y < SIZE; y++) {
      for (let x = 0; x < SIZE; x++) {
        const dy = y - P.signalRow;
        const dx = x - P.signalCol;
        if (dy * dy + dx * dx <= r2) signalMask[y * SIZE + x] = 1;
      }
    }
    signalCentres.push({ row: P.signalRow, col: P.signalCol });
  }
  return { signalMask, signalCentres, details: { lumpCount: lumps.rows.length } };
}

export const lumpySke: TaskDefinition = { meta: lumpySkeMeta, render };
