import * as tf from '@tensorflow/tfjs';
import { analyzeImage } from '../../analyzeImage';
import type { Classifier } from '../../classifier';
import { loadClassifierFromFiles } from '../../loadModel';
import type { ModelFile } from '../../modelFromFiles';
import { seededRandom } from '../../wasm/wasmTestUtils';

/**
 * What the architecture tests measure for one model built in TF.js: saved as a user's model.json
 * + weights.bin would arrive and loaded through the engine's loader, compared with plain TF.js
 * loading the same artifacts; the analysis's Jacobian compared with central finite differences.
 */
export interface FamilyCheck {
  /** max |p_engine − p_plain| over the batch, p = the model's own probabilities; null where plain TF.js cannot load the saved files. */
  readonly plainDelta: number | null;
  /** Why plain TF.js refused the files (null when it loaded them). */
  readonly plainRefusal: string | null;
  /** max |p_engine − p_memory|: against the model as built in memory by the test. */
  readonly memoryDelta: number;
  /**
   * Directional derivatives J·v along v = sign(∇z_c) (every pixel moves): max over v and classes of
   * |J_analysis·v − fd|, relative to max |J·v|. The main check: J·v is ~N times a single entry, so
   * float32 rounding in the finite difference stays far below the tolerance.
   */
  readonly directionalError: number;
  readonly directionalScale: number;
  /** The same for single pixels (one entry of J per class), where float32 rounding limits the accuracy to ~1e-2. */
  readonly pixelError: number;
  readonly pixelScale: number;
  readonly tensorsBefore: number;
  readonly tensorsAfter: number;
  readonly classes: number;
  readonly operations: readonly string[];
}

/** The files a user would give for `model`: model.json and one shard, written by tf.io.withSaveHandler. */
export async function savedModelFiles(model: tf.LayersModel, edit?: (topology: unknown) => void, folder = 'model'): Promise<ModelFile[]> {
  const files: ModelFile[] = [];
  await model.save(
    tf.io.withSaveHandler(async (artifacts) => {
      edit?.(artifacts.modelTopology);
      const json = {
        format: 'layers-model',
        generatedBy: `keras v2.15.0`,
        convertedBy: `TensorFlow.js Converter v4.22.0`,
        modelTopology: artifacts.modelTopology,
        weightsManifest: [{ paths: ['group1-shard1of1.bin'], weights: artifacts.weightSpecs }],
      };
      files.push({ name: `${folder}/model.json`, bytes: new TextEncoder().encode(JSON.stringify(json)) });
      files.push({ name: `${folder}/group1-shard1of1.bin`, bytes: new Uint8Array(artifacts.weightData as ArrayBuffer) });
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }),
  );
  return files;
}

/** Plain TF.js: tf.loadLayersModel on the same files' contents, predict. */
async function plainPredictions(files: readonly ModelFile[], x: tf.Tensor4D): Promise<Float32Array> {
  const json = JSON.parse(new TextDecoder().decode(files[0].bytes)) as tf.io.ModelJSON;
  const shard = files[1].bytes;
  const model = await tf.loadLayersModel(
    tf.io.fromMemory({ modelTopology: json.modelTopology, weightSpecs: json.weightsManifest[0].weights, weightData: shard.buffer.slice(shard.byteOffset, shard.byteOffset + shard.byteLength) as ArrayBuffer }),
  );
  const y = model.predict(x) as tf.Tensor;
  const values = (await y.data()) as Float32Array;
  y.dispose();
  model.dispose();
  return values;
}

async function engineProbabilities(classifier: Classifier, x: tf.Tensor4D): Promise<Float32Array> {
  const p = tf.tidy(() => {
    const z = classifier.logits(x);
    return classifier.info.head === 'softmax' ? tf.softmax(z) : tf.sigmoid(z);
  });
  const values = (await p.data()) as Float32Array;
  p.dispose();
  return values;
}

/**
 * Central differences (z(x + εv) − z(x − εv)) / 2ε along each direction v, all classes, in one
 * batched forward pass. The step actually applied in float32 is used per direction's largest entry
 * where it matters (single-pixel probes); for ±1 directions the rounding of x ± ε is below 1e-7 relative.
 */
async function finiteDifferences(classifier: Classifier, image: Float32Array, directions: readonly Float32Array[], epsilon: number): Promise<Float64Array[]> {
  const [h, w, c] = classifier.info.inputShape;
  const n = h * w * c;
  const batch = new Float32Array(2 * directions.length * n);
  const steps = directions.map(() => [0, 0]);
  directions.forEach((v, k) => {
    for (let i = 0; i < n; i++) {
      batch[2 * k * n + i] = image[i] + epsilon * v[i];
      batch[(2 * k + 1) * n + i] = image[i] - epsilon * v[i];
    }
    // A single-pixel probe: the step as float32 applied it.
    const pixel = v.findIndex((e) => e !== 0);
    if (v.filter((e) => e !== 0).length === 1) steps[k] = [batch[2 * k * n + pixel] - image[pixel], image[pixel] - batch[(2 * k + 1) * n + pixel]];
    else steps[k] = [epsilon, epsilon];
  });
  const z = tf.tidy(() => classifier.logits(tf.tensor4d(batch, [2 * directions.length, h, w, c])));
  const values = (await z.data()) as Float32Array;
  z.dispose();
  const classes = classifier.info.classes.length;
  return directions.map((_, k) => {
    const column = new Float64Array(classes);
    const step = steps[k][0] + steps[k][1];
    for (let cl = 0; cl < classes; cl++) column[cl] = (values[2 * k * classes + cl] - values[(2 * k + 1) * classes + cl]) / step;
    return column;
  });
}

/** max |exact − fd| / max |exact| over directions and classes, and max |exact|. */
function agreement(jacobian: Float32Array, n: number, classes: number, directions: readonly Float32Array[], fd: readonly Float64Array[]): { error: number; scale: number } {
  let scale = 0;
  let error = 0;
  directions.forEach((v, k) => {
    for (let cl = 0; cl < classes; cl++) {
      let exact = 0;
      for (let i = 0; i < n; i++) if (v[i] !== 0) exact += jacobian[cl * n + i] * v[i];
      scale = Math.max(scale, Math.abs(exact));
      error = Math.max(error, Math.abs(exact - fd[k][cl]));
    }
  });
  return { error: error / scale, scale };
}

export interface FamilyCheckOptions {
  /** Images in the prediction comparison. */
  readonly batch?: number;
  /** Pixels and random ±1 directions probed by finite differences. */
  readonly pixels?: number;
  readonly directions?: number;
  /** Steps: a single pixel needs a larger one (rounding), a direction a smaller one (kinks of ReLU crossed by the step). */
  readonly pixelEpsilon?: number;
  readonly directionEpsilon?: number;
  readonly seed?: number;
  /** The pixel values the model expects (Keras preprocessing layers inside the model take [0, 255]); steps scale with it. */
  readonly inputRange?: readonly [number, number];
  /** Applied to the saved topology, e.g. asKerasWrites. */
  readonly edit?: (topology: unknown) => void;
}

function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return Number.isNaN(m) || a.length !== b.length ? Infinity : m;
}

/** Loads `model` the way a user's files come in and measures FamilyCheck. Disposes nothing of `model`. */
export async function checkFamily(model: tf.LayersModel, options: FamilyCheckOptions = {}): Promise<FamilyCheck> {
  const { batch = 2, pixels = 3, directions = 3, pixelEpsilon = 1e-2, directionEpsilon = 1e-4, seed = 7 } = options;
  const files = await savedModelFiles(model, options.edit);
  const { classifier } = await loadClassifierFromFiles(files);
  try {
    const [h, w, c] = classifier.info.inputShape;
    const n = h * w * c;
    const rand = seededRandom(seed);
    const [lo, hi] = options.inputRange ?? [-1, 1];
    const unit = (hi - lo) / 2;
    const images = Float32Array.from({ length: batch * n }, () => rand(lo, hi));
    const x = tf.tensor4d(images, [batch, h, w, c]);
    const ours = await engineProbabilities(classifier, x);
    let plainDelta: number | null = null;
    let plainRefusal: string | null = null;
    try {
      plainDelta = maxAbsDiff(await plainPredictions(files, x), ours);
    } catch (error) {
      plainRefusal = error instanceof Error ? error.message : String(error);
    }
    const y = model.predict(x) as tf.Tensor;
    const memoryDelta = maxAbsDiff((await y.data()) as Float32Array, ours);
    tf.dispose([x, y]);

    const image = images.slice(0, n);
    const tensorsBefore = tf.memory().numTensors;
    const analysis = await analyzeImage(classifier, image);
    const tensorsAfter = tf.memory().numTensors;

    const classes = classifier.info.classes.length;
    const pixelDirections = Array.from({ length: pixels }, () => {
      const v = new Float32Array(n);
      v[Math.floor(rand(0, n))] = 1;
      return v;
    });
    // v = sign(∇z_c) for the first classes: J·v = ‖∇z_c‖₁ is large, so float32 rounding of the
    // difference is far below the tolerance, and a wrong Jacobian cannot hide in cancellation.
    const signDirections = Array.from({ length: Math.min(directions, classes) }, (_, c) => Float32Array.from({ length: n }, (_, i) => (analysis.jacobian[c * n + i] < 0 ? -1 : 1)));
    const pixel = agreement(analysis.jacobian, n, classes, pixelDirections, await finiteDifferences(classifier, image, pixelDirections, pixelEpsilon * unit));
    const directional = agreement(analysis.jacobian, n, classes, signDirections, await finiteDifferences(classifier, image, signDirections, directionEpsilon * unit));
    return {
      plainDelta,
      plainRefusal,
      memoryDelta,
      directionalError: directional.error,
      directionalScale: directional.scale,
      pixelError: pixel.error,
      pixelScale: pixel.scale,
      tensorsBefore,
      tensorsAfter,
      classes,
      operations: classifier.info.operations,
    };
  } finally {
    classifier.dispose();
  }
}
