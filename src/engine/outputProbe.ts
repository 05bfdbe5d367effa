import * as tf from '@tensorflow/tfjs';
import type { ClassifierModel } from './classifierModel';
import type { InputLayout } from './imageInput';
import { runOnImages } from './imageInput';
import { ModelLoadError } from './modelLoadError';

/**
 * What a forward pass on random images tells about a model's output (docs/bring-your-own-model.md,
 * "Outputs"). The output must be one vector of C scores per image: per image at most one
 * dimension other than 1 (so (B, C), (B,) and (B, 1, 1, C) pass; a (B, H, W, K) map does not),
 * float32, and finite. Whether the scores already are probabilities decides, for a model whose
 * activation could not be removed, whether the analysis works on log-probabilities.
 */
export interface OutputProbe {
  readonly classCount: number;
  /** Every row in [0, 1] and summing to 1. */
  readonly softmaxProbabilities: boolean;
  /** Every value in [0, 1]. */
  readonly sigmoidProbabilities: boolean;
}

const PROBE_IMAGES = 4;

/**
 * Async on purpose: a synchronous read (arraySync) on the webgpu backend goes through a WebGPU
 * canvas, which crashes the GPU process of headless Chromium on SwiftShader and is slow anywhere.
 */
export async function probeClassifierOutputs(model: ClassifierModel, layout: InputLayout, source: string): Promise<OutputProbe> {
  const [h, w, c] = layout.shape;
  const outputs = tf.tidy(() => {
    const x = tf.randomNormal([PROBE_IMAGES, h, w, c], 0, 1, 'float32', 7) as tf.Tensor4D;
    const single = tf.slice(x, [0, 0, 0, 0], [1, h, w, c]);
    const modelForm = layout.channels === 'first' ? tf.transpose(single, [0, 3, 1, 2]) : layout.channels === 'absent' ? tf.squeeze(single, [3]) : single;
    const raw = model.predict(layout.batch === 'none' ? tf.squeeze(modelForm, [0]) : modelForm);
    checkOutputShape(raw, layout, source);
    return runOnImages(layout, x, (input) => model.predict(input));
  });
  const rows = (await outputs.array()) as number[][];
  outputs.dispose();
  const classCount = rows[0].length;
  if (classCount === 0) throw new ModelLoadError('output-not-classifier', `${source}: the model's output is empty`, source);
  if (!rows.every((row) => row.every(Number.isFinite))) {
    throw new ModelLoadError('output-not-classifier', `${source}: the model outputs NaN or infinite values for a random image; it cannot be analysed`, source);
  }
  const inUnitRange = rows.every((row) => row.every((v) => v >= 0 && v <= 1));
  return {
    classCount,
    softmaxProbabilities: inUnitRange && rows.every((row) => Math.abs(row.reduce((a, b) => a + b, 0) - 1) < 1e-4),
    sigmoidProbabilities: inUnitRange,
  };
}

function checkOutputShape(raw: tf.Tensor, layout: InputLayout, source: string): void {
  if (raw.dtype !== 'float32') {
    throw new ModelLoadError(
      'output-not-classifier',
      `${source}: the model outputs ${raw.dtype} values (class indices or labels?), which cannot be differentiated; export the model up to its logits or probabilities`,
      source,
    );
  }
  const perImage = layout.batch === 'none' ? raw.shape : raw.shape.slice(1);
  if (layout.batch !== 'none' && raw.shape[0] !== 1) {
    throw new ModelLoadError('output-not-classifier', `${source}: for one image the model returns shape [${raw.shape.join(', ')}]; its first axis should be the batch`, source);
  }
  if (perImage.filter((d) => d !== 1).length > 1) {
    throw new ModelLoadError(
      'output-not-classifier',
      `${source}: for one image the model returns shape [${raw.shape.join(', ')}], a map rather than one vector of class scores; segmentation, detection and regression maps cannot be analysed`,
      source,
    );
  }
}
