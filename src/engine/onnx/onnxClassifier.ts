import type * as tf from '@tensorflow/tfjs';
import type { ClassifierInfo } from '../classifierBase';
import { BaseClassifier } from '../classifierBase';
import type { ClassifierModel } from '../classifierModel';
import type { InputLayout } from '../imageInput';
import type { OnnxProgram } from './onnxProgram';

/** A classifier backed by an ONNX graph compiled to TF.js ops (onnxProgram.ts): differentiable like the others. */
export class OnnxClassifier extends BaseClassifier {
  constructor(
    readonly program: OnnxProgram,
    info: ClassifierInfo,
    layout: InputLayout,
    source = 'model.onnx',
  ) {
    super(info, layout, source);
  }

  protected predict(x: tf.Tensor): tf.Tensor {
    return this.program.run(x as tf.Tensor4D);
  }

  dispose(): void {
    this.program.dispose();
  }
}

export function onnxClassifierModel(fields: Omit<ClassifierModel, 'predict' | 'toClassifier' | 'dispose' | 'format'>, program: OnnxProgram): ClassifierModel {
  return {
    ...fields,
    format: 'onnx',
    predict: (x) => program.run(x as tf.Tensor4D),
    toClassifier: (info, layout, source) => new OnnxClassifier(program, info, layout, source),
    dispose: () => program.dispose(),
  };
}
