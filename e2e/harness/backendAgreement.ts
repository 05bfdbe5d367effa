// Browser harness: the batched logit Jacobian on cpu, wasm, webgl and webgpu for the same model
// artifacts and input; reports each backend's largest deviation from cpu.
import * as tf from '@tensorflow/tfjs';
import type { BackendName } from '../../src/engine/backendNames';
import { selectBackend } from '../../src/engine/backendSelection';
import { browserPlatform } from '../../src/engine/browserPlatform';
import { classifierFromArtifacts } from '../../src/engine/classifier';
import { logitJacobianBatched } from '../../src/engine/logitJacobian';
import type { SmallArchitecture } from '../../src/engine/testing/smallModels';
import { buildSmallModel, modelArtifacts, testImage } from '../../src/engine/testing/smallModels';

interface Row {
  arch: SmallArchitecture;
  backend: BackendName;
  device: string;
  maxAbsJacobian: number;
  maxAbsDiffFromCpu: number;
  error?: string;
}

const SHAPE: [number, number, number] = [16, 16, 2];
const requested = new URLSearchParams(location.search).get('backends');
const BACKENDS = (requested ? requested.split(',') : ['cpu', 'wasm', 'webgl', 'webgpu']) as BackendName[];

async function run(): Promise<Row[]> {
  const rows: Row[] = [];
  await selectBackend('cpu', browserPlatform);
  const x = testImage(SHAPE[0] * SHAPE[1] * SHAPE[2], 4);
  for (const arch of ['relu-bn-pool-cnn', 'tanh-cnn'] as const) {
    await selectBackend('cpu', browserPlatform);
    const model = buildSmallModel(arch, SHAPE, 5, 'softmax');
    const artifacts = await modelArtifacts(model);
    model.dispose();
    let reference: Float32Array | null = null;
    for (const backend of BACKENDS) {
      try {
        const report = await selectBackend(backend, browserPlatform);
        const classifier = await classifierFromArtifacts(artifacts, null, arch);
        const xt = tf.tensor4d(x, [1, ...SHAPE]);
        const jt = logitJacobianBatched(classifier, xt, 5);
        const j = (await jt.data()) as Float32Array;
        tf.dispose([xt, jt]);
        classifier.dispose();
        reference ??= j;
        let maxAbs = 0;
        let maxDiff = 0;
        for (let i = 0; i < j.length; i++) {
          maxAbs = Math.max(maxAbs, Math.abs(j[i]));
          maxDiff = Math.max(maxDiff, Math.abs(j[i] - reference[i]));
        }
        rows.push({ arch, backend: report.name, device: report.device, maxAbsJacobian: maxAbs, maxAbsDiffFromCpu: maxDiff });
      } catch (error) {
        rows.push({ arch, backend, device: '', maxAbsJacobian: NaN, maxAbsDiffFromCpu: NaN, error: error instanceof Error ? error.message : String(error) });
      }
    }
  }
  return rows;
}

const target = window as unknown as { backendAgreement?: Promise<Row[]> };
target.backendAgreement = run();
target.backendAgreement.then(
  (rows) => {
    document.getElementById('out')!.textContent = JSON.stringify(rows, null, 2);
  },
  (error: unknown) => {
    document.getElementById('out')!.textContent = `failed: ${String(error)}`;
  },
);
