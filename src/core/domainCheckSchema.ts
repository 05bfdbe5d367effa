import { z } from 'zod';

/**
 * `trainingDomain` in metadata.json: what the model was trained on, summarised so that an image can
 * be compared with it (src/core/domainCheck.ts; docs/metadata.md, "Training domain"). Every
 * intensity is in model input space, after normalisation: one unit is one training standard
 * deviation of the channel.
 */

/** Percentiles (0–100) at which the per-image statistics are recorded. */
export const DOMAIN_PERCENTILES = [0.25, 1, 5, 25, 50, 75, 95, 99, 99.5, 99.75] as const;

const size = z.object({
  height: z.number().int().positive(),
  width: z.number().int().positive(),
  channels: z.union([z.literal(1), z.literal(3)]),
});

/** A non-decreasing list of numbers (quantiles, percentiles). */
const nonDecreasing = (min: number) =>
  z
    .array(z.number())
    .min(min)
    .refine((v) => v.every((x, i) => i === 0 || x >= v[i - 1]), 'values must not decrease');

export const trainingDomainSchema = z.object({
  /** The training images in words, for messages ("procedural PA chest radiograph phantom"). */
  description: z.string().default(''),
  /** DICOM Modality codes the training images stand for (CR, DX, CT, MR, SM, OT …); absent: not checked. */
  modalities: z.array(z.string().regex(/^[A-Z0-9]{1,16}$/, 'DICOM Modality codes are upper-case letters and digits')).min(1).optional(),
  /** MONOCHROME2 (gray, bright = high) or RGB; absent: not checked. */
  photometricInterpretation: z.enum(['MONOCHROME2', 'RGB']).optional(),
  /** The training images' own size, before any resize. */
  image: size,
  /** Which images the summary was computed from. */
  sample: z.object({
    count: z.number().int().positive(),
    generator: z.string().optional(),
    seed: z.number().int().optional(),
    firstIndex: z.number().int().nonnegative().optional(),
  }),
  /** Pixel values of all summarised images together, per channel. */
  intensity: z.object({
    /** Per channel, quantiles at the levels k / (length − 1): the pooled quantile function. */
    quantiles: z.array(nonDecreasing(2)).min(1),
    mean: z.array(z.number()).min(1),
    std: z.array(z.number().nonnegative()).min(1),
  }),
  /** Statistics of single images, at `percentiles` across the summarised images. */
  perImage: z.object({
    percentiles: nonDecreasing(2),
    /** Per channel: each image's mean and standard deviation. */
    mean: z.array(nonDecreasing(2)),
    std: z.array(nonDecreasing(2)),
    /** Mean absolute difference of adjacent pixels (domainCheckStatistics.roughness). */
    roughness: nonDecreasing(2),
    /** The same for pixels 4 apart (domainCheckStatistics.COARSE_LAG): structure over a few pixels. */
    coarseRoughness: nonDecreasing(2),
    /** W₁ distance of each image's pixel values to the pooled quantile function (largest over channels). */
    intensityDistance: nonDecreasing(2),
    /** Normalised predictive entropy of the model on each image (model-specific). */
    entropy: nonDecreasing(2).optional(),
    /** Largest iFIM eigenvalue λ₁ on each image (model-specific). */
    lambda1: nonDecreasing(2).optional(),
    /** How many images the λ₁ row comes from (the first ones), when fewer than sample.count. */
    lambda1Count: z.number().int().positive().optional(),
  }),
  /** Decision thresholds, and the percentile of the summarised images each one was taken at. */
  thresholds: z.object({
    /** Warn above this W₁ distance. */
    intensityDistance: z.number().positive(),
    intensityDistancePercentile: z.number().min(0).max(100).optional(),
    /** Warn outside [low, high]. */
    roughness: z.tuple([z.number().nonnegative(), z.number().nonnegative()]),
    /** Warn outside [low, high] (pixels 4 apart). */
    coarseRoughness: z.tuple([z.number().nonnegative(), z.number().nonnegative()]),
    /** The percentiles both roughness bands were taken at. */
    roughnessPercentiles: z.tuple([z.number(), z.number()]).optional(),
    /** Warn above this normalised entropy. */
    entropy: z.number().min(0).max(1).optional(),
    entropyPercentile: z.number().min(0).max(100).optional(),
  }),
});

export type TrainingDomain = z.infer<typeof trainingDomainSchema>;

/** Problems zod cannot see: lengths that must agree with each other and with the model's channels. */
export function trainingDomainProblems(domain: TrainingDomain, modelChannels: number): string[] {
  const problems: string[] = [];
  const ch = domain.image.channels;
  if (ch !== modelChannels) problems.push(`trainingDomain.image.channels is ${ch} but the model takes ${modelChannels}`);
  const perChannel: [string, unknown[]][] = [
    ['intensity.quantiles', domain.intensity.quantiles],
    ['intensity.mean', domain.intensity.mean],
    ['intensity.std', domain.intensity.std],
    ['perImage.mean', domain.perImage.mean],
    ['perImage.std', domain.perImage.std],
  ];
  for (const [name, list] of perChannel) if (list.length !== modelChannels) problems.push(`trainingDomain.${name} needs ${modelChannels} entr${modelChannels === 1 ? 'y' : 'ies'}, one per channel`);
  const p = domain.perImage.percentiles.length;
  const rows: [string, readonly number[] | undefined][] = [
    ['roughness', domain.perImage.roughness],
    ['coarseRoughness', domain.perImage.coarseRoughness],
    ['intensityDistance', domain.perImage.intensityDistance],
    ['entropy', domain.perImage.entropy],
    ['lambda1', domain.perImage.lambda1],
    ...domain.perImage.mean.map((r, c) => [`mean[${c}]`, r] as [string, readonly number[]]),
    ...domain.perImage.std.map((r, c) => [`std[${c}]`, r] as [string, readonly number[]]),
  ];
  for (const [name, row] of rows) if (row && row.length !== p) problems.push(`trainingDomain.perImage.${name} needs ${p} values, one per percentile`);
  for (const name of ['roughness', 'coarseRoughness'] as const) {
    const [low, high] = domain.thresholds[name];
    if (low > high) problems.push(`trainingDomain.thresholds.${name} is [low, high] with low ≤ high`);
  }
  return problems;
}
