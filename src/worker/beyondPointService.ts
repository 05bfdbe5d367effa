import type { ModelMetadata, UnitImage } from '../core';
import { toModelInput } from '../core';
import { neighbourhoodPoint } from '../core/neighbourhoodFisher';
import { principalAngles } from '../core/principalAngles';
import { roiFisherAnalysis } from '../core/roiFisher';
import { applyViewingChange } from '../core/viewingChange';
import { defaultPreprocessing } from '../engine/analyzeDecodedImage';
import type { ImageAnalysis } from '../engine/analyzeImage';
import { analyzeImage } from '../engine/analyzeImage';
import type { Classifier } from '../engine/classifier';
import { modeValidityRadii } from '../engine/klAlongDirection';
import { neighbourhoodFisher } from '../engine/neighbourhoodJacobians';
import type { BeyondPointApi } from './beyondPointProtocol';

/** The Jacobian of the last analysis is kept for region requests up to this size; above, it is recomputed. */
export const KEPT_JACOBIAN_MAX_BYTES = 256 * 1024 * 1024;

/** As the CLI (analyzeExtensions.ts): radii of at most this many modes. */
export const MAX_VALIDITY_MODES = 32;

/** The last analysis as the service keeps it: what every request below starts from. */
export interface LastAnalysis {
  readonly image: UnitImage;
  readonly xModelSpace: Float32Array;
  /** null when it was larger than KEPT_JACOBIAN_MAX_BYTES (recomputed on request). */
  readonly analysis: Pick<ImageAnalysis, 'logits' | 'eigen'> & { readonly jacobian: Float32Array | null };
}

export interface BeyondPointDeps {
  readonly classifier: () => Classifier;
  readonly metadata: () => ModelMetadata | null;
  readonly last: () => LastAnalysis;
  readonly checkCancelled: () => void;
  /** Loads a second model (compare's model B); the caller disposes it. Absent: two-model compare is refused. */
  readonly loadClassifier?: (modelJsonUrl: string) => Promise<{ readonly classifier: Classifier; readonly metadata: ModelMetadata | null }>;
}

/** What the service keeps of an analysis: a copy of the image, x and the numbers; J only when small. */
export function keepLastAnalysis(image: UnitImage, xModelSpace: Float32Array, analysis: ImageAnalysis): LastAnalysis {
  const jacobian = analysis.jacobian.byteLength <= KEPT_JACOBIAN_MAX_BYTES ? analysis.jacobian : null;
  // Copies: the payload built from the same analysis transfers its arrays to the page (detaching them here).
  const e = analysis.eigen;
  const eigen = {
    ...e,
    probabilities: Float64Array.from(e.probabilities),
    logitGram: { ...e.logitGram, data: Float64Array.from(e.logitGram.data) },
    fisherGram: { ...e.fisherGram, data: Float64Array.from(e.fisherGram.data) },
    eigenvalues: Float64Array.from(e.eigenvalues),
    gramEigenvectors: { ...e.gramEigenvectors, data: Float64Array.from(e.gramEigenvectors.data) },
    modeClassWeights: Float64Array.from(e.modeClassWeights),
  };
  return { image, xModelSpace: Float32Array.from(xModelSpace), analysis: { logits: Float32Array.from(analysis.logits), eigen, jacobian } };
}

export function createBeyondPointService(deps: BeyondPointDeps): BeyondPointApi {
  const fullAnalysis = async (): Promise<Pick<ImageAnalysis, 'logits' | 'eigen' | 'jacobian'>> => {
    const { analysis, xModelSpace } = deps.last();
    if (analysis.jacobian) return { ...analysis, jacobian: analysis.jacobian };
    // Too large to keep: recompute it for this request, then let it go.
    return analyzeImage(deps.classifier(), xModelSpace, { checkCancelled: deps.checkCancelled });
  };

  return {
    async regionFisher({ maskModelSpace }) {
      const model = deps.classifier();
      const n = deps.last().xModelSpace.length;
      if (maskModelSpace.length !== n) throw new RangeError(`the region mask has ${maskModelSpace.length} values; the model input has ${n}`);
      const { jacobian, logits, eigen } = await fullAnalysis();
      const roi = roiFisherAnalysis({ jacobian: { classes: eigen.eigenvalues.length, inputSize: n, rows: jacobian }, logits, head: model.info.head, mask: maskModelSpace, full: eigen });
      return {
        insideValues: roi.insideCount,
        insideFraction: roi.insideCount / n,
        eigenvalues: roi.eigen.eigenvalues,
        rank: roi.eigen.rank,
        traceFisher: roi.eigen.traceFisher,
        traceShare: roi.traceShare,
        energyInRoi: roi.energyInRoi,
        leadingEigenvector: roi.eigen.modeCount > 0 ? Float32Array.from(roi.eigen.imageEigenvectors.subarray(0, n)) : null,
        eigenvectors: Float32Array.from(roi.eigen.imageEigenvectors.subarray(0, roi.eigen.modeCount * n)),
        modeCount: roi.eigen.modeCount,
      };
    },

    async validityRadii({ maxModes }) {
      const { xModelSpace, analysis } = deps.last();
      const count = Math.min(analysis.eigen.modeCount, maxModes ?? MAX_VALIDITY_MODES, MAX_VALIDITY_MODES);
      const radii = await modeValidityRadii(deps.classifier(), xModelSpace, analysis.logits, analysis.eigen, count, { checkCancelled: deps.checkCancelled });
      return {
        tolerance: 0.2,
        epsilon: radii.map((r) => r.radius),
        status: radii.map((r) => r.status),
        ratioAtRadius: radii.map((r) => r.ratioAtRadius),
        forwardPasses: radii.reduce((s, r) => s + r.evaluations, 0),
      };
    },

    async neighbourhoodFisher({ samples, sigma, seed }) {
      const result = await neighbourhoodFisher(deps.classifier(), deps.last().xModelSpace, { samples, sigma, seed, maxModes: 0, checkCancelled: deps.checkCancelled });
      return { M: samples, sigma, seed, eigenvalues: Array.from(result.eigenvalues), rank: result.rank, traceFisher: result.traceFisher };
    },

    async compareSubspaces(request) {
      const modelA = deps.classifier();
      let b: { readonly classifier: Classifier; readonly metadata: ModelMetadata | null } | null = null;
      if (request.modelB) {
        if (!deps.loadClassifier) throw new Error('this engine cannot load a second model');
        b = await deps.loadClassifier(request.modelB.modelJsonUrl);
      }
      try {
        const modelB = b?.classifier ?? modelA;
        const shapeA = modelA.info.inputShape;
        const shapeB = modelB.info.inputShape;
        if (shapeA.join('×') !== shapeB.join('×')) {
          throw new RangeError(
            `${modelA.info.id} takes ${shapeA.join('×')} inputs and ${modelB.info.id} takes ${shapeB.join('×')}: principal angles compare directions in one input space, so model B must take A's input size`,
          );
        }
        const { image, xModelSpace: xA, analysis } = deps.last();
        const [height, width, channels] = shapeB;
        const pre = (b ? b.metadata : deps.metadata())?.preprocessing ?? defaultPreprocessing(channels);
        const imageB = applyViewingChange(request.imageB ?? image, request.change);
        let xB = toModelInput(imageB, { height, width, channels: channels as 1 | 3, mean: pre.mean, std: pre.std, resize: pre.resize });
        if (request.noiseSigma !== undefined) xB = neighbourhoodPoint(xB, request.noiseSigma, request.seed, 0);
        const analysisB = await analyzeImage(modelB, xB, { checkCancelled: deps.checkCancelled });
        const ra = analysis.eigen.modeCount;
        const rb = analysisB.eigen.modeCount;
        const k = Math.min(request.topK ?? Math.min(ra, rb), ra, rb);
        const n = xA.length;
        const angles = principalAngles(analysis.eigen.imageEigenvectors, k, analysisB.eigen.imageEigenvectors, k, n);
        let distance = 0;
        for (let i = 0; i < n; i++) distance += (xA[i] - xB[i]) ** 2;
        return {
          a: { model: modelA.info.id, probabilities: Array.from(analysis.eigen.probabilities), eigenvalues: Array.from(analysis.eigen.eigenvalues), rank: analysis.eigen.rank },
          b: {
            model: request.modelB?.id ?? modelB.info.id,
            image: request.imageBName ?? 'the same image',
            probabilities: Array.from(analysisB.eigen.probabilities),
            eigenvalues: Array.from(analysisB.eigen.eigenvalues),
            rank: analysisB.eigen.rank,
            change: {
              noiseSigma: request.noiseSigma ?? null,
              seed: request.noiseSigma === undefined ? null : request.seed,
              window: request.change.window ?? null,
              scale: request.change.scale ?? null,
            },
          },
          inputDistanceL2: Math.sqrt(distance),
          k,
          anglesDegrees: Array.from(angles.degrees),
          cosines: Array.from(angles.cosines),
          display: {
            inputShape: [shapeA[0], shapeA[1], shapeA[2]],
            xModelSpaceA: Float32Array.from(xA),
            xModelSpaceB: Float32Array.from(xB),
            leadingA: ra > 0 ? Float32Array.from(analysis.eigen.imageEigenvectors.subarray(0, n)) : null,
            leadingB: rb > 0 ? Float32Array.from(analysisB.eigen.imageEigenvectors.subarray(0, n)) : null,
          },
        };
      } finally {
        b?.classifier.dispose();
      }
    },
  };
}
