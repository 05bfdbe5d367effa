import type { ModelMetadata, UnitImage } from '../../core';
import { neighbourhoodLimits } from '../../core/neighbourhoodFisher';
import { roiFisherAnalysis } from '../../core/roiFisher';
import type { DecodedImageAnalysis } from '../../engine/analyzeDecodedImage';
import type { Classifier } from '../../engine/classifier';
import { modeValidityRadii } from '../../engine/klAlongDirection';
import { neighbourhoodFisher } from '../../engine/neighbourhoodJacobians';
import { encodeNpyFloat32 } from '../../io/npy';
import { CliError } from '../cliError';
import { wholeNumber } from './cliNumbers';
import { readRoiMask } from './roiMask';

/**
 * The analyses beyond the paper's point iFIM (docs/method.md), as optional additions to
 * `ifim analyze`: region-restricted Fisher (--roi), neighbourhood-averaged Fisher
 * (--neighbourhood/--sigma/--seed) and validity radii (--validity-radius).
 */
export interface AnalyzeExtensionOptions {
  readonly roi?: string;
  readonly neighbourhood?: { readonly samples: number; readonly sigma: number; readonly seed: number };
  readonly validityRadius?: boolean;
}

/** The flags, for main.ts's parseArgs. */
export const ANALYZE_EXTENSION_FLAGS = {
  roi: { type: 'string' },
  neighbourhood: { type: 'string' },
  sigma: { type: 'string' },
  seed: { type: 'string' },
  'validity-radius': { type: 'boolean' },
} as const;

/** The most modes whose validity radius is searched (each costs ~20 forward passes of 2 images). */
export const MAX_VALIDITY_MODES = 32;

/** neighbourhood-eigenvectors.npy holds at most this many modes (rank can reach M·C; each mode is N floats). */
export const MAX_NEIGHBOURHOOD_MODES_WRITTEN = 32;

export function analyzeExtensionOptions(values: Record<string, string | boolean | undefined>): AnalyzeExtensionOptions {
  const text = (name: string) => (typeof values[name] === 'string' ? (values[name] as string) : undefined);
  const samples = wholeNumber(text('neighbourhood'), 'neighbourhood', 'analyze', 1);
  const sigmaText = text('sigma');
  if (samples === undefined && (sigmaText !== undefined || text('seed') !== undefined)) {
    throw new CliError('ifim analyze: --sigma and --seed belong to --neighbourhood M; give M too');
  }
  let neighbourhood: AnalyzeExtensionOptions['neighbourhood'];
  if (samples !== undefined) {
    if (sigmaText === undefined) throw new CliError('ifim analyze: --neighbourhood needs --sigma S, the noise standard deviation in model input space');
    const sigma = Number(sigmaText);
    if (sigmaText.trim() === '' || !Number.isFinite(sigma) || sigma < 0) throw new CliError(`ifim analyze: --sigma must be a number ≥ 0, not "${sigmaText}"`);
    neighbourhood = { samples, sigma, seed: wholeNumber(text('seed'), 'seed', 'analyze') ?? 1 };
  }
  return { roi: text('roi'), neighbourhood, validityRadius: values['validity-radius'] === true };
}

export interface PreparedExtensions {
  readonly options: AnalyzeExtensionOptions;
  readonly roiMask: Uint8Array | null;
}

/** Everything that can be refused before the analysis: the mask file, the neighbourhood's memory. */
export async function prepareAnalyzeExtensions(
  options: AnalyzeExtensionOptions,
  classifier: Classifier,
  image: UnitImage,
  preprocessing: ModelMetadata['preprocessing'] | null,
): Promise<PreparedExtensions> {
  const shape = classifier.info.inputShape;
  if (options.neighbourhood) {
    const problem = neighbourhoodLimits(options.neighbourhood.samples, classifier.info.classes.length, shape[0] * shape[1] * shape[2]);
    if (problem) throw new CliError(`ifim analyze: --neighbourhood ${options.neighbourhood.samples}: ${problem}`);
  }
  const roiMask = options.roi ? await readRoiMask(options.roi, image, shape, preprocessing?.resize ?? 'bilinear') : null;
  return { options, roiMask };
}

export interface ExtensionOutput {
  /** Fields added to result.json. */
  readonly json: Record<string, unknown>;
  /** Entries added to result.json's `files`. */
  readonly fileNames: Record<string, string>;
  readonly files: ReadonlyArray<readonly [string, Uint8Array]>;
  readonly summary: string[];
}

export async function runAnalyzeExtensions(prepared: PreparedExtensions, classifier: Classifier, analysis: DecodedImageAnalysis): Promise<ExtensionOutput> {
  const { options, roiMask } = prepared;
  const [h, w, ch] = classifier.info.inputShape;
  const n = h * w * ch;
  const { eigen } = analysis;
  const json: Record<string, unknown> = {};
  const fileNames: Record<string, string> = {};
  const files: Array<readonly [string, Uint8Array]> = [];
  const summary: string[] = [];

  if (roiMask) {
    const roi = roiFisherAnalysis({
      jacobian: { classes: eigen.eigenvalues.length, inputSize: n, rows: analysis.jacobian },
      logits: analysis.logits,
      head: classifier.info.head,
      mask: roiMask,
      full: eigen,
    });
    json.roi = {
      source: options.roi,
      insideValues: roi.insideCount,
      insideFraction: roi.insideCount / n,
      eigenvalues: Array.from(roi.eigen.eigenvalues),
      rank: roi.eigen.rank,
      traceFisher: roi.eigen.traceFisher,
      traceShare: roi.traceShare,
      energyInRoi: Array.from(roi.energyInRoi),
    };
    fileNames.roiMask = 'roi-mask.npy';
    fileNames.roiEigenvectors = 'roi-eigenvectors.npy';
    files.push(['roi-mask.npy', encodeNpyFloat32(roiMask, [h, w, ch])]);
    files.push(['roi-eigenvectors.npy', encodeNpyFloat32(roi.eigen.imageEigenvectors, [roi.eigen.modeCount, h, w, ch])]);
    summary.push(
      `ROI ${options.roi}: ${(100 * roi.insideCount / n).toFixed(1)}% of the input holds ${(100 * roi.traceShare).toFixed(1)}% of tr F; ` +
        `λ_M ${Array.from(roi.eigen.eigenvalues.slice(0, Math.max(roi.eigen.rank, 1)), (v) => v.toExponential(3)).join(' ')}`,
    );
  }

  if (options.neighbourhood) {
    const { samples, sigma, seed } = options.neighbourhood;
    const result = await neighbourhoodFisher(classifier, analysis.xModelSpace, { samples, sigma, seed, maxModes: MAX_NEIGHBOURHOOD_MODES_WRITTEN });
    json.neighbourhood = { M: samples, sigma, seed, eigenvalues: Array.from(result.eigenvalues), rank: result.rank, traceFisher: result.traceFisher, modesWritten: result.modeCount };
    fileNames.neighbourhoodEigenvectors = 'neighbourhood-eigenvectors.npy';
    files.push(['neighbourhood-eigenvectors.npy', encodeNpyFloat32(result.imageEigenvectors, [result.modeCount, h, w, ch])]);
    summary.push(`neighbourhood M = ${samples}, σ = ${sigma}: rank ${result.rank}, λ̄ ${Array.from(result.eigenvalues.slice(0, Math.min(result.rank, 6)), (v) => v.toExponential(3)).join(' ')}`);
  }

  if (options.validityRadius) {
    const count = Math.min(eigen.modeCount, MAX_VALIDITY_MODES);
    const radii = await modeValidityRadii(classifier, analysis.xModelSpace, analysis.logits, eigen, count);
    json.validityRadius = {
      tolerance: 0.2,
      epsilon: radii.map((r) => r.radius),
      status: radii.map((r) => r.status),
      ratioAtRadius: radii.map((r) => r.ratioAtRadius),
      forwardPasses: radii.reduce((s, r) => s + r.evaluations, 0),
    };
    summary.push(`validity radius (KL within 20% of ½ε²λ) ${radii.map((r) => (r.radius === null ? '—' : `${r.status === 'at-least' ? '≥' : ''}${r.radius.toPrecision(3)}`)).join(' ')}`);
  }
  return { json, fileNames, files, summary };
}
