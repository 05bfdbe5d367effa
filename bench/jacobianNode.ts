// Benchmark: the logit Jacobian in Node, batched vs per-class loop, on cpu and wasm.
// npx tsx bench/jacobianNode.ts [--model <id | folder>] [--repeats 5]
import { parseArgs } from 'node:util';
import * as tf from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { selectBackend } from '../src/engine/backendSelection';
import { logitJacobianBatched, logitJacobianPerClass } from '../src/engine/logitJacobian';
import { nodeWasmBinaryDir } from '../src/engine/wasm/nodeWasmSetup';
import { loadModel } from '../src/cli/modelSource';

const { values } = parseArgs({ options: { model: { type: 'string', default: 'chest-resnet' }, repeats: { type: 'string', default: '5' } } });
tf.env().set('PROD', true);
const repeats = Number(values.repeats);

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

for (const backend of ['wasm', 'cpu'] as const) {
  await selectBackend(backend, { prepareWasm: () => setWasmPaths(nodeWasmBinaryDir()) });
  const { classifier } = await loadModel(values.model!);
  const [h, w, c] = classifier.info.inputShape;
  const x = tf.randomUniform([1, h, w, c], -1, 1, 'float32', 3) as tf.Tensor4D;
  const time = async (f: () => tf.Tensor): Promise<number> => {
    const t0 = performance.now();
    const j = f();
    await j.data();
    j.dispose();
    return performance.now() - t0;
  };
  const forward: number[] = [];
  const batched: number[] = [];
  const loop: number[] = [];
  await time(() => logitJacobianBatched(classifier, x, 99)); // warm-up
  for (let r = 0; r < repeats; r++) {
    forward.push(await time(() => classifier.logits(x)));
    batched.push(await time(() => logitJacobianBatched(classifier, x, 99)));
    loop.push(await time(() => logitJacobianPerClass(classifier, x)));
  }
  console.log(
    `${values.model} ${h}×${w}×${c} C=${classifier.info.classes.length} ${backend}: forward ${median(forward).toFixed(1)} ms, ` +
      `Jacobian batched ${median(batched).toFixed(1)} ms, per-class loop ${median(loop).toFixed(1)} ms (median of ${repeats})`,
  );
  x.dispose();
  classifier.dispose();
}
