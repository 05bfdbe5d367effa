import * as tf from '@tensorflow/tfjs';
import type { ModelFacts, ModelMetadata } from '../core';
import type { ModelFormat, ModelGraphSummary } from './classifierModel';
import type { InputLayout } from './imageInput';
import { runOnImages } from './imageInput';
import { ModelLoadError } from './modelLoadError';
import type { OutputActivation } from './outputActivation';

/** Where the logits come from: the model's own pre-activation output, or log-probabilities. */
export type LogitSource = 'model-logits' | 'log-probabilities';

export interface JacobianMemory {
  /** Bytes one tiled image copy needs through a backward pass (activations, their gradients, the copy). */
  readonly bytesPerCopy: number;
  /** The largest single tensor one copy creates: what a backend's per-buffer limit must hold, times the copies. */
  readonly largestTensorBytesPerCopy: number;
}

/** What the loaded model says about itself (core's ModelFacts), plus how the engine runs it. */
export interface ClassifierInfo extends ModelFacts {
  readonly logitSource: LogitSource;
  readonly removedActivation: OutputActivation | null;
  /** A sentence for the user when the analysis had to fall back to log-probabilities or assume the head. */
  readonly notice: string | null;
  readonly format: ModelFormat;
  /** How images reach the model's input (imageInput.ts). */
  readonly input: { readonly declared: ReadonlyArray<number | null>; readonly batch: InputLayout['batch']; readonly channels: InputLayout['channels'] };
  /** Graph ops or layer classes in the model. */
  readonly operations: readonly string[];
  /** Inputs, outputs and op counts of the model file (ONNX); absent for TF.js models. */
  readonly graph?: ModelGraphSummary;
  readonly memory: JacobianMemory;
}

/**
 * A loaded classifier whose `logits` method returns z(x), the quantity the whole analysis is
 * defined on, for a batch of images (B, H, W, Ch) in model input space. Owns its TF.js model.
 * Implementations: LayersClassifier (layersClassifier.ts), GraphClassifier (graphClassifier.ts).
 */
export interface Classifier {
  readonly info: ClassifierInfo;
  /** Logits for a batch (B, H, W, Ch) → (B, C); differentiable. */
  logits(x: tf.Tensor4D): tf.Tensor2D;
  /**
   * Replaces what metadata decides (id, title, class names, head) after checking it against the
   * model; on a mismatch throws ModelLoadError('metadata-mismatch') and changes nothing.
   */
  applyMetadata(metadata: ModelMetadata): void;
  dispose(): void;
}

export const LOG_PROBABILITY_NOTICE =
  'The model outputs probabilities and its final activation could not be removed, so the analysis uses log-probabilities; ' +
  'where predictions are saturated, sensitivities are less accurate.';

// The smallest positive normal float32: keeps log finite where a probability underflowed.
const TINY = 1.1754944e-38;

/** An image input fed in batches, channels last: the layout of every Keras image model. */
export function batchedLayout(shape: readonly [number, number, number]): InputLayout {
  return { shape: [shape[0], shape[1], shape[2]], batch: 'any', channels: 'last', declared: [null, ...shape] };
}

/** The parts every format shares: feeding images, the logit transform, metadata. */
export abstract class BaseClassifier implements Classifier {
  private current: ClassifierInfo;

  protected constructor(
    info: ClassifierInfo,
    protected readonly layout: InputLayout,
    protected readonly source: string,
  ) {
    this.current = info;
  }

  get info(): ClassifierInfo {
    return this.current;
  }

  /** The model's output for a batch in the model's declared input form. */
  protected abstract predict(x: tf.Tensor): tf.Tensor;

  abstract dispose(): void;

  logits(x: tf.Tensor4D): tf.Tensor2D {
    return tf.tidy(() => {
      const out = runOnImages(this.layout, x, (input) => this.predict(input));
      if (this.current.logitSource === 'model-logits') return out;
      if (this.current.head === 'softmax') return tf.log(tf.clipByValue(out, TINY, 1));
      const q = tf.clipByValue(out, TINY, 1 - 5.96e-8);
      return tf.sub(tf.log(q), tf.log(tf.sub(1, q)));
    });
  }

  applyMetadata(metadata: ModelMetadata): void {
    checkMetadataAgainstModel(metadata, this.current.inputShape, this.current.classes.length, this.source);
    const notice = this.current.logitSource === 'log-probabilities' ? LOG_PROBABILITY_NOTICE : null;
    this.current = { ...this.current, id: metadata.id, title: metadata.title, classes: [...metadata.classes], head: metadata.head, headSource: 'metadata', notice };
  }

  /** Set once by the loader after the profiled backward pass. */
  setMemory(memory: JacobianMemory): void {
    this.current = { ...this.current, memory };
  }
}

export function checkMetadataAgainstModel(m: ModelMetadata, inputShape: readonly number[], classCount: number, source: string): void {
  const [h, w, c] = inputShape;
  if (m.input.height !== h || m.input.width !== w || m.input.channels !== c) {
    throw new ModelLoadError('metadata-mismatch', `metadata.json says the input is ${m.input.height}×${m.input.width}×${m.input.channels}; the model in ${source} takes ${h}×${w}×${c}`, source);
  }
  if (m.classes.length !== classCount) {
    throw new ModelLoadError('metadata-mismatch', `metadata.json names ${m.classes.length} class${m.classes.length === 1 ? '' : 'es'}; the model in ${source} has ${classCount} output${classCount === 1 ? '' : 's'}`, source);
  }
  if (m.head === 'softmax' && classCount === 1) {
    throw new ModelLoadError('metadata-mismatch', `metadata.json says softmax, but the model in ${source} has one output: a softmax over one output is constant; use sigmoid`, source);
  }
}
