import * as tf from '@tensorflow/tfjs';

/**
 * Keras layers that Keras Applications models contain and tfjs-layers 4.22 does not implement, so
 * that plain tf.loadLayersModel refuses them ("Unknown layer: …"):
 * - Normalization (EfficientNet's, EfficientNetV2's and ConvNeXt's preprocessing),
 * - LayerScale and StochasticDepth (ConvNeXt's custom layers),
 * - TFOpLambda for arithmetic with a constant (Keras 2 MobileNetV3's hard-swish: `x + 3.0`, `* (1/6)`),
 * - the Keras 3 hard_sigmoid/hard_swish activations, registered under names of our own that the
 *   topology rewrite (kerasTopology.ts) substitutes, because TF.js's own "hard_sigmoid" is the
 *   Keras 2 function clip(0.2x + 0.5) and Keras 3's is relu6(x + 3)/6.
 * Each computes what Keras computes at inference (Keras source, keras/layers and
 * keras/applications), with weights named as the converter writes them.
 */
type Kwargs = Record<string, unknown>;
type LayerArgs = ConstructorParameters<typeof tf.layers.Layer>[0] & Record<string, unknown>;

const KERAS_EPSILON = 1e-7; // keras.backend.epsilon()

function channelsOf(inputShape: tf.Shape | tf.Shape[], axis: number): number {
  const shape = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tf.Shape;
  const d = shape[axis < 0 ? shape.length + axis : axis];
  if (d == null) throw new Error(`Normalization: the axis ${axis} of the input has no fixed size`);
  return d;
}

/** keras.layers.Normalization: (x − mean) / max(√variance, ε), or its inverse; mean and variance from weights (adapted) or the config. */
export class KerasNormalization extends tf.layers.Layer {
  static className = 'Normalization';
  private readonly axis: number;
  private readonly invert: boolean;
  private readonly configMean: number | number[] | null;
  private readonly configVariance: number | number[] | null;
  private meanWeight: tf.LayerVariable | null = null;
  private varianceWeight: tf.LayerVariable | null = null;
  private rank = 4;

  constructor(args: LayerArgs) {
    super(args);
    const axis = args.axis ?? -1;
    const axes = Array.isArray(axis) ? axis : [axis];
    if (axes.length !== 1 || typeof axes[0] !== 'number') throw new Error(`Normalization over axes ${JSON.stringify(axis)} is not supported; only one channel axis`);
    this.axis = axes[0];
    this.invert = Boolean(args.invert);
    this.configMean = (args.mean as number | number[] | null | undefined) ?? null;
    this.configVariance = (args.variance as number | number[] | null | undefined) ?? null;
  }

  override build(inputShape: tf.Shape | tf.Shape[]): void {
    const shape = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tf.Shape;
    this.rank = shape.length;
    if (this.configMean === null) {
      const c = channelsOf(inputShape, this.axis);
      this.meanWeight = this.addWeight('mean', [c], 'float32', tf.initializers.zeros(), undefined, false);
      this.varianceWeight = this.addWeight('variance', [c], 'float32', tf.initializers.ones(), undefined, false);
    }
    this.built = true;
  }

  private broadcastShape(c: number): number[] {
    const axis = this.axis < 0 ? this.rank + this.axis : this.axis;
    return Array.from({ length: this.rank }, (_, i) => (i === axis ? c : 1));
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.tidy(() => {
      const x = Array.isArray(inputs) ? inputs[0] : inputs;
      const c = x.shape[this.axis < 0 ? x.rank + this.axis : this.axis]!;
      const shape = this.broadcastShape(c);
      const value = (v: number | number[] | null, weight: tf.LayerVariable | null): tf.Tensor =>
        weight ? tf.reshape(weight.read(), shape) : Array.isArray(v) ? tf.reshape(tf.tensor1d(v), shape) : tf.fill(shape, v ?? 0);
      const mean = value(this.configMean, this.meanWeight);
      const std = tf.maximum(tf.sqrt(value(this.configVariance, this.varianceWeight)), KERAS_EPSILON);
      return this.invert ? tf.add(mean, tf.mul(x, std)) : tf.div(tf.sub(x, mean), std);
    });
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), axis: this.axis, invert: this.invert, mean: this.configMean, variance: this.configVariance };
  }
}

/** ConvNeXt's LayerScale: x · γ, one γ per channel. */
export class KerasLayerScale extends tf.layers.Layer {
  static className = 'LayerScale';
  private readonly initValues: number;
  private readonly projectionDim: number;
  private gamma: tf.LayerVariable | null = null;

  constructor(args: LayerArgs) {
    super(args);
    this.initValues = Number(args.init_values ?? args.initValues ?? 1e-6);
    this.projectionDim = Number(args.projection_dim ?? args.projectionDim);
  }

  override build(): void {
    this.gamma = this.addWeight('gamma', [this.projectionDim], 'float32', tf.initializers.constant({ value: this.initValues }));
    this.built = true;
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.tidy(() => tf.mul(Array.isArray(inputs) ? inputs[0] : inputs, this.gamma!.read()));
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), init_values: this.initValues, projection_dim: this.projectionDim };
  }
}

/** ConvNeXt's StochasticDepth: the identity at inference. */
export class KerasStochasticDepth extends tf.layers.Layer {
  static className = 'StochasticDepth';
  private readonly rate: number;

  constructor(args: LayerArgs) {
    super(args);
    this.rate = Number(args.drop_path_rate ?? 0);
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.clone(Array.isArray(inputs) ? inputs[0] : inputs);
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), drop_path_rate: this.rate };
  }
}

const TF_OP_LAMBDA_FUNCTIONS: Record<string, (x: tf.Tensor, y: tf.Tensor) => tf.Tensor> = {
  '__operators__.add': tf.add,
  'math.add': tf.add,
  '__operators__.sub': tf.sub,
  'math.subtract': tf.sub,
  'math.multiply': tf.mul,
  '__operators__.mul': tf.mul,
  'math.truediv': tf.div,
  'math.divide': tf.div,
};

export const SUPPORTED_TF_OP_LAMBDAS = Object.keys(TF_OP_LAMBDA_FUNCTIONS);

/**
 * tfjs-layers passes config strings through its snake/camel-case conversion ("__operators__.add"
 * arrives as "Operators__.add", and is saved back as "private__operators__.add"): compare
 * function names without case, underscores or that prefix.
 */
const functionKey = (name: string) => name.replace(/^private/i, '').replace(/_/g, '').toLowerCase();
const TF_OP_LAMBDA_BY_KEY = new Map(SUPPORTED_TF_OP_LAMBDAS.map((name) => [functionKey(name), name]));

/**
 * Keras 2's TFOpLambda (a TensorFlow function applied to a Keras tensor) for arithmetic between a
 * tensor and a constant, the constant given as the node's keyword argument `y`. TF.js keeps call
 * arguments only while the model is built, so `y` is captured then.
 */
export class KerasTFOpLambda extends tf.layers.Layer {
  static className = 'TFOpLambda';
  private readonly fn: string;
  private y: number | number[] | null = null;

  constructor(args: LayerArgs) {
    super(args);
    const given = String(args.function ?? '');
    this.fn = TF_OP_LAMBDA_BY_KEY.get(functionKey(given)) ?? given;
    if (!(this.fn in TF_OP_LAMBDA_FUNCTIONS)) {
      throw new Error(`Unknown layer: TFOpLambda(tf.${given}) — of TensorFlow functions inside a Keras model, TF.js can only run ${SUPPORTED_TF_OP_LAMBDAS.map((f) => `tf.${f}`).join(', ')} with a constant`);
    }
  }

  override apply(inputs: tf.Tensor | tf.Tensor[] | tf.SymbolicTensor | tf.SymbolicTensor[], kwargs?: Kwargs): tf.Tensor | tf.Tensor[] | tf.SymbolicTensor | tf.SymbolicTensor[] {
    const y = kwargs?.y;
    if (y !== undefined) {
      if (typeof y !== 'number' && !(Array.isArray(y) && y.every((v) => typeof v === 'number'))) {
        throw new Error(`Unknown layer: TFOpLambda(tf.${this.fn}) between two tensors — TF.js can only run it with a constant`);
      }
      this.y = y;
    }
    return super.apply(inputs, kwargs);
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    if (this.y === null) throw new Error(`TFOpLambda ${this.name}: no constant operand`);
    const y = this.y;
    return tf.tidy(() => TF_OP_LAMBDA_FUNCTIONS[this.fn](Array.isArray(inputs) ? inputs[0] : inputs, tf.tensor(y)));
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), function: this.fn };
  }
}

/** Keras 3's hard_sigmoid, relu6(x + 3) / 6 (TF.js's "hardSigmoid" is Keras 2's clip(0.2x + 0.5, 0, 1)). */
export class HardSigmoidKeras3 extends tf.layers.Layer {
  static className = 'IfimHardSigmoidKeras3';

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.tidy(() => tf.div(tf.relu6(tf.add(Array.isArray(inputs) ? inputs[0] : inputs, 3)), 6));
  }
}

/** hard_swish (Keras 3's hard_silu): x · relu6(x + 3) / 6. */
export class HardSwish extends tf.layers.Layer {
  static className = 'IfimHardSwish';

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.tidy(() => {
      const x = Array.isArray(inputs) ? inputs[0] : inputs;
      return tf.mul(x, tf.div(tf.relu6(tf.add(x, 3)), 6));
    });
  }
}

/** InceptionResNetV2's CustomScaleLayer (Keras ≥ 2.9; earlier a Lambda): x + r · scale for inputs [x, r]. */
export class KerasCustomScaleLayer extends tf.layers.Layer {
  static className = 'CustomScaleLayer';
  private readonly scale: number;

  constructor(args: LayerArgs) {
    super(args);
    this.scale = Number(args.scale);
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape | tf.Shape[] {
    return Array.isArray(inputShape[0]) ? (inputShape[0] as tf.Shape) : inputShape;
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    const [x, r] = inputs as tf.Tensor[];
    return tf.tidy(() => tf.add(x, tf.mul(r, this.scale)));
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), scale: this.scale };
  }
}

/**
 * GlobalAveragePooling2D / GlobalMaxPooling2D with Keras's `keepdims: true` (MobileNet ≥ Keras 2.6,
 * MobileNetV3): tfjs-layers ignores the option and drops the spatial axes, so the next Conv2D
 * fails. The topology rewrite substitutes this layer, which keeps them (channels last).
 */
export class GlobalPooling2DKeepDims extends tf.layers.Layer {
  static className = 'IfimGlobalPooling2DKeepDims';
  private readonly mode: 'avg' | 'max';

  constructor(args: LayerArgs) {
    super(args);
    this.mode = args.mode === 'max' ? 'max' : 'avg';
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape {
    const s = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tf.Shape;
    return [s[0], 1, 1, s[3]];
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    const x = Array.isArray(inputs) ? inputs[0] : inputs;
    return tf.tidy(() => (this.mode === 'max' ? tf.max(x, [1, 2], true) : tf.mean(x, [1, 2], true)));
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), mode: this.mode };
  }
}

const LAYERS = [KerasNormalization, KerasLayerScale, KerasStochasticDepth, KerasTFOpLambda, HardSigmoidKeras3, HardSwish, KerasCustomScaleLayer, GlobalPooling2DKeepDims];

/** Registers the classes with tfjs-layers' serialization (idempotent; the registry is keyed by class name). */
export function registerKerasCompatLayers(): void {
  for (const layer of LAYERS) tf.serialization.registerClass(layer as unknown as tf.serialization.SerializableConstructor<tf.serialization.Serializable>);
}
