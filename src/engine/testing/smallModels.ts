import * as tf from '@tensorflow/tfjs';
import type { Classifier } from '../classifier';
import { classifierFromArtifacts } from '../classifier';

/**
 * Small seeded tfjs-layers classifiers for engine tests, saved to artifacts and loaded back through
 * the real loading path (topology rewrite included).
 */
export type SmallArchitecture = 'tanh-cnn' | 'relu-bn-pool-cnn';

export function buildSmallModel(arch: SmallArchitecture, inputShape: [number, number, number], classes: number, finalActivation: 'softmax' | 'sigmoid'): tf.LayersModel {
  const init = (seed: number) => tf.initializers.glorotNormal({ seed });
  const layers: tf.layers.Layer[] =
    arch === 'tanh-cnn'
      ? [
          tf.layers.conv2d({ inputShape, filters: 6, kernelSize: 3, activation: 'tanh', kernelInitializer: init(1), biasInitializer: tf.initializers.randomNormal({ stddev: 0.3, seed: 9 }) }),
          tf.layers.averagePooling2d({ poolSize: 2 }),
          tf.layers.conv2d({ filters: 8, kernelSize: 3, strides: 2, activation: 'tanh', kernelInitializer: init(2) }),
          tf.layers.flatten(),
          tf.layers.dense({ units: classes, activation: finalActivation, kernelInitializer: init(3), biasInitializer: tf.initializers.randomNormal({ stddev: 0.5, seed: 4 }) }),
        ]
      : [
          // conv (linear) → maxpool before the ReLU: pooling windows see negative values, and the
          // fused linear conv needs the filter gradient even for an input gradient (PLATFORM.md).
          tf.layers.conv2d({ inputShape, filters: 6, kernelSize: 3, padding: 'same', kernelInitializer: init(5) }),
          tf.layers.maxPooling2d({ poolSize: 2 }),
          tf.layers.batchNormalization({ betaInitializer: tf.initializers.randomNormal({ stddev: 0.3, seed: 6 }), movingVarianceInitializer: tf.initializers.constant({ value: 0.7 }) }),
          tf.layers.activation({ activation: 'relu' }),
          tf.layers.depthwiseConv2d({ kernelSize: 3, depthMultiplier: 1, depthwiseInitializer: init(7) }),
          tf.layers.globalAveragePooling2d({}),
          tf.layers.dense({ units: classes, activation: finalActivation, kernelInitializer: init(8) }),
        ];
  return tf.sequential({ layers });
}

export async function modelArtifacts(model: tf.LayersModel): Promise<tf.io.ModelArtifacts> {
  let saved: tf.io.ModelArtifacts | null = null;
  await model.save(
    tf.io.withSaveHandler(async (artifacts) => {
      saved = artifacts;
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }),
  );
  if (!saved) throw new Error('model was not saved');
  return saved;
}

export async function smallClassifier(arch: SmallArchitecture, inputShape: [number, number, number], classes: number, head: 'softmax' | 'sigmoid'): Promise<Classifier> {
  const model = buildSmallModel(arch, inputShape, classes, head);
  const artifacts = await modelArtifacts(model);
  model.dispose();
  return classifierFromArtifacts(artifacts, null, `${arch}-${classes}`);
}

/** A deterministic smooth test image in [−1, 1]. */
export function testImage(size: number, seed: number): Float32Array {
  return Float32Array.from({ length: size }, (_, i) => Math.sin(0.37 * i + seed) * Math.cos(0.011 * i * seed + 1));
}
