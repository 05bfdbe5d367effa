// Benchmark: the top-m analysis (docs/many-classes.md) of a 1000-class MobileNetV2 at 224² on
// wasm: one forward pass and m + 1 + S gradient rows, in analysis mode and (with --plain) plain mode.
//   npx tsx bench/topClasses.ts [--classes 1000] [--plain]
import { parseArgs } from 'node:util';
import * as tf from '@tensorflow/tfjs';
import { classifierFromArtifacts } from '../src/engine/classifier';
import { weightedLogitGradients } from '../src/engine/logitJacobian';
import { modelArtifacts } from '../src/engine/testing/smallModels';
import { analyzeImageTopClasses } from '../src/engine/topClassFisher';
import { useWasmBackendInNode } from '../src/engine/wasm/nodeWasmSetup';
import { mobileNetV2 } from './architectures/builders';

const { values } = parseArgs({ options: { classes: { type: 'string', default: '1000' }, plain: { type: 'boolean', default: false } } });
const classes = Number(values.classes);
tf.env().set('PROD', true);
await useWasmBackendInNode();
const built = mobileNetV2(classes);
const artifacts = await modelArtifacts(built);
built.dispose();
let t0 = performance.now();
const classifier = await classifierFromArtifacts(artifacts, null, 'mobilenetv2-wide');
console.log(`MobileNetV2 224² C=${classes}, wasm: load ${Math.round(performance.now() - t0)} ms`);
const x = Float32Array.from({ length: 224 * 224 * 3 }, (_, i) => Math.sin(0.01 * i));
for (let run = 0; run < 2; run++) {
  t0 = performance.now();
  const top = await analyzeImageTopClasses(classifier, x, { keptClasses: 32, samples: 32, seed: 1 });
  const total = performance.now() - t0;
  const t = top.timingsMs;
  console.log(`top-m (m = 32, S = 32, ${top.gradientRows} rows, ${top.rowsPerChunk} per chunk): ${(total / 1000).toFixed(2)} s — forward ${Math.round(t.forward)} ms, gradients ${Math.round(t.gradients)} ms, eigen ${Math.round(t.eigen)} ms`);
}
if (values.plain) {
  const xt = tf.tensor4d(x, [1, 224, 224, 3]);
  const weights = tf.tidy(() => tf.oneHot(tf.range(0, 65, 1, 'int32'), classes).toFloat() as tf.Tensor2D);
  t0 = performance.now();
  const g = weightedLogitGradients(classifier, xt, weights, 16, 'plain');
  await g.data();
  console.log(`the same 65 rows in plain mode (tf.grad over tiled copies, 16 per chunk): ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  tf.dispose([xt, weights, g]);
}
classifier.dispose();
