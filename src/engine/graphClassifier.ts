import * as tf from '@tensorflow/tfjs';
import type { ClassifierInfo } from './classifierBase';
import { BaseClassifier } from './classifierBase';
import type { ClassifierModel } from './classifierModel';
import type { GraphSignature } from './graphOutputActivation';
import type { InputLayout } from './imageInput';
import { isGraphDef, rewriteGraphToLogits } from './graphOutputActivation';
import { validateGraphNodes } from './graphValidation';
import { translateModelError } from './modelErrors';
import { ModelLoadError } from './modelLoadError';

/** A classifier backed by a TF.js GraphModel (SavedModel-converted): executes its one input → its one output. */
export class GraphClassifier extends BaseClassifier {
  constructor(
    readonly model: tf.GraphModel,
    private readonly io: { readonly inputNode: string; readonly outputNode: string },
    info: ClassifierInfo,
    layout: InputLayout,
    source = 'model.json',
  ) {
    super(info, layout, source);
  }

  protected predict(x: tf.Tensor): tf.Tensor {
    return this.model.execute({ [this.io.inputNode]: x }, this.io.outputNode) as tf.Tensor;
  }

  dispose(): void {
    this.model.dispose();
  }
}

/**
 * Loads a SavedModel-converted TF.js GraphModel with a trailing Softmax/Sigmoid removed. tf.grad flows through
 * GraphModel.execute for every op whose kernel has a registered gradient (checked on tfjs 4.22:
 * Conv2D, _FusedConv2D with linear/relu, DepthwiseConv2dNative, MaxPool, AvgPool, MatMul,
 * _FusedMatMul, BiasAdd, Relu, Relu6, Reshape, Mean, …); the loader runs one gradient at load time
 * so that a model with an op that cannot be differentiated is refused before any analysis.
 */
export async function loadGraphClassifierModel(artifacts: tf.io.ModelArtifacts, source: string): Promise<ClassifierModel> {
  if (isGraphDef(artifacts.modelTopology)) validateGraphNodes(artifacts.modelTopology.node, source);
  const userSignature = (artifacts.userDefinedMetadata as { signature?: GraphSignature } | undefined)?.signature;
  const rewrite = rewriteGraphToLogits(artifacts.modelTopology, userSignature ?? (artifacts.signature as GraphSignature | undefined), source);
  checkConstWeights(rewrite.topology.node, artifacts.weightSpecs ?? [], source);
  let model: tf.GraphModel;
  try {
    model = await tf.loadGraphModel(tf.io.fromMemory({ ...artifacts, modelTopology: rewrite.topology }));
  } catch (error) {
    throw translateModelError(error, source);
  }
  const input = model.inputs.find((i) => i.name === rewrite.inputNode) ?? model.inputs[0];
  const shape = (input?.shape ?? []).map((d) => (d != null && d >= 0 ? d : null));
  const { inputNode, outputNode } = rewrite;
  return {
    format: 'graph-model',
    inputShape: shape,
    inputDtype: input?.dtype ?? 'float32',
    removedActivation: rewrite.removed,
    outputIsLogSoftmax: rewrite.logSoftmax,
    operations: rewrite.ops,
    predict: (x) => model.execute({ [inputNode]: x }, outputNode) as tf.Tensor,
    toClassifier: (info, layout, src) => new GraphClassifier(model, { inputNode, outputNode }, info, layout, src),
    dispose: () => model.dispose(),
  };
}

/**
 * Every Const node takes its value from the weight of the same name; the executor would fail late
 * and obscurely on a missing one.
 */
function checkConstWeights(nodes: ReadonlyArray<{ name: string; op: string }>, specs: readonly tf.io.WeightsManifestEntry[], source: string): void {
  const names = new Set(specs.map((s) => s.name));
  const missing = nodes.filter((n) => n.op === 'Const' && !names.has(n.name)).map((n) => n.name);
  if (missing.length === 0) return;
  const consts = new Set(nodes.filter((n) => n.op === 'Const').map((n) => n.name));
  const unused = specs.filter((s) => !consts.has(s.name)).map((s) => s.name);
  const shown = (list: string[]) => list.slice(0, 5).join(', ') + (list.length > 5 ? ', …' : '');
  throw new ModelLoadError(
    'weight-mismatch',
    `${source}: ${missing.length} constant${missing.length === 1 ? '' : 's'} of the graph (${shown(missing)}) ha${missing.length === 1 ? 's' : 've'} no weight of that name in the weightsManifest` +
      (unused.length > 0 ? `, which instead names ${shown(unused)}` : ''),
    source,
  );
}
