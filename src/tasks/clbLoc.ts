/**
 * `clb-loc`: localisation of a mass-like signal in a clustered lumpy background (CLB).
 *
 * Background (Bochud, Abbey & Eckstein 1999, Opt. Express 4(1):33; JOSA A 16(3):528):
 *   b(r) = Σ_{k=1..K} Σ_{n=1..N_k} l(r − c_k − r_kn | θ_k),
 *   K ~ Poisson(K̄) clusters with centres c_k uniform, N_k ~ Poisson(N̄) blobs per cluster, blob
 *   offsets r_kn ~ N(0, σ²·I), one orientation θ_k ~ U[0, π) per cluster, and the anisotropic blob
 *   profile l(r | θ) = exp(−α·|r|^β / L(ψ − θ)), where L(ψ) = Lx·Ly / √(Ly²cos²ψ + Lx²sin²ψ) is the
 *   polar radius of the ellipse with half-axes Lx, Ly at the polar angle ψ of r.
 * Bochud et al.'s mammographic values (their Table 2, 128×128 ROIs): K̄ = 150, N̄ = 20, Lx = 5 px,
 * Ly = 2 px, α = 2.1, β = 0.5, σ = 12 px. Our 64×64 image is a 64×64 window at the same pixel
 * scale, so K̄ is scaled by area to 37.5 per field of view; cluster centres are drawn over the field
 * of view padded by 2σ on each side (with K̄ scaled to the padded area) to avoid edge effects.
 *
 * Implementation approximations (for speed, documented in `parameters`): blob positions are
 * rounded to whole pixels, orientations are quantised to 32 bins, and the heavy-tailed blob profile
 * is tapered smoothly to zero between 24 and 36 px from its centre (the tail beyond is a slowly
 * varying pedestal that the fixed display mapping removes anyway).
 *
 * Signal: a "designer nodule" s(r) = A·(1 − (r/R)²)^ν for r < R (Burgess, Jacobson & Judy 2001),
 * R = 6 px, ν = 1.5, centred at a random whole-pixel position inside one of the four quadrants,
 * at least 8 px from the quadrant's edges (so the whole nodule lies in its quadrant).
 * Image g = 0.5 + contrast·(b − μ_b)/σ_b + s + n, clipped to [0, 1].
 */
import { dcos, dexp, dlog, dsin, Rng, Stream } from './random';
import { smoothstep01, writeClipped } from './imageOps';
import type { RenderResult, ResolvedOptions, SignalCentre, TaskDefinition, TaskMeta } from './types';

const SIZE = 64;
const HALF = SIZE / 2;

export const CLB_PARAMS = {
  meanClustersPer128: 150,
  meanClusters: 37.5,
  meanBlobsPerCluster: 20,
  lx: 5,
  ly: 2,
  alpha: 2.1,
  beta: 0.5,
  sigma: 12,
  pad: 24,
  orientationBins: 32,
  taperStart: 14,
  taperEnd: 22,
  /**
   * Population mean and standard deviation of b (per pixel) for these settings, measured over
   * 4000 backgrounds (checked in tasks.test.ts); used by the fixed display mapping.
   */
  backgroundMean: 4.921,
  backgroundSd: 1.326,
  contrast: 0.11,
  signalRadius: 6,
  signalExponent: 1.5,
  /**
   * Nodule peak in image units (≈ 1.9 background SD after display mapping). Tuned (design choice):
   * a Fourier-prewhitened matched filter scanning the 4×16×16 candidate positions localises with
   * ≈ 76 % accuracy (5 balanced classes), the non-prewhitened one ≈ 26 %; a PyTorch replica of the
   * demo plain CNN (standardised input) reaches ≈ 0.79 after 4000 images × 6 epochs and ≈ 0.86
   * after 5000 × 40 epochs (0.17 would give ≈ 0.90 / 0.95). The TF.js demo CNN stayed at chance
   * at 0.14 after 4000 × 6 on this data, so the shipped task uses 0.2.
   */
  signalAmplitude: 0.2,
  quadrantMargin: 8,
  noiseSigma: 0.02,
} as const;

const P = CLB_PARAMS;
const KR = P.taperEnd; // kernel radius
const KS = 2 * KR + 1; // kernel side

export const CLB_CLASSES = ['absent', 'top-left', 'top-right', 'bottom-left', 'bottom-right'] as const;

export const clbLocMeta: TaskMeta = {
  id: 'clb-loc',
  title: 'Mass localisation in a clustered lumpy background',
  description:
    'Five-class localisation: is a small mass-like signal (designer nodule) absent, or present in the top-left, ' +
    'top-right, bottom-left or bottom-right quadrant? The background is a clustered lumpy background mimicking ' +
    'mammographic texture (Bochud, Abbey & Eckstein 1999): Poisson clusters of anisotropic blobs, one random ' +
    'orientation per cluster. The signal sits at a random position inside its quadrant, at least 8 px from the ' +
    "quadrant's edges. 64×64 grayscale. The signal mask is the nodule's disc of radius R.",
  classes: [...CLB_CLASSES],
  head: 'softmax',
  height: SIZE,
  width: SIZE,
  channels: 1,
  parameters: {
    meanClusters: {
      value: P.meanClusters,
      description: 'Mean K̄ of the Poisson number of clusters per 64×64 field of view (150 per 128×128 ROI, scaled by area)',
      source: 'Bochud, Abbey & Eckstein 1999 (Opt Express 4(1):33), Table 2: K̄ = 150 for 128×128',
    },
    meanBlobsPerCluster: {
      value: P.meanBlobsPerCluster,
      description: 'Mean N̄ of the Poisson number of blobs per cluster',
      source: 'Bochud et al. 1999, Table 2: N̄ = 20',
    },
    blobLengths: {
      value: [P.lx, P.ly],
      unit: 'px',
      description: 'Characteristic lengths Lx, Ly of the anisotropic blob along and across its orientation',
      source: 'Bochud et al. 1999, Table 2: Lx = 5, Ly = 2',
    },
    alpha: { value: P.alpha, description: 'Blob profile slope α in exp(−α r^β / L)', source: 'Bochud et al. 1999, Table 2: α = 2.1' },
    beta: { value: P.beta, description: 'Blob profile shape exponent β', source: 'Bochud et al. 1999, Table 2: β = 0.5' },
    sigma: {
      value: P.sigma,
      unit: 'px',
      description: 'Standard deviation σ of the blob positions around their cluster centre (per axis)',
      source: 'Bochud et al. 1999, Table 2: σ = 12',
    },
    orientation: {
      value: 'θ_k ~ U[0, π), one per cluster, quantised to 32 bins',
      description: 'Blob orientation, shared by the blobs of a cluster',
      source: 'Bochud et al. 1999 (random orientation per cluster); quantisation is an implementation approximation',
    },
    padding: {
      value: P.pad,
      unit: 'px',
      description: 'Cluster centres are drawn over the field of view padded by 2σ on each side, K̄ scaled to the padded area',
      source: 'Edge-effect correction as in common CLB implementations (e.g. Zysk, CreateLumpyBackground.m); design choice',
    },
    profileTaper: {
      value: [P.taperStart, P.taperEnd],
      unit: 'px',
      description: 'Blob profile multiplied by a smooth step from 1 (24 px) to 0 (36 px) from its centre; positions rounded to whole pixels',
      source: 'Implementation approximation for speed (design choice)',
    },
    displayMapping: {
      value: [P.backgroundMean, P.backgroundSd, P.contrast],
      description: 'Image = 0.5 + contrast·(b − μ_b)/σ_b + signal + noise, with fixed population μ_b, σ_b (measured)',
      source: 'Design choice (a fixed affine map keeps the signal additive; per-image normalisation would not)',
    },
    signalProfile: {
      value: [P.signalRadius, P.signalExponent],
      unit: 'px, 1',
      description: 'Designer nodule A·(1 − (r/R)²)^ν for r < R with radius R and exponent ν',
      source: 'Burgess, Jacobson & Judy 2001 (Med Phys 28(4):419) designer nodule; R = 6 px, ν = 1.5 design choice',
    },
    signalAmplitude: {
      value: P.signalAmplitude,
      description: 'Nodule peak A in image units (≈ 1.9 background SD after the display mapping)',
      source:
        'Design choice (learnable, not trivial): prewhitened scanning matched filter ≈ 76 % correct, non-prewhitened ≈ 26 %; ' +
        'small CNN ≈ 79–86 % depending on training length',
    },
    quadrantMargin: {
      value: P.quadrantMargin,
      unit: 'px',
      description: "Minimum distance of the nodule centre from its quadrant's edges (centre uniform over the remaining 16×16 positions)",
      source: 'Design choice (nodule entirely inside its quadrant)',
    },
    noiseSigma: {
      value: P.noiseSigma,
      description: 'Standard deviation of the additive white Gaussian noise, in image units',
      source: 'Design choice',
    },
  },
  references: [
    'Bochud FO, Abbey CK, Eckstein MP. Statistical texture synthesis of mammographic images with clustered lumpy backgrounds. Opt Express 4(1):33–43, 1999.',
    'Bochud FO, Abbey CK, Eckstein MP. Visual signal detection in structured backgrounds. III. Calculation of figures of merit for model observers in statistically nonstationary backgrounds. J Opt Soc Am A 16(3):528–541, 1999.',
    'Burgess AE, Jacobson FL, Judy PF. Human observer detection experiments with mammograms and power-law noise. Med Phys 28(4):419–437, 2001.',
  ],
};

let kernels: Float32Array[] | null = null;

/** Tapered blob profiles for each orientation bin, KS×KS each, built once (deterministically). */
function blobKernels(): Float32Array[] {
  if (kernels) return kernels;
  const out: Float32Array[] = [];
  const invLx2 = 1 / (P.lx * P.lx);
  const invLy2 = 1 / (P.ly * P.ly);
  for (let b = 0; b < P.orientationBins; b++) {
    // Orientation θ = π·b/bins (the ellipse is symmetric under θ → θ + π).
    const theta = (Math.PI * b) / P.orientationBins;
    const c = dcos(theta);
    const s = dsin(theta);
    const k = new Float32Array(KS * KS);
    for (let y = -KR; y <= KR; y++) {
      for (let x = -KR; x <= KR; x++) {
        const r2 = x * x + y * y;
        let v: number;
        if (r2 === 0) v = 1;
        else {
          const r = Math.sqrt(r2);
          if (r >= P.taperEnd) v = 0;
          else {
            const xr = c * x + s * y;
            const yr = -s * x + c * y;
            // r/L(ψ) is the elliptical radius ρ = √((x'/Lx)² + (y'/Ly)²) in the blob's own axes.
            const rho = Math.sqrt(xr * xr * invLx2 + yr * yr * invLy2);
            v = dexp(-P.alpha * dexp(P.beta * dlog(rho)));
            v *= 1 - smoothstep01((r - P.taperStart) / (P.taperEnd - P.taperStart));
          }
        }
        k[(y + KR) * KS + (x + KR)] = v;
      }
    }
    out.push(k);
  }
  kernels = out;
  return out;
}

/** The tapered blob profile of orientation bin `bin` (θ = π·bin/bins), (2·radius+1)² values, row-major. */
export function clbBlobKernel(bin: number): { data: Float32Array; radius: number } {
  return { data: blobKernels()[bin], radius: KR };
}

/** Renders the background b (before display mapping) into img (SIZE×SIZE); returns counts. */
export function renderClbBackground(rng: Rng, img: Float64Array): { clusters: number; blobs: number } {
  const ks = blobKernels();
  const span = SIZE + 2 * P.pad;
  const meanPadded = (P.meanClusters * span * span) / (SIZE * SIZE);
  const nClusters = rng.poisson(meanPadded);
  let nBlobs = 0;
  for (let k = 0; k < nClusters; k++) {
    const cr = rng.uniform() * span - P.pad - 0.5;
    const cc = rng.uniform() * span - P.pad - 0.5;
    const bin = rng.int(P.orientationBins);
    const kern = ks[bin];
    const n = rng.poisson(P.meanBlobsPerCluster);
    nBlobs += n;
    for (let j = 0; j < n; j++) {
      const br = Math.round(cr + P.sigma * rng.normal());
      const bc = Math.round(cc + P.sigma * rng.normal());
      const y0 = Math.max(0, br - KR);
      const y1 = Math.min(SIZE - 1, br + KR);
      const x0 = Math.max(0, bc - KR);
      const x1 = Math.min(SIZE - 1, bc + KR);
      if (y0 > y1 || x0 > x1) continue;
      for (let y = y0; y <= y1; y++) {
        const kRow = (y - br + KR) * KS - bc + KR;
        const iRow = y * SIZE;
        for (let x = x0; x <= x1; x++) img[iRow + x] += kern[kRow + x];
      }
    }
  }
  return { clusters: nClusters, blobs: nBlobs };
}

/** Quadrant origin (row, col) of class 1..4. */
function quadrantOrigin(label: number): [number, number] {
  const q = label - 1;
  return [q >= 2 ? HALF : 0, q % 2 === 1 ? HALF : 0];
}

function render(seed: number, index: number, options: ResolvedOptions, out: Float32Array, offset: number): RenderResult {
  const bgRng = Rng.forSample('clb-loc', seed, index, Stream.background);
  const sigRng = Rng.forSample('clb-loc', seed, index, Stream.signal);
  const noiseRng = Rng.forSample('clb-loc', seed, index, Stream.noise);
  const img = new Float64Array(SIZE * SIZE);
  const counts = renderClbBackground(bgRng, img);
  const gain = P.contrast / P.backgroundSd;
  for (let i = 0; i < img.length; i++) img[i] = 0.5 + gain * (img[i] - P.backgroundMean);

  const signalMask = new Uint8Array(SIZE * SIZE);
  const signalCentres: SignalCentre[] = [];
  // Signal position drawn for every sample (even absent) so the stream layout is label-independent.
  const span = HALF - 2 * P.quadrantMargin; // 16 positions
  const dr = P.quadrantMargin + sigRng.int(span);
  const dc = P.quadrantMargin + sigRng.int(span);
  if (options.label > 0) {
    const [qr, qc] = quadrantOrigin(options.label);
    const row = qr + dr;
    const col = qc + dc;
    signalCentres.push({ row, col });
    const R = P.signalRadius;
    const invR2 = 1 / (R * R);
    for (let y = row - R; y <= row + R; y++) {
      for (let x = col - R; x <= col + R; x++) {
        const d2 = (y - row) * (y - row) + (x - col) * (x - col);
        if (d2 >= R * R) continue;
        signalMask[y * SIZE + x] = 1;
        if (options.withSignal) {
          const t = 1 - d2 * invR2; // (1 − (r/R)²)^1.5 = t·√t
          img[y * SIZE + x] += P.signalAmplitude * t * Math.sqrt(t);
        }
      }
    }
  }
  for (let i = 0; i < img.length; i++) img[i] += P.noiseSigma * noiseRng.normal();
  writeClipped(img, out, offset);
  return { signalMask, signalCentres, details: { clusterCount: counts.clusters, blobCount: counts.blobs } };
}

export const clbLoc: TaskDefinition = { meta: clbLocMeta, render };
