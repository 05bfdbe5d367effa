import { z } from 'zod';
import { trainingDomainProblems, trainingDomainSchema } from './domainCheckSchema';

/**
 * The model metadata file (`metadata.json` beside `model.json`), documented in docs/metadata.md.
 * One schema serves the app, the CLI and the training scripts, so a file that one accepts the
 * others accept too.
 */
export const modelMetadataSchema = z.object({
  formatVersion: z.literal(1),
  id: z.string().regex(/^[a-z0-9][a-z0-9._-]*$/, 'ids are lowercase letters, digits, ".", "_" and "-"'),
  title: z.string().min(1),
  description: z.string().default(''),
  task: z
    .object({ id: z.string(), description: z.string().default('') })
    .optional(),
  architecture: z.string().optional(),
  classes: z.array(z.string().min(1)).min(1),
  head: z.enum(['softmax', 'sigmoid']),
  input: z.object({
    height: z.number().int().positive(),
    width: z.number().int().positive(),
    channels: z.union([z.literal(1), z.literal(3)]),
  }),
  preprocessing: z.object({
    /**
     * Intensities the decoder delivers are scaled to [0, 1] (raster: value / (2^bits − 1)); then
     * each channel c becomes (x − mean[c]) / std[c].
     */
    intensity: z.literal('unit').default('unit'),
    mean: z.array(z.number()).min(1),
    std: z.array(z.number().positive()).min(1),
    resize: z.enum(['bilinear', 'nearest']).default('bilinear'),
  }),
  training: z
    .object({
      seed: z.number().int(),
      trainCount: z.number().int().nonnegative(),
      epochs: z.number().int().nonnegative(),
      seconds: z.number().nonnegative(),
      dataParameters: z.record(z.string(), z.unknown()).default({}),
    })
    .partial()
    .optional(),
  metrics: z
    .object({
      heldOutCount: z.number().int().nonnegative(),
      heldOutSeed: z.number().int(),
      accuracy: z.number().min(0).max(1),
      auc: z.record(z.string(), z.number()),
    })
    .partial()
    .optional(),
  /** What the model was trained on, for the domain check (docs/metadata.md, "Training domain"). */
  trainingDomain: trainingDomainSchema.optional(),
});

export type ModelMetadata = z.infer<typeof modelMetadataSchema>;

/** Validates parsed JSON, with one readable line per problem. */
export function parseModelMetadata(json: unknown, source = 'metadata.json'): ModelMetadata {
  const result = modelMetadataSchema.safeParse(json);
  if (!result.success) {
    const problems = result.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
    throw new Error(`${source} is not valid model metadata: ${problems}`);
  }
  const m = result.data;
  const ch = m.input.channels;
  if (m.preprocessing.mean.length !== ch || m.preprocessing.std.length !== ch) {
    throw new Error(`${source}: preprocessing.mean and .std need ${ch} value(s), one per input channel`);
  }
  const domainProblems = m.trainingDomain ? trainingDomainProblems(m.trainingDomain, ch) : [];
  if (domainProblems.length > 0) throw new Error(`${source} is not valid model metadata: ${domainProblems.join('; ')}`);
  return m;
}
