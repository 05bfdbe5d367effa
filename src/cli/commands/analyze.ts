import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { complementaryComponent, highSensitivityComponent, matrixF64, matrixToNestedArrays } from '../../core';
import { analyzeDecodedImage } from '../../engine/analyzeDecodedImage';
import { graphSummaryLines } from '../../engine/onnx/graphSummaryText';
import { decodeImageFile } from '../../io/decodeImage';
import { sourceFactsOf } from '../../io/imageSourceFacts';
import { encodeNpyFloat32 } from '../../io/npy';
import type { ModelMetadata } from '../../core';
import type { BackendName } from '../../engine/backendNames';
import type { Classifier } from '../../engine/classifier';
import { CliError } from '../cliError';
import { loadModel } from '../modelSource';
import { startNodeEngine } from '../nodeEngine';
import { readInputFile } from '../readInputFile';
import type { AnalyzeExtensionOptions } from './analyzeExtensions';
import { prepareAnalyzeExtensions, runAnalyzeExtensions } from './analyzeExtensions';
import type { VolumeSliceOption } from './volumeSlice';
import { analyzedImage } from './volumeSlice';

export interface AnalyzeOptions {
  readonly model: string;
  readonly image: string;
  readonly topK?: number;
  readonly out: string;
  readonly backend?: string;
  /** --roi, --neighbourhood, --validity-radius (analyzeExtensions.ts). */
  readonly extensions?: AnalyzeExtensionOptions;
  /** --slice/--axis: the slice of a volume to analyse (volumeSlice.ts). */
  readonly slice?: VolumeSliceOption;
}

/** A loaded model and the backend it runs on: loaded once, then used for one image or a whole batch. */
export interface AnalysisSession {
  readonly classifier: Classifier;
  readonly metadata: ModelMetadata | null;
  readonly backend: BackendName;
}

/**
 * `ifim analyze`: one image through the whole pipeline; writes result.json and NPY arrays that
 * numpy.load reads (docs/cli.md lists every field).
 */
export async function analyzeCommand(options: AnalyzeOptions): Promise<string> {
  const backend = await startNodeEngine(options.backend);
  const { classifier, metadata } = await loadModel(options.model);
  try {
    const { result, out, extensionSummary, npyFiles } = await analyzeImageToFolder({ classifier, metadata, backend: backend.name }, options);
    for (const warning of result.warnings) console.error(`ifim: warning (${warning.code}): ${warning.message}`);
    const c = classifier.info.classes.length;
    const top = result.eigenvalues.slice(0, Math.max(result.modesKept, 1));
    return [
      `model ${classifier.info.id} (${classifier.info.head}, ${c} classes) on ${backend.name}`,
      ...(classifier.info.graph ? graphSummaryLines(classifier.info.graph) : []),
      `probabilities ${result.probabilities.map((p, i) => `${classifier.info.classes[i]}=${p.toFixed(4)}`).join(' ')}`,
      `eigenvalues ${top.map((v) => v.toExponential(4)).join(' ')} (rank ${result.rank})`,
      ...extensionSummary,
      `wrote ${out}/result.json and ${npyFiles} .npy files (k = ${result.k}) in ${result.timingsMs.total.toFixed(0)} ms`,
    ].join('\n');
  } finally {
    classifier.dispose();
  }
}

export type AnalyzeResult = Awaited<ReturnType<typeof analyzeImageToFolder>>['result'];

/**
 * One image to one folder (`options.out`): decode, analyse, write result.json and the NPY arrays.
 * The single-image command and the batch driver (analyzeBatch.ts) both call it; warnings are in
 * the result (`warnings`) for the caller to show.
 */
export async function analyzeImageToFolder(session: AnalysisSession, options: Pick<AnalyzeOptions, 'image' | 'topK' | 'out' | 'extensions' | 'slice'>) {
  const { classifier, metadata, backend } = session;
  const bytes = await readInputFile(options.image, 'image');
  let image, decoded, slice;
  try {
    decoded = await decodeImageFile(bytes, options.image);
    ({ image, slice } = analyzedImage(decoded, options.image, options.slice));
  } catch (error) {
    if (error instanceof CliError) throw error;
    throw new CliError((error as Error).message);
  }
  const prepared = await prepareAnalyzeExtensions(options.extensions ?? {}, classifier, image, metadata?.preprocessing ?? null);
  const analysis = await analyzeDecodedImage(classifier, metadata?.preprocessing ?? null, image, { domain: { trainingDomain: metadata?.trainingDomain, source: sourceFactsOf(decoded) } });
  const extensions = await runAnalyzeExtensions(prepared, classifier, analysis);
  const { eigen } = analysis;
  const [h, w, ch] = classifier.info.inputShape;
  const n = h * w * ch;
  const r = eigen.modeCount;
  const requestedK = options.topK ?? 1;
  if (!Number.isInteger(requestedK) || requestedK < 0) throw new CliError(`--top-k must be a whole number ≥ 0, not ${options.topK}`);
  const k = Math.min(requestedK, r);

  const tProjection = performance.now();
  const high = highSensitivityComponent(eigen.imageEigenvectors, analysis.coefficients, k, n);
  const low = complementaryComponent(analysis.xModelSpace, high);
  const projectionMs = performance.now() - tProjection;

  const c = classifier.info.classes.length;
  const result = {
    model: { id: classifier.info.id, title: classifier.info.title, classes: classifier.info.classes, head: classifier.info.head, inputShape: [h, w, ch], logitSource: classifier.info.logitSource, notice: classifier.info.notice, ...(classifier.info.graph ? { graph: classifier.info.graph } : {}) },
    image: { source: options.image, width: image.width, height: image.height, channels: image.channels, bitDepth: image.bitDepth, ...(slice ? { slice } : {}) },
    backend,
    logits: Array.from(analysis.logits),
    probabilities: Array.from(eigen.probabilities),
    logitGram: matrixToNestedArrays(eigen.logitGram),
    fisherGram: matrixToNestedArrays(eigen.fisherGram),
    eigenvalues: Array.from(eigen.eigenvalues),
    gramEigenvectors: matrixToNestedArrays(eigen.gramEigenvectors),
    rank: eigen.rank,
    traceFisher: eigen.traceFisher,
    modesKept: r,
    k,
    projectionCoefficients: Array.from(analysis.coefficients),
    modeClassWeights: matrixToNestedArrays(matrixF64(r, c, eigen.modeClassWeights)),
    warnings: [...(image.warnings ?? []), ...analysis.warnings],
    timingsMs: { ...analysis.totalTimingsMs, projection: analysis.totalTimingsMs.projection + projectionMs, total: analysis.totalTimingsMs.total + projectionMs },
    ...extensions.json,
    files: { input: 'input.npy', jacobian: 'jacobian.npy', eigenvectors: 'eigenvectors.npy', xHigh: 'x_high.npy', xLow: 'x_low.npy', ...extensions.fileNames },
  };
  const out = resolve(options.out);
  await mkdir(out, { recursive: true });
  await Promise.all([
    writeFile(join(out, 'result.json'), JSON.stringify(result, null, 2) + '\n'),
    writeFile(join(out, 'input.npy'), encodeNpyFloat32(analysis.xModelSpace, [h, w, ch])),
    writeFile(join(out, 'jacobian.npy'), encodeNpyFloat32(analysis.jacobian, [c, h, w, ch])),
    writeFile(join(out, 'eigenvectors.npy'), encodeNpyFloat32(eigen.imageEigenvectors, [r, h, w, ch])),
    writeFile(join(out, 'x_high.npy'), encodeNpyFloat32(high, [h, w, ch])),
    writeFile(join(out, 'x_low.npy'), encodeNpyFloat32(low, [h, w, ch])),
    ...extensions.files.map(([name, bytes]) => writeFile(join(out, name), bytes)),
  ]);
  return { result, out, extensionSummary: extensions.summary, npyFiles: 5 + extensions.files.length };
}
