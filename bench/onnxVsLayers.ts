// Benchmark: the analysis of an ONNX model (the torchvision ResNet fixture, exported by
// scripts/make-onnx-fixtures.py) against the same architecture built as a TF.js LayersModel
// (BasicBlocks of widths 8/16/24/32, batch norm folded into the convolutions as torch.onnx.export
// does; random weights: the timing does not depend on them). Median ms per backend.
// npx tsx bench/onnxVsLayers.ts [--repeats 5]
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import * as tf from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { analyzeImage } from '../src/engine/analyzeImage';
import { selectBackend } from '../src/engine/backendSelection';
import type { Classifier } from '../src/engine/classifier';
import { classifierFromArtifacts } from '../src/engine/classifier';
import { loadClassifierFromFiles } from '../src/engine/loadModel';
import { nodeWasmBinaryDir } from '../src/engine/wasm/nodeWasmSetup';

const { values } = parseArgs({ options: { repeats: { type: 'string', default: '5' } } });
tf.env().set('PROD', true);
const repeats = Number(values.repeats);
const FIXTURE = 'test-fixtures/onnx/resnet';

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

/** torchvision's ResNet (BasicBlock, [1, 1, 1, 1], widths 8/16/24/32) in tf.layers, channels last. */
function resnetLayers(size: number, classes: number): tf.LayersModel {
  const conv = (x: tf.SymbolicTensor, filters: number, kernel: number, strides: number) =>
    tf.layers.conv2d({ filters, kernelSize: kernel, strides, padding: 'same', useBias: true }).apply(x) as tf.SymbolicTensor;
  const relu = (x: tf.SymbolicTensor) => tf.layers.reLU().apply(x) as tf.SymbolicTensor;
  const input = tf.input({ shape: [size, size, 3] });
  let x = relu(conv(input, 8, 7, 2));
  x = tf.layers.maxPooling2d({ poolSize: 3, strides: 2, padding: 'same' }).apply(x) as tf.SymbolicTensor;
  let channels = 8;
  for (const [width, stride] of [[8, 1], [16, 2], [24, 2], [32, 2]]) {
    const y = conv(relu(conv(x, width, 3, stride)), width, 3, 1);
    const shortcut = stride !== 1 || channels !== width ? conv(x, width, 1, stride) : x;
    x = relu(tf.layers.add().apply([y, shortcut]) as tf.SymbolicTensor);
    channels = width;
  }
  x = tf.layers.globalAveragePooling2d({}).apply(x) as tf.SymbolicTensor;
  const out = tf.layers.dense({ units: classes, activation: 'softmax' }).apply(x) as tf.SymbolicTensor;
  return tf.model({ inputs: input, outputs: out });
}

async function layersClassifier(size: number, classes: number): Promise<Classifier> {
  const model = resnetLayers(size, classes);
  let artifacts: tf.io.ModelArtifacts = {};
  await model.save(tf.io.withSaveHandler(async (a) => ((artifacts = a), { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } })));
  model.dispose();
  return classifierFromArtifacts(artifacts, null, 'resnet-layers', { source: 'resnet-layers' });
}

async function timeAnalysis(classifier: Classifier): Promise<{ forward: number; jacobian: number; total: number }> {
  const [h, w, c] = classifier.info.inputShape;
  const x = Float32Array.from({ length: h * w * c }, (_, i) => Math.sin(i));
  await analyzeImage(classifier, x); // warm-up
  const runs = [];
  for (let r = 0; r < repeats; r++) {
    const t0 = performance.now();
    const a = await analyzeImage(classifier, x);
    runs.push({ forward: a.timingsMs.forward, jacobian: a.timingsMs.jacobian, total: performance.now() - t0 });
  }
  return { forward: median(runs.map((r) => r.forward)), jacobian: median(runs.map((r) => r.jacobian)), total: median(runs.map((r) => r.total)) };
}

console.log('| backend | model | forward ms | Jacobian ms | analysis ms |');
console.log('|---|---|---|---|---|');
for (const backend of ['wasm', 'cpu'] as const) {
  await selectBackend(backend, { prepareWasm: () => setWasmPaths(nodeWasmBinaryDir()) });
  const onnx = (await loadClassifierFromFiles([{ name: `${FIXTURE}/model.onnx`, bytes: new Uint8Array(readFileSync(`${FIXTURE}/model.onnx`)) }])).classifier;
  const [size] = onnx.info.inputShape;
  const layers = await layersClassifier(size, onnx.info.classes.length);
  for (const [name, classifier] of [['ONNX (torchvision ResNet, 64², C = 5)', onnx], ['TF.js LayersModel, same architecture', layers]] as const) {
    const t = await timeAnalysis(classifier);
    console.log(`| ${backend} | ${name} | ${t.forward.toFixed(1)} | ${t.jacobian.toFixed(1)} | ${t.total.toFixed(1)} |`);
    classifier.dispose();
  }
}
