import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { UnitImage } from '../../core';
import { toModelInput } from '../../core';
import { neighbourhoodPoint } from '../../core/neighbourhoodFisher';
import { principalAngles } from '../../core/principalAngles';
import { defaultPreprocessing } from '../../engine/analyzeDecodedImage';
import { analyzeImage } from '../../engine/analyzeImage';
import { decodeImageFile, toDisplayImage } from '../../io/decodeImage';
import { CliError } from '../cliError';
import type { LoadedModel } from '../modelSource';
import { loadModel } from '../modelSource';
import { startNodeEngine } from '../nodeEngine';
import { readInputFile } from '../readInputFile';
import type { ViewingChange } from './compareInputs';
import { applyViewingChange } from './compareInputs';

export interface CompareOptions {
  readonly model: string;
  readonly modelB?: string;
  readonly image: string;
  readonly imageB?: string;
  /** σ of seeded Gaussian noise added to B's model input. */
  readonly noise?: number;
  readonly seed: number;
  readonly change: ViewingChange;
  readonly topK?: number;
  readonly out: string;
  readonly backend?: string;
}

async function readImage(path: string): Promise<UnitImage> {
  const bytes = await readInputFile(path, 'image');
  try {
    return toDisplayImage(await decodeImageFile(bytes, path));
  } catch (error) {
    throw new CliError((error as Error).message);
  }
}

function modelInput(loaded: LoadedModel, image: UnitImage): Float32Array {
  const [height, width, channels] = loaded.classifier.info.inputShape;
  const pre = loaded.metadata?.preprocessing ?? defaultPreprocessing(channels);
  return toModelInput(image, { height, width, channels: channels as 1 | 3, mean: pre.mean, std: pre.std, resize: pre.resize });
}

/**
 * `ifim compare`: how stable is the leading iFIM subspace? Analyses A (model, image) and B (another
 * model, another image, or the same image after a change of the viewing pipeline: window/level,
 * resampling, added noise) and reports the principal angles between span(v_1…v_k) of each
 * (docs/method.md, "Subspace stability"). Both must have the same model input size.
 */
export async function compareCommand(options: CompareOptions): Promise<string> {
  if (!options.modelB && !options.imageB && options.noise === undefined && !options.change.window && options.change.scale === undefined) {
    throw new CliError('ifim compare: nothing to compare: give --model-b, --image-b, --noise, --window-b or --scale-b');
  }
  const backend = await startNodeEngine(options.backend);
  const a = await loadModel(options.model);
  let b: LoadedModel = a;
  try {
    if (options.modelB) b = await loadModel(options.modelB);
    const shapeA = a.classifier.info.inputShape;
    const shapeB = b.classifier.info.inputShape;
    if (shapeA.join('×') !== shapeB.join('×')) {
      throw new CliError(`ifim compare: the models take ${shapeA.join('×')} and ${shapeB.join('×')} inputs; principal angles need one input space`);
    }
    const imageA = await readImage(options.image);
    const imageB = applyViewingChange(options.imageB ? await readImage(options.imageB) : imageA, options.change);
    const xA = modelInput(a, imageA);
    let xB = modelInput(b, imageB);
    if (options.noise !== undefined) xB = neighbourhoodPoint(xB, options.noise, options.seed, 0);
    const analysisA = await analyzeImage(a.classifier, xA);
    const analysisB = await analyzeImage(b.classifier, xB);
    const ra = analysisA.eigen.modeCount;
    const rb = analysisB.eigen.modeCount;
    const k = Math.min(options.topK ?? Math.min(ra, rb), ra, rb);
    const n = xA.length;
    const angles = principalAngles(analysisA.eigen.imageEigenvectors, k, analysisB.eigen.imageEigenvectors, k, n);
    const describe = (loaded: LoadedModel, analysis: typeof analysisA, image: string) => ({
      model: loaded.classifier.info.id,
      image,
      classes: loaded.classifier.info.classes,
      probabilities: Array.from(analysis.eigen.probabilities),
      eigenvalues: Array.from(analysis.eigen.eigenvalues),
      rank: analysis.eigen.rank,
    });
    let inputDistance = 0;
    for (let i = 0; i < n; i++) inputDistance += (xA[i] - xB[i]) ** 2;
    const result = {
      backend: backend.name,
      a: describe(a, analysisA, options.image),
      b: {
        ...describe(b, analysisB, options.imageB ?? options.image),
        change: { noiseSigma: options.noise ?? null, seed: options.noise === undefined ? null : options.seed, window: options.change.window ?? null, scale: options.change.scale ?? null },
      },
      inputDistanceL2: Math.sqrt(inputDistance),
      k,
      anglesDegrees: Array.from(angles.degrees),
      cosines: Array.from(angles.cosines),
    };
    const out = resolve(options.out);
    await mkdir(out, { recursive: true });
    await writeFile(join(out, 'compare.json'), JSON.stringify(result, null, 2) + '\n');
    return [
      `A: ${result.a.model} on ${options.image}; B: ${result.b.model} on ${result.b.image}${options.noise !== undefined ? ` + noise σ = ${options.noise}` : ''}${options.change.window ? ` window ${options.change.window.centre},${options.change.window.width}` : ''}${options.change.scale !== undefined ? ` resampled ×${options.change.scale}` : ''} (‖x_A − x_B‖ = ${result.inputDistanceL2.toPrecision(3)})`,
      `principal angles between the leading ${k}-mode subspaces: ${result.anglesDegrees.map((d) => d.toFixed(2)).join('° ')}°`,
      `wrote ${out}/compare.json`,
    ].join('\n');
  } finally {
    if (b !== a) b.classifier.dispose();
    a.classifier.dispose();
  }
}
