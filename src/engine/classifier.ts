import * as tf from '@tensorflow/tfjs';
import type { HeadType, ModelMetadata } from '../core';
import type { OutputActivation } from './outputActivation';
import { rewriteTopologyToLogits } from './outputActivation';

/** Where the logits come from: the model's own pre-activation output, or log-probabilities. */
export type LogitSource = 'model-logits' | 'log-probabilities';

export interface ClassifierInfo {
  readonly id: string;
  readonly title: string;
  readonly classes: readonly string[];
  readonly head: HeadType;
  readonly inputShape: readonly [number, number, number];
  readonly logitSource: LogitSource;
  readonly removedActivation: OutputActivation | null;
  /** A sentence for the user when the analysis had to fall back to log-probabilities. */
  readonly notice: string | null;
}

/**
 * A loaded classifier whose `logits` method returns z(x), the quantity the whole analysis is
 * defined on. Owns its tfjs model; call `dispose` when replacing it.
 */
export class Classifier {
  constructor(
    readonly model: tf.LayersModel,
    readonly info: ClassifierInfo,
  ) {}

  /** Logits for a batch (B, H, W, Ch) → (B, C). */
  logits(x: tf.Tensor4D): tf.Tensor2D {
    return tf.tidy(() => {
      const out = this.model.apply(x, { training: false }) as tf.Tensor2D;
      if (this.info.logitSource === 'model-logits') return out;
      // The smallest positive normal float32: keeps log finite where a probability underflowed.
      const p = tf.clipByValue(out, 1.1754944e-38, 1);
      if (this.info.head === 'softmax') return tf.log(p);
      const q = tf.clipByValue(out, 1.1754944e-38, 1 - 5.96e-8);
      return tf.sub(tf.log(q), tf.log(tf.sub(1, q)));
    });
  }

  dispose(): void {
    this.model.dispose();
  }
}

/**
 * Builds a classifier from TF.js model artifacts, rewriting the topology so that the model emits
 * logits. When no trailing softmax/sigmoid can be removed, a quick probe decides whether the
 * outputs already are probabilities; if so the analysis works with log-probabilities and says so.
 */
export async function classifierFromArtifacts(artifacts: tf.io.ModelArtifacts, metadata: ModelMetadata | null, fallbackId = 'model'): Promise<Classifier> {
  if (!artifacts.modelTopology || artifacts.format === 'graph-model') {
    throw new Error('this is not a TensorFlow.js LayersModel (no Keras model topology found)');
  }
  const rewrite = rewriteTopologyToLogits(artifacts.modelTopology);
  const model = await tf.loadLayersModel(tf.io.fromMemory({ ...artifacts, modelTopology: rewrite.topology as object }));
  try {
    const inputShape = singleImageInputShape(model);
    const outputShape = model.outputs[0].shape;
    if (outputShape.length !== 2 || outputShape[1] == null) {
      throw new Error(`the model's output has shape [${outputShape.join(', ')}]; a classifier outputs (batch, classes)`);
    }
    const classCount = outputShape[1];
    const head: HeadType = metadata?.head ?? (rewrite.removed === 'sigmoid' ? 'sigmoid' : 'softmax');
    if (metadata) checkMetadataAgainstModel(metadata, inputShape, classCount);
    let logitSource: LogitSource = 'model-logits';
    let notice: string | null = null;
    if (rewrite.removed === null && outputsLookLikeProbabilities(model, inputShape, head)) {
      logitSource = 'log-probabilities';
      notice =
        'The model outputs probabilities and its final activation could not be removed, so the analysis uses log-probabilities; ' +
        'where predictions are saturated, sensitivities are less accurate.';
    }
    const classes = metadata?.classes ?? Array.from({ length: classCount }, (_, i) => `class ${i}`);
    return new Classifier(model, {
      id: metadata?.id ?? fallbackId,
      title: metadata?.title ?? fallbackId,
      classes,
      head,
      inputShape,
      logitSource,
      removedActivation: rewrite.removed,
      notice,
    });
  } catch (error) {
    model.dispose();
    throw error;
  }
}

function singleImageInputShape(model: tf.LayersModel): [number, number, number] {
  if (model.inputs.length !== 1) throw new Error(`the model has ${model.inputs.length} inputs; only single-image classifiers are supported`);
  const shape = model.inputs[0].shape;
  if (shape.length !== 4 || shape.slice(1).some((d) => d == null)) {
    throw new Error(`the model's input has shape [${shape.map((d) => d ?? 'None').join(', ')}]; only image inputs (batch, height, width, channels) with fixed size are supported`);
  }
  return [shape[1] as number, shape[2] as number, shape[3] as number];
}

function checkMetadataAgainstModel(m: ModelMetadata, inputShape: readonly number[], classCount: number): void {
  const [h, w, c] = inputShape;
  if (m.input.height !== h || m.input.width !== w || m.input.channels !== c) {
    throw new Error(`metadata.json says the input is ${m.input.height}×${m.input.width}×${m.input.channels}, the model takes ${h}×${w}×${c}`);
  }
  if (m.classes.length !== classCount) {
    throw new Error(`metadata.json names ${m.classes.length} classes, the model has ${classCount} outputs`);
  }
}

function outputsLookLikeProbabilities(model: tf.LayersModel, inputShape: readonly [number, number, number], head: HeadType): boolean {
  const values = tf.tidy(() => {
    const probe = tf.randomNormal([4, ...inputShape], 0, 1, 'float32', 7);
    return (model.apply(probe, { training: false }) as tf.Tensor2D).arraySync();
  });
  return values.every((row) => {
    const inRange = row.every((v) => v >= 0 && v <= 1);
    if (head === 'sigmoid') return inRange;
    const sum = row.reduce((a, b) => a + b, 0);
    return inRange && Math.abs(sum - 1) < 1e-4;
  });
}
