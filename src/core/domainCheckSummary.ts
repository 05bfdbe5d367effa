import type { TrainingDomain } from './domainCheckSchema';
import { DOMAIN_PERCENTILES, trainingDomainSchema } from './domainCheckSchema';
import { COARSE_LAG, channelMoments, intensityDistance, percentilesOf, quantileFunction, roughness } from './domainCheckStatistics';

/**
 * Builds a model's `trainingDomain` from a stack of its training images in model input space: the
 * pooled quantile function of the pixel values per channel, per-image statistics at fixed
 * percentiles, and thresholds taken at extreme percentiles of those same statistics: 0.5 % of the
 * training images lie above the intensity-distance threshold, 0.5 % outside each structure band.
 */

/** Quantile steps of the pooled intensity distribution (101 values per channel). */
export const QUANTILE_STEPS = 100;
export const INTENSITY_DISTANCE_PERCENTILE = 99.5;
export const ROUGHNESS_PERCENTILES: readonly [number, number] = [0.25, 99.75];
export const ENTROPY_PERCENTILE = 99.5;

export interface TrainingImageStack {
  /** count × H × W × Ch, model input space. */
  readonly images: Float32Array;
  readonly count: number;
  readonly height: number;
  readonly width: number;
  readonly channels: 1 | 3;
}

export interface TrainingDomainFacts {
  readonly description: string;
  readonly modalities?: readonly string[];
  readonly photometricInterpretation?: 'MONOCHROME2' | 'RGB';
  readonly sample: { readonly generator?: string; readonly seed?: number; readonly firstIndex?: number };
}

/** What the model itself did on the images: its normalised entropy on each, λ₁ on the first few. */
export interface ModelOnTrainingImages {
  readonly entropy: readonly number[];
  readonly lambda1: readonly number[];
}

/** Five significant digits: enough for thresholds, short in JSON. */
const round = (v: number): number => Number(v.toPrecision(5));

/** Per-image statistics of a stack against its pooled quantiles (also what the checks compute at run time). */
export function perImageStatistics(stack: TrainingImageStack, quantiles: readonly (readonly number[])[]): { mean: number[][]; std: number[][]; roughness: number[]; coarseRoughness: number[]; distance: number[] } {
  const { count, height, width, channels } = stack;
  const perImage = height * width * channels;
  const mean: number[][] = Array.from({ length: channels }, () => []);
  const std: number[][] = Array.from({ length: channels }, () => []);
  const rough: number[] = [];
  const coarse: number[] = [];
  const distance: number[] = [];
  for (let i = 0; i < count; i++) {
    const x = stack.images.subarray(i * perImage, (i + 1) * perImage);
    const moments = channelMoments(x, channels);
    for (let c = 0; c < channels; c++) {
      mean[c].push(moments.mean[c]);
      std[c].push(moments.std[c]);
    }
    rough.push(roughness(x, height, width, channels));
    coarse.push(roughness(x, height, width, channels, COARSE_LAG));
    distance.push(intensityDistance(x, channels, quantiles).distance);
  }
  return { mean, std, roughness: rough, coarseRoughness: coarse, distance };
}

/** Pooled quantile function of each channel over every image of the stack (rounded as stored). */
export function pooledQuantiles(stack: TrainingImageStack): number[][] {
  const { images, channels } = stack;
  const perChannel = images.length / channels;
  return Array.from({ length: channels }, (_, c) => {
    const values = new Float64Array(perChannel);
    for (let i = 0; i < perChannel; i++) values[i] = images[i * channels + c];
    return quantileFunction(values, QUANTILE_STEPS).map(round);
  });
}

export function summariseTrainingDomain(stack: TrainingImageStack, facts: TrainingDomainFacts, model?: ModelOnTrainingImages): TrainingDomain {
  if (stack.images.length !== stack.count * stack.height * stack.width * stack.channels) throw new RangeError('the image stack does not hold count × H × W × Ch values');
  if (stack.count < 2) throw new RangeError('at least two training images are needed');
  const quantiles = pooledQuantiles(stack);
  const pooled = channelMoments(stack.images, stack.channels);
  const stats = perImageStatistics(stack, quantiles);
  const at = (values: readonly number[]): number[] => percentilesOf(values, DOMAIN_PERCENTILES).map(round);
  const one = (values: readonly number[], p: number): number => round(percentilesOf(values, [p])[0]);
  const modelRows = {
    ...(model && model.entropy.length > 1 ? { entropy: at(model.entropy) } : {}),
    ...(model && model.lambda1.length > 1 ? { lambda1: at(model.lambda1), lambda1Count: model.lambda1.length } : {}),
  };
  return trainingDomainSchema.parse({
    description: facts.description,
    modalities: facts.modalities ? [...facts.modalities] : undefined,
    photometricInterpretation: facts.photometricInterpretation,
    image: { height: stack.height, width: stack.width, channels: stack.channels },
    sample: { count: stack.count, ...facts.sample },
    intensity: { quantiles, mean: pooled.mean.map(round), std: pooled.std.map(round) },
    perImage: {
      percentiles: [...DOMAIN_PERCENTILES],
      mean: stats.mean.map(at),
      std: stats.std.map(at),
      roughness: at(stats.roughness),
      coarseRoughness: at(stats.coarseRoughness),
      intensityDistance: at(stats.distance),
      ...modelRows,
    },
    thresholds: {
      intensityDistance: one(stats.distance, INTENSITY_DISTANCE_PERCENTILE),
      intensityDistancePercentile: INTENSITY_DISTANCE_PERCENTILE,
      roughness: [one(stats.roughness, ROUGHNESS_PERCENTILES[0]), one(stats.roughness, ROUGHNESS_PERCENTILES[1])],
      coarseRoughness: [one(stats.coarseRoughness, ROUGHNESS_PERCENTILES[0]), one(stats.coarseRoughness, ROUGHNESS_PERCENTILES[1])],
      roughnessPercentiles: [...ROUGHNESS_PERCENTILES],
      ...(model && model.entropy.length > 1 ? { entropy: Math.min(1, one(model.entropy, ENTROPY_PERCENTILE)), entropyPercentile: ENTROPY_PERCENTILE } : {}),
    },
  });
}
