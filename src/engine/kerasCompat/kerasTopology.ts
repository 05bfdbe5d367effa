import { ModelLoadError } from '../modelLoadError';
import type { AddedBatchNormWeights } from './batchNormWithoutScale';
import { giveBatchNormsAScale } from './batchNormWithoutScale';
import { GlobalPooling2DKeepDims, HardSigmoidKeras3, HardSwish } from './kerasLayers';

/**
 * Rewrites of a Keras topology (JSON, the caller's own copy, mutated) so that tfjs-layers builds
 * the function Keras computes:
 * - BatchNormalization without scale gets a unit scale (batchNormWithoutScale.ts: TF.js cannot
 *   differentiate it otherwise);
 * - Activation layers with hard_swish / hard_silu, which TF.js does not have, and — in Keras 3
 *   models — hard_sigmoid, which TF.js defines as Keras 2 did (clip(0.2x + 0.5)), become the
 *   layers of kerasLayers.ts that compute Keras 3's relu6(x + 3)/6 forms;
 * - global pooling with `keepdims: true`, which tfjs-layers ignores, keeps the spatial axes.
 * Returns the names of the BatchNormalization layers changed (their weights need a gamma).
 */
export interface KerasTopologyRewrite {
  readonly scaledBatchNorms: AddedBatchNormWeights;
}

const HARD_SWISH = new Set(['hard_swish', 'hard_silu', 'hardSwish', 'hardSilu']);

function kerasMajorVersion(topology: unknown): number | null {
  const version = typeof topology === 'object' && topology !== null ? (topology as { keras_version?: unknown }).keras_version : undefined;
  if (typeof version !== 'string') return null;
  const major = parseInt(version, 10);
  return Number.isNaN(major) ? null : major;
}

/** The options every Keras layer has, those present only (tfjs-layers' config conversion rejects undefined). */
function baseConfig(config: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(['name', 'trainable', 'dtype', 'batch_input_shape'].filter((k) => config[k] !== undefined).map((k) => [k, config[k]]));
}

export function rewriteKerasTopology(topology: unknown, source: string): KerasTopologyRewrite {
  const scaledBatchNorms = giveBatchNormsAScale(topology);
  const keras3 = (kerasMajorVersion(topology) ?? 0) >= 3;
  const visit = (value: unknown): void => {
    if (Array.isArray(value)) {
      for (const item of value) visit(item);
      return;
    }
    if (typeof value !== 'object' || value === null) return;
    const layer = value as { class_name?: unknown; config?: { activation?: unknown; name?: unknown; [key: string]: unknown } };
    const activation = typeof layer.config === 'object' && layer.config !== null ? layer.config.activation : undefined;
    if (typeof layer.class_name === 'string' && typeof activation === 'string') {
      const replacement = HARD_SWISH.has(activation) ? HardSwish.className : keras3 && /^hard_?sigmoid$/i.test(activation) ? HardSigmoidKeras3.className : null;
      if (replacement !== null) {
        if (layer.class_name !== 'Activation') {
          throw new ModelLoadError(
            'unsupported-op',
            `${source}: layer ${String(layer.config!.name)} (${layer.class_name}) has the activation ${activation}, which TF.js only supports as a separate Activation layer; re-export the model with the activation as its own layer`,
            source,
          );
        }
        layer.class_name = replacement;
        layer.config = baseConfig(layer.config!);
      }
    }
    const config = layer.config as { keepdims?: unknown; data_format?: unknown; name?: unknown; trainable?: unknown; dtype?: unknown } | undefined;
    if ((layer.class_name === 'GlobalAveragePooling2D' || layer.class_name === 'GlobalMaxPooling2D') && config?.keepdims === true && config.data_format !== 'channels_first') {
      layer.config = { ...baseConfig(config), mode: layer.class_name === 'GlobalMaxPooling2D' ? 'max' : 'avg' };
      layer.class_name = GlobalPooling2DKeepDims.className;
    }
    for (const child of Object.values(value)) visit(child);
  };
  visit(topology);
  return { scaledBatchNorms };
}
