import type { ModeBasis } from './directions';
import { complementDirection, isotropicDirection, leadingDirection, norm2, randomSubspaceComponent, secondOrderKlCoefficient } from './directions';
import { mixSeed, seededRng } from './seededRng';

/**
 * The perturbation families of the evidence study (METHOD: "The paper's evidence"):
 * - `leading`: ε · (random unit combination of v_1 … v_k);
 * - `complement`: ε · (random unit direction orthogonal to every numerically nonzero mode);
 * - `isotropic`: ε · (random unit direction of R^N);
 * - `removal-leading`: x → x_low(k), i.e. δ = −x_high(k);
 * - `removal-random`: remove x's component in a random k-dimensional subspace, rescaled to |x_high(k)|.
 */
export const PERTURBATION_FAMILIES = ['leading', 'complement', 'isotropic', 'removal-leading', 'removal-random'] as const;
export type PerturbationFamily = (typeof PERTURBATION_FAMILIES)[number];

/** Families applied along an ε grid (the others have one fixed norm per image). */
export const EPSILON_FAMILIES: readonly PerturbationFamily[] = ['leading', 'complement', 'isotropic'];

export function isEpsilonFamily(family: PerturbationFamily): boolean {
  return EPSILON_FAMILIES.includes(family);
}

export interface PlannedDirection {
  readonly family: PerturbationFamily;
  readonly draw: number;
  /**
   * ε families: a unit direction, the perturbation is ε · direction.
   * Removal families: the perturbation δ itself.
   */
  readonly direction: Float64Array;
  /** Removal families: |δ| (= |x_high(k)|). Null for ε families. */
  readonly fixedNorm: number | null;
  /** `leading` only: ½ Σ u_i² λ_i, so KL ≈ coefficient · ε². */
  readonly secondOrderCoefficient: number | null;
}

export interface DirectionPlanInput {
  readonly x: ArrayLike<number>;
  /** All R numerically nonzero modes (the complement is taken against all of them). */
  readonly modes: ModeBasis;
  readonly eigenvalues: ArrayLike<number>;
  /** Size of the leading subspace; clamped to the number of modes. */
  readonly k: number;
  readonly draws: number;
  readonly seed: number;
  /** Distinguishes images of a data set, so their draws differ. */
  readonly imageIndex?: number;
  readonly families?: readonly PerturbationFamily[];
}

export interface DirectionPlan {
  readonly directions: PlannedDirection[];
  /** The k actually used: min(k, R). Zero when the model is locally insensitive (R = 0). */
  readonly kUsed: number;
  /** |x_high(kUsed)|. */
  readonly highNorm: number;
  /** Families that could not be drawn for this image, with the reason. */
  readonly skipped: ReadonlyArray<{ readonly family: PerturbationFamily; readonly reason: string }>;
}

/**
 * Draws every direction of the study for one image. A direction does not depend on ε, so each
 * draw traces one curve across the ε grid. Seeds are mixed from (seed, image, family, draw).
 */
export function planDirections(input: DirectionPlanInput): DirectionPlan {
  const { x, modes, eigenvalues, draws, seed } = input;
  const n = modes.inputSize;
  if (x.length !== n) throw new RangeError(`image has ${x.length} values, the modes have ${n}`);
  if (!Number.isInteger(draws) || draws < 1) throw new RangeError(`draws must be a whole number ≥ 1, got ${draws}`);
  const families = input.families ?? PERTURBATION_FAMILIES;
  const image = input.imageIndex ?? 0;
  const kUsed = Math.min(Math.max(0, Math.floor(input.k)), modes.count);
  const high = new Float64Array(n);
  for (let i = 0; i < kUsed; i++) {
    let dot = 0;
    for (let t = 0; t < n; t++) dot += modes.vectors[i * n + t] * x[t];
    for (let t = 0; t < n; t++) high[t] += dot * modes.vectors[i * n + t];
  }
  const highNorm = norm2(high);
  const directions: PlannedDirection[] = [];
  const skipped: Array<{ family: PerturbationFamily; reason: string }> = [];
  for (const family of families) {
    const familyIndex = PERTURBATION_FAMILIES.indexOf(family);
    const needsModes = family === 'leading' || family === 'removal-leading' || family === 'removal-random';
    if (needsModes && kUsed === 0) {
      skipped.push({ family, reason: 'the model has no sensitive direction at this image (rank 0)' });
      continue;
    }
    if ((family === 'removal-leading' || family === 'removal-random') && !(highNorm > 0)) {
      skipped.push({ family, reason: 'x_high(k) is zero' });
      continue;
    }
    const familyDraws = family === 'removal-leading' ? 1 : draws;
    for (let draw = 0; draw < familyDraws; draw++) {
      const rng = seededRng(mixSeed(seed, image, familyIndex, draw));
      switch (family) {
        case 'leading': {
          const { direction, weights } = leadingDirection(modes, kUsed, rng);
          directions.push({ family, draw, direction, fixedNorm: null, secondOrderCoefficient: secondOrderKlCoefficient(weights, eigenvalues) });
          break;
        }
        case 'complement':
          directions.push({ family, draw, direction: complementDirection(modes, rng), fixedNorm: null, secondOrderCoefficient: null });
          break;
        case 'isotropic':
          directions.push({ family, draw, direction: isotropicDirection(n, rng), fixedNorm: null, secondOrderCoefficient: null });
          break;
        case 'removal-leading':
          directions.push({ family, draw, direction: high.map((v) => -v), fixedNorm: highNorm, secondOrderCoefficient: null });
          break;
        case 'removal-random': {
          const component = randomSubspaceComponent(x, kUsed, rng);
          const scale = highNorm / norm2(component);
          directions.push({ family, draw, direction: component.map((v) => -v * scale), fixedNorm: highNorm, secondOrderCoefficient: null });
          break;
        }
      }
    }
  }
  return { directions, kUsed, highNorm, skipped };
}

/** `count` values spaced evenly in log10 from `min` to `max` inclusive. */
export function logEpsilonGrid(min: number, max: number, count: number): number[] {
  if (!(min > 0) || !(max >= min) || !Number.isInteger(count) || count < 1) throw new RangeError(`invalid ε grid ${min}…${max} × ${count}`);
  if (count === 1) return [min];
  const a = Math.log10(min);
  const step = (Math.log10(max) - a) / (count - 1);
  return Array.from({ length: count }, (_, i) => Number((10 ** (a + i * step)).toPrecision(6)));
}
