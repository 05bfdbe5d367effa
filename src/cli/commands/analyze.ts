import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { complementaryComponent, highSensitivityComponent, matrixF64, matrixToNestedArrays } from '../../core';
import { analyzeDecodedImage } from '../../engine/analyzeDecodedImage';
import { decodeImageFile } from '../../io/decodeImage';
import { encodeNpyFloat32 } from '../../io/npy';
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

/**
 * `ifim analyze`: one image through the whole pipeline; writes result.json and NPY arrays that
 * numpy.load reads (docs/cli.md lists every field).
 */
export async function analyzeCommand(options: AnalyzeOptions): Promise<string> {
  const backend = await startNodeEngine(options.backend);
  const { classifier, metadata } = await loadModel(options.model);
  try {
    const bytes = await readInputFile(options.image, 'image');
    let image, slice;
    try {
      ({ image, slice } = analyzedImage(await decodeImageFile(bytes, options.image), options.image, options.slice));
    } catch (error) {
      throw new CliError((error as Error).message);
    }
    const prepared = await prepareAnalyzeExtensions(options.extensions ?? {}, classifier, image, metadata?.preprocessing ?? null);
    const analysis = await analyzeDecodedImage(classifier, metadata?.preprocessing ?? null, image);
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
      model: { id: classifier.info.id, title: classifier.info.title, classes: classifier.info.classes, head: classifier.info.head, inputShape: [h, w, ch], logitSource: classifier.info.logitSource, notice: classifier.info.notice },
      image: { source: options.image, width: image.width, height: image.height, channels: image.channels, bitDepth: image.bitDepth, ...(slice ? { slice } : {}) },
      backend: backend.name,
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
    const top = eigen.eigenvalues.slice(0, Math.max(r, 1));
    return [
      `model ${classifier.info.id} (${classifier.info.head}, ${c} classes) on ${backend.name}`,
      `probabilities ${Array.from(eigen.probabilities, (p, i) => `${classifier.info.classes[i]}=${p.toFixed(4)}`).join(' ')}`,
      `eigenvalues ${Array.from(top, (v) => v.toExponential(4)).join(' ')} (rank ${eigen.rank})`,
      ...extensions.summary,
      `wrote ${out}/result.json and ${5 + extensions.files.length} .npy files (k = ${k}) in ${result.timingsMs.total.toFixed(0)} ms`,
    ].join('\n');
  } finally {
    classifier.dispose();
  }
}
