import * as tf from '@tensorflow/tfjs';
import type { Classifier } from '../classifier';
import { classifierFromArtifacts } from '../classifier';
import { modelArtifacts } from './smallModels';

/**
 * z = W·flatten(x) + b as a TF.js LayersModel loaded through the real path: the logit Jacobian is W
 * exactly, so the evidence and attribution code can be checked against closed forms.
 */
export async function linearClassifier(
  inputShape: [number, number, number],
  classes: number,
  head: 'softmax' | 'sigmoid',
  seed: number,
): Promise<{ classifier: Classifier; artifacts: tf.io.ModelArtifacts; weights: Float32Array; bias: Float32Array }> {
  const model = tf.sequential({
    layers: [
      tf.layers.flatten({ inputShape }),
      tf.layers.dense({
        units: classes,
        activation: head,
        kernelInitializer: tf.initializers.randomNormal({ stddev: 0.3, seed }),
        biasInitializer: tf.initializers.randomNormal({ stddev: 0.2, seed: seed + 1 }),
      }),
    ],
  });
  const [kernel, biasTensor] = model.getWeights();
  // kernel is N × C; W (C × N) row c is column c of the kernel.
  const k = (await kernel.data()) as Float32Array;
  const n = inputShape[0] * inputShape[1] * inputShape[2];
  const weights = new Float32Array(classes * n);
  for (let i = 0; i < n; i++) for (let c = 0; c < classes; c++) weights[c * n + i] = k[i * classes + c];
  const bias = Float32Array.from((await biasTensor.data()) as Float32Array);
  const artifacts = await modelArtifacts(model);
  model.dispose();
  return { classifier: await classifierFromArtifacts(artifacts, null, `linear-${classes}`), artifacts, weights, bias };
}
