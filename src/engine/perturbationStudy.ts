import type { PerturbationFamily, PlannedDirection, SlopeFit } from '../core/perturbation';
import {
  complementDirection,
  fitSmallEpsilonSlope,
  isEpsilonFamily,
  mean,
  mixSeed,
  norm2,
  perturbationOutcome,
  planDirections,
  seededRng,
  theoreticalKlNoiseFloor,
} from '../core/perturbation';
import { klFromLogits } from '../core';
import type { ImageAnalysis } from './analyzeImage';
import { analyzeImage, forwardLogits } from './analyzeImage';
import type { Classifier } from './classifier';
import type { StudyControl } from './studyControl';
import { throwIfCancelled, yieldToEventLoop } from './studyControl';

export interface PerturbationStudyOptions extends StudyControl {
  /** L2 norms of the perturbation in model input space, for the ε families. */
  readonly epsilons: readonly number[];
  /** Random directions per family (removal-leading has one). */
  readonly draws: number;
  /** Size of the leading subspace (clamped to the numerical rank). */
  readonly k: number;
  readonly seed: number;
  readonly families?: readonly PerturbationFamily[];
  /** Index of the image in its data set: keeps each image's draws distinct. */
  readonly imageIndex?: number;
  /** Perturbed images per forward pass (default 32). */
  readonly batchSize?: number;
  /** An analysis of this very image, when the caller has one (skips the Jacobian). */
  readonly analysis?: ImageAnalysis;
  /** Fraction of this image's forward passes done, 0 … 1. */
  readonly onProgress?: (fraction: number) => void;
}

export interface PerturbationRecord {
  readonly family: PerturbationFamily;
  /** |δ|, the perturbation's L2 norm in model input space. */
  readonly epsilon: number;
  readonly draw: number;
  readonly deltaP: number;
  readonly kl: number;
  readonly flipped: boolean;
  /** `leading`: ½ ε² Σ u_i² λ_i, the second-order prediction of `kl`. Null otherwise. */
  readonly predictedKl: number | null;
}

export interface KlNoiseFloor {
  /**
   * Largest KL at the probes: x moved by a tiny ε_probe = 1e-5·|x| in the complement, where the
   * true KL (third order, ~1e-15 of |x|³-scaled terms) is far below rounding, so what is measured is
   * the float32 rounding of the network itself. Zero when there is no complement to probe.
   */
  readonly measured: number;
  readonly probeEpsilon: number;
  /** From float32 rounding of the logits (core theoreticalKlNoiseFloor). */
  readonly theoretical: number;
  /** max(measured, theoretical): what the slope fit treats as noise (×100). */
  readonly value: number;
}

export interface ImagePerturbationStudy {
  readonly records: PerturbationRecord[];
  /** records.length × C perturbed logits, in record order (for data-set metrics). */
  readonly perturbedLogits: Float32Array;
  readonly cleanLogits: Float32Array;
  /** The numerically nonzero eigenvalues λ_1 … λ_R. */
  readonly eigenvalues: Float64Array;
  readonly kUsed: number;
  /** |x_high(k)|: the norm of both removals. */
  readonly highNorm: number;
  readonly noiseFloor: KlNoiseFloor;
  /**
   * Per ε family: slope of log KL against log ε at small ε, KL averaged over the draws (an estimate
   * of the expectation over random directions). Smooth models: 2 (leading), 4 (complement: the
   * cubic term must vanish since KL ≥ 0 for ±δ). ReLU models: 2 and ≈ 3 (kinks crossed ∝ ε).
   */
  readonly slopes: Partial<Record<PerturbationFamily, SlopeFit>>;
  readonly skipped: ReadonlyArray<{ readonly family: PerturbationFamily; readonly reason: string }>;
}

/** Noise-floor probes placed among the batches (see KlNoiseFloor.measured). */
const NOISE_PROBES = 4;
const PROBE_RELATIVE_EPSILON = 1e-5;

/**
 * The per-image perturbation study: draws the directions of every family (core/perturbation),
 * evaluates x + δ for every ε and draw in batched forward passes, and reports Δp of the predicted
 * class, KL(p(x) ‖ p(x + δ)) and whether the decision flipped, with small-ε slopes.
 */
export async function perturbationStudy(classifier: Classifier, xModelSpace: Float32Array, options: PerturbationStudyOptions): Promise<ImagePerturbationStudy> {
  throwIfCancelled(options);
  const analysis = options.analysis ?? (await analyzeImage(classifier, xModelSpace, { checkCancelled: () => throwIfCancelled(options) }));
  const { eigen } = analysis;
  const n = xModelSpace.length;
  const head = classifier.info.head;
  const c = classifier.info.classes.length;
  const plan = planDirections({
    x: xModelSpace,
    modes: { vectors: eigen.imageEigenvectors, count: eigen.modeCount, inputSize: n },
    eigenvalues: eigen.eigenvalues,
    k: options.k,
    draws: options.draws,
    seed: options.seed,
    imageIndex: options.imageIndex,
    families: options.families,
  });

  // Every (direction, ε) pair, with the noise probes spread among them (batch position matters on
  // some backends).
  interface Job {
    readonly direction: PlannedDirection;
    readonly epsilon: number;
    readonly probe: boolean;
  }
  const jobs: Job[] = [];
  for (const direction of plan.directions) {
    if (direction.fixedNorm !== null) jobs.push({ direction, epsilon: direction.fixedNorm, probe: false });
    else for (const epsilon of options.epsilons) jobs.push({ direction, epsilon, probe: false });
  }
  const probeEpsilon = PROBE_RELATIVE_EPSILON * norm2(xModelSpace);
  const probes = eigen.modeCount < n ? probeDirections(eigen.imageEigenvectors, eigen.modeCount, n, options.seed, options.imageIndex ?? 0) : [];
  probes.forEach((direction, i) => {
    jobs.splice(Math.floor(((i + 1) * jobs.length) / (probes.length + 1)), 0, { direction, epsilon: probeEpsilon, probe: true });
  });

  const batchSize = Math.max(1, options.batchSize ?? 32);
  const logits = new Float32Array(jobs.length * c);
  for (let start = 0; start < jobs.length; start += batchSize) {
    throwIfCancelled(options);
    const b = Math.min(batchSize, jobs.length - start);
    const batch = new Float32Array(b * n);
    for (let j = 0; j < b; j++) {
      const job = jobs[start + j];
      const target = batch.subarray(j * n, (j + 1) * n);
      const scale = job.direction.fixedNorm === null ? job.epsilon : 1;
      const d = job.direction.direction;
      for (let t = 0; t < n; t++) target[t] = xModelSpace[t] + scale * d[t];
    }
    logits.set(await forwardLogits(classifier, batch, b), start * c);
    options.onProgress?.(Math.min(1, (start + b) / jobs.length));
    await yieldToEventLoop();
  }

  const clean = analysis.logits;
  const records: PerturbationRecord[] = [];
  const perturbedLogits = new Float32Array((jobs.length - probes.length) * c);
  let measured = 0;
  jobs.forEach((job, index) => {
    const z = logits.subarray(index * c, (index + 1) * c);
    if (job.probe) {
      measured = Math.max(measured, klFromLogits(head, clean, z));
      return;
    }
    const outcome = perturbationOutcome(head, clean, z);
    const coefficient = job.direction.secondOrderCoefficient;
    perturbedLogits.set(z, records.length * c);
    records.push({
      family: job.direction.family,
      epsilon: job.epsilon,
      draw: job.direction.draw,
      ...outcome,
      predictedKl: coefficient === null ? null : coefficient * job.epsilon * job.epsilon,
    });
  });
  const theoretical = theoreticalKlNoiseFloor(clean);
  const noiseFloor = { measured, probeEpsilon, theoretical, value: Math.max(measured, theoretical) };

  const slopes: Partial<Record<PerturbationFamily, SlopeFit>> = {};
  for (const family of new Set(plan.directions.map((d) => d.family))) {
    if (!isEpsilonFamily(family)) continue;
    const perEpsilon = options.epsilons.map((epsilon) => mean(records.filter((r) => r.family === family && r.epsilon === epsilon).map((r) => r.kl)));
    slopes[family] = fitSmallEpsilonSlope(options.epsilons, perEpsilon, { noiseFloor: noiseFloor.value });
  }
  return {
    records,
    perturbedLogits,
    cleanLogits: clean,
    eigenvalues: eigen.eigenvalues.slice(0, eigen.rank),
    kUsed: plan.kUsed,
    highNorm: plan.highNorm,
    noiseFloor,
    slopes,
    skipped: plan.skipped,
  };
}

/** Complement directions for the noise probes, from their own seed stream. */
function probeDirections(modes: Float64Array, count: number, n: number, seed: number, imageIndex: number): PlannedDirection[] {
  return Array.from({ length: NOISE_PROBES }, (_, draw) => ({
    family: 'complement' as const,
    draw,
    direction: complementDirection({ vectors: modes, count, inputSize: n }, seededRng(mixSeed(seed, imageIndex, 0x9e3779b9, draw))),
    fixedNorm: null,
    secondOrderCoefficient: null,
  }));
}
