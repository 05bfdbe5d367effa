import type * as tf from '@tensorflow/tfjs';
import type { BaseClassifier, ClassifierInfo } from './classifierBase';
import type { InputLayout } from './imageInput';
import type { OutputActivation } from './outputActivation';

export type ModelFormat = 'layers-model' | 'graph-model' | 'onnx';

/** What a model file declares, for the summary the app and the CLI show (ONNX models). */
export interface ModelGraphSummary {
  readonly inputs: ReadonlyArray<{ readonly name: string; readonly shape: ReadonlyArray<number | string> }>;
  readonly outputs: ReadonlyArray<{ readonly name: string; readonly shape: ReadonlyArray<number | string> }>;
  /** Nodes per op type in the file. */
  readonly opCounts: Readonly<Record<string, number>>;
  readonly opset: number;
  readonly producer: string;
  /** Nodes run per call after constant folding at load. */
  readonly runtimeNodes: number;
}

/**
 * A freshly loaded TF.js model, whatever its format, as the loader (classifier.ts) probes it before
 * a Classifier is built: the declared input, what was done to its output activation, and a
 * differentiable forward pass. One implementation per format (layersClassifier.ts,
 * graphClassifier.ts).
 */
export interface ClassifierModel {
  readonly format: ModelFormat;
  /** The image input as declared, batch axis included when the model has one; null where unknown. */
  readonly inputShape: ReadonlyArray<number | null>;
  readonly inputDtype: string;
  /** The trailing softmax/sigmoid removed from the model, or null. */
  readonly removedActivation: OutputActivation | null;
  /** The output is a log-softmax: valid softmax logits as it is. */
  readonly outputIsLogSoftmax: boolean;
  /** Ops (GraphModel) or layer classes (LayersModel), for messages and the model summary. */
  readonly operations: readonly string[];
  /** The file's inputs, outputs and op counts, where the format gives them (ONNX). */
  readonly graph?: ModelGraphSummary;
  /** The model's output for an input in its own declared form; differentiable with tf.grad. */
  predict(x: tf.Tensor): tf.Tensor;
  /** The Classifier that takes ownership of the model. */
  toClassifier(info: ClassifierInfo, layout: InputLayout, source: string): BaseClassifier;
  dispose(): void;
}
