import * as tf from '@tensorflow/tfjs';
import { seededRandom } from '../../wasm/wasmTestUtils';

/**
 * A GraphModel in the TF.js converter's format with the ops the converter writes for Keras and
 * TF Hub image models: _FusedConv2D (BiasAdd + an activation), FusedBatchNormV3,
 * FusedDepthwiseConv2dNative, an Identity chain, Mean + Squeeze, _FusedMatMul, Softmax → Identity;
 * seeded weights. `reference` computes the same function with plain tf ops (no fused ones).
 */
export type FusedActivation = 'Relu' | 'Relu6' | 'Elu' | 'LeakyRelu' | 'Sigmoid' | 'Tanh';

const s = (v: string) => ({ s: btoa(v) });
const ints = (v: number[]) => ({ list: { i: v.map(String) } });
const T = { type: 'DT_FLOAT' };
const constNode = (name: string, shape: number[], dtype = 'DT_FLOAT') => ({
  name,
  op: 'Const',
  attr: { dtype: { type: dtype }, value: { tensor: { dtype, tensorShape: { dim: shape.map((d) => ({ size: String(d) })) } } } },
});

const SIZE = 16;
const ALPHA = 0.1;

export interface FusedGraph {
  readonly artifacts: tf.io.ModelArtifacts;
  /** Logits with plain ops, for a batch (B, 16, 16, 3). */
  reference(x: tf.Tensor4D): tf.Tensor2D;
  dispose(): void;
}

function activate(x: tf.Tensor, activation: FusedActivation): tf.Tensor {
  switch (activation) {
    case 'Relu':
      return tf.relu(x);
    case 'Relu6':
      return tf.relu6(x);
    case 'Elu':
      return tf.elu(x);
    case 'LeakyRelu':
      return tf.leakyRelu(x, ALPHA);
    case 'Sigmoid':
      return tf.sigmoid(x);
    case 'Tanh':
      return tf.tanh(x);
  }
}

export async function fusedGraph(convActivation: FusedActivation, depthwiseActivation: FusedActivation, seed = 3): Promise<FusedGraph> {
  const rand = seededRandom(seed);
  const w = (shape: number[], scale: number, offset = 0) => tf.tensor(Array.from({ length: shape.reduce((a, d) => a * d, 1) }, () => offset + scale * rand()), shape);
  const weights: Record<string, tf.Tensor> = {
    'conv1/kernel': w([3, 3, 3, 8], 0.5),
    'conv1/bias': w([8], 0.2),
    'bn/scale': w([8], 0.4, 1),
    'bn/offset': w([8], 0.2),
    'bn/mean': w([8], 0.3),
    'bn/variance': w([8], 0.4, 1),
    'dw/kernel': w([3, 3, 8, 1], 0.5),
    'dw/bias': w([8], 0.2),
    'conv2/kernel': w([1, 1, 8, 12], 0.5),
    'conv2/bias': w([12], 0.2),
    'mean/axes': tf.tensor1d([1, 2], 'int32'),
    'dense/kernel': w([12, 4], 0.6),
    'dense/bias': w([4], 0.2),
  };
  const conv = (name: string, input: string, strides: number, activation: FusedActivation, depthwise = false) => ({
    name,
    op: depthwise ? 'FusedDepthwiseConv2dNative' : '_FusedConv2D',
    input: [input, `${name.split('/')[0]}/kernel`, `${name.split('/')[0]}/bias`],
    attr: {
      T,
      strides: ints([1, strides, strides, 1]),
      padding: s('SAME'),
      data_format: s('NHWC'),
      dilations: ints([1, 1, 1, 1]),
      num_args: { i: '1' },
      fused_ops: { list: { s: [btoa('BiasAdd'), btoa(activation)] } },
      epsilon: { f: 0 },
      ...(activation === 'LeakyRelu' ? { leakyrelu_alpha: { f: ALPHA } } : {}),
    },
  });
  const nodes = [
    { name: 'input_1', op: 'Placeholder', attr: { dtype: T, shape: { shape: { dim: [-1, SIZE, SIZE, 3].map((d) => ({ size: String(d) })) } } } },
    ...Object.entries(weights).map(([name, t]) => constNode(name, t.shape, t.dtype === 'int32' ? 'DT_INT32' : 'DT_FLOAT')),
    conv('conv1/Relu', 'input_1', 2, convActivation),
    {
      name: 'bn/FusedBatchNormV3',
      op: 'FusedBatchNormV3',
      input: ['conv1/Relu', 'bn/scale', 'bn/offset', 'bn/mean', 'bn/variance'],
      attr: { T, U: T, epsilon: { f: 1e-3 }, data_format: s('NHWC'), is_training: { b: false }, exponential_avg_factor: { f: 1 } },
    },
    conv('dw/Relu', 'bn/FusedBatchNormV3', 1, depthwiseActivation, true),
    conv('conv2/Act', 'dw/Relu', 1, convActivation),
    { name: 'block/Identity', op: 'Identity', input: ['conv2/Act'], attr: { T } },
    { name: 'block/Identity_1', op: 'Identity', input: ['block/Identity'], attr: { T } },
    { name: 'pool/Mean', op: 'Mean', input: ['block/Identity_1', 'mean/axes'], attr: { T, Tidx: { type: 'DT_INT32' }, keep_dims: { b: true } } },
    { name: 'pool/Squeeze', op: 'Squeeze', input: ['pool/Mean'], attr: { T, squeeze_dims: ints([1, 2]) } },
    {
      name: 'dense/BiasAdd',
      op: '_FusedMatMul',
      input: ['pool/Squeeze', 'dense/kernel', 'dense/bias'],
      attr: { T, transpose_a: { b: false }, transpose_b: { b: false }, num_args: { i: '1' }, fused_ops: { list: { s: [btoa('BiasAdd')] } }, epsilon: { f: 0 } },
    },
    { name: 'dense/Softmax', op: 'Softmax', input: ['dense/BiasAdd'], attr: { T } },
    { name: 'Identity', op: 'Identity', input: ['dense/Softmax'], attr: { T } },
  ];
  const { data, specs } = await tf.io.encodeWeights(weights);
  const artifacts: tf.io.ModelArtifacts = {
    format: 'graph-model',
    generatedBy: '2.15.0',
    convertedBy: 'TensorFlow.js Converter v4.22.0',
    modelTopology: { node: nodes, library: {}, versions: { producer: 1482 } },
    weightSpecs: specs,
    weightData: data,
    signature: {
      inputs: { input_1: { name: 'input_1:0', dtype: 'DT_FLOAT', tensorShape: { dim: [-1, SIZE, SIZE, 3].map((d) => ({ size: String(d) })) } } },
      outputs: { output_0: { name: 'Identity:0', dtype: 'DT_FLOAT', tensorShape: { dim: [{ size: '-1' }, { size: '4' }] } } },
    },
  };
  const W = weights as Record<string, tf.Tensor4D & tf.Tensor1D & tf.Tensor2D>;
  return {
    artifacts,
    reference: (x) =>
      tf.tidy(() => {
        let y = activate(tf.add(tf.conv2d(x, W['conv1/kernel'], 2, 'same'), W['conv1/bias']), convActivation) as tf.Tensor4D;
        y = tf.batchNorm(y, W['bn/mean'], W['bn/variance'], W['bn/offset'], W['bn/scale'], 1e-3);
        y = activate(tf.add(tf.depthwiseConv2d(y, W['dw/kernel'], 1, 'same'), W['dw/bias']), depthwiseActivation) as tf.Tensor4D;
        y = activate(tf.add(tf.conv2d(y, W['conv2/kernel'], 1, 'same'), W['conv2/bias']), convActivation) as tf.Tensor4D;
        const pooled = tf.mean(y, [1, 2]) as tf.Tensor2D;
        return tf.add(tf.matMul(pooled, W['dense/kernel']), W['dense/bias']) as tf.Tensor2D;
      }),
    dispose: () => tf.dispose(Object.values(weights)),
  };
}
