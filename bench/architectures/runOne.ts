// One benchmark measurement in a fresh process, so that its peak RSS is its own (the wasm heap
// only grows). Prints one JSON line. Driven by bench/architectures.ts.
// npx tsx bench/architectures/runOne.ts --arch mobilenetv2 --backend wasm --task jacobian --mode analysis
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import * as tf from '@tensorflow/tfjs';
import type { LayersClassifier } from '../../src/engine/classifier';
import { classifierFromArtifacts } from '../../src/engine/classifier';
import type { JacobianMode } from '../../src/engine/logitJacobian';
import { logitJacobianBatched } from '../../src/engine/logitJacobian';
import { jacobianMemoryEstimate } from '../../src/engine/jacobianMemory';
import { modelArtifacts } from '../../src/engine/testing/smallModels';
import { useWasmBackendInNode } from '../../src/engine/wasm/nodeWasmSetup';
import { BENCH_ARCHITECTURES } from './builders';

const { values } = parseArgs({
  options: {
    arch: { type: 'string' },
    backend: { type: 'string', default: 'wasm' },
    task: { type: 'string', default: 'jacobian' },
    mode: { type: 'string', default: 'analysis' },
    repeats: { type: 'string', default: '3' },
    warmup: { type: 'string', default: '1' },
    export: { type: 'string' },
    profile: { type: 'boolean', default: false },
  },
});
const arch = BENCH_ARCHITECTURES.find((a) => a.id === values.arch);
if (!arch) throw new Error(`--arch must be one of ${BENCH_ARCHITECTURES.map((a) => a.id).join(', ')}`);
tf.env().set('PROD', true);
if (values.backend === 'wasm') await useWasmBackendInNode();
else await tf.setBackend(values.backend!);
await tf.ready();

const built = arch.build();
const artifacts = await modelArtifacts(built);
built.dispose();
const classifier = await classifierFromArtifacts(artifacts, null, arch.id);
const [h, w, c] = arch.inputShape;
const x = tf.randomUniform([1, h, w, c], -1, 1, 'float32', 7) as tf.Tensor4D;
const repeats = Number(values.repeats);
const warmup = Number(values.warmup);

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}
async function timed(f: () => tf.Tensor): Promise<number> {
  const t0 = performance.now();
  const out = f();
  await out.data();
  out.dispose();
  return performance.now() - t0;
}
async function medianMs(f: () => tf.Tensor): Promise<number> {
  for (let i = 0; i < warmup; i++) await timed(f);
  const times: number[] = [];
  for (let i = 0; i < repeats; i++) times.push(await timed(f));
  return median(times);
}

const result: Record<string, unknown> = { arch: arch.id, backend: values.backend, task: values.task, mode: values.mode };
if (values.task === 'forward') {
  const xC = tf.tile(x, [arch.classes, 1, 1, 1]) as tf.Tensor4D;
  result.forward1Ms = await medianMs(() => classifier.logits(x));
  result.forwardCMs = await medianMs(() => classifier.logits(xC));
  xC.dispose();
} else {
  const mode = values.mode as JacobianMode;
  const estimate = jacobianMemoryEstimate(classifier, arch.classes, undefined, mode);
  const chunk = estimate.classesPerChunk;
  result.classesPerChunk = chunk;
  result.estimatedBytes = estimate.totalBytes;
  const jacobian = () => logitJacobianBatched(classifier, x, chunk, mode);
  if (values.profile) {
    const profile = await tf.profile(async () => {
      const j = jacobian();
      await j.data();
      j.dispose();
    });
    const byKernel = new Map<string, number>();
    for (const k of profile.kernels) byKernel.set(k.name, (byKernel.get(k.name) ?? 0) + (k.kernelTimeMs as number));
    result.profile = Object.fromEntries([...byKernel].sort((a, b) => b[1] - a[1]).slice(0, 12).map(([k, v]) => [k, Math.round(v)]));
  }
  result.jacobianMs = await medianMs(jacobian);
  if (values.export) {
    // The logit model's topology and weights, the input, and TF.js's logits and J: the PyTorch
    // peer (torchPeer.py) rebuilds the same network from them and checks that it agrees.
    const dir = values.export;
    await mkdir(dir, { recursive: true });
    const model = (classifier as LayersClassifier).model;
    const index: { layer: string; name: string; shape: number[]; offset: number }[] = [];
    const chunks: Float32Array[] = [];
    let offset = 0;
    for (const layer of model.layers) {
      for (const variable of layer.weights) {
        const data = (await variable.read().data()) as Float32Array;
        index.push({ layer: layer.name, name: variable.originalName.split('/').pop()!, shape: variable.shape as number[], offset });
        chunks.push(data);
        offset += data.length;
      }
    }
    const all = new Float32Array(offset);
    let at = 0;
    for (const ch of chunks) all.set(ch, (at += ch.length) - ch.length);
    const j = logitJacobianBatched(classifier, x, chunk, mode);
    const z = classifier.logits(x);
    await writeFile(join(dir, 'model.json'), JSON.stringify({ topology: model.toJSON(null, false), weights: index, inputShape: arch.inputShape, classes: arch.classes }));
    await writeFile(join(dir, 'weights.bin'), Buffer.from(all.buffer));
    await writeFile(join(dir, 'x.bin'), Buffer.from(((await x.data()) as Float32Array).buffer));
    await writeFile(join(dir, 'logits.bin'), Buffer.from(((await z.data()) as Float32Array).buffer));
    await writeFile(join(dir, 'jacobian.bin'), Buffer.from(((await j.data()) as Float32Array).buffer));
    tf.dispose([j, z]);
  }
}
result.peakRssBytes = process.resourceUsage().maxRSS * 1024;
x.dispose();
classifier.dispose();
console.log(JSON.stringify(result));
