import type { ModelMetadata } from '../core';
import { parseModelMetadata, probabilitiesFromLogits } from '../core';
import type { BackendPreference, BackendReport } from '../engine/backendNames';
import type { BackendPlatform } from '../engine/backendSelection';
import { selectBackend } from '../engine/backendSelection';
import type { Classifier } from '../engine/classifier';
import { forwardLogits } from '../engine/analyzeImage';
import { analyzeDecodedImage } from '../engine/analyzeDecodedImage';
import { jacobianMemoryEstimate } from '../engine/jacobianMemory';
import type { LoadedClassifier } from '../engine/loadModel';
import { classifierFromModelFiles } from '../engine/loadModel';
import { modelFilesFromUrl, tensorMemory } from '../engine/modelArtifactsFromUrl';
import type { ModelFromFiles } from '../engine/modelFromFiles';
import { artifactsFromFiles } from '../engine/modelFromFiles';
import { createEvidenceService } from './evidenceService';
import type { LastAnalysis } from './beyondPointService';
import { createBeyondPointService, keepLastAnalysis } from './beyondPointService';
import { analyzeImageTopClasses, DEFAULT_KEPT_CLASSES } from '../engine/topClassFisher';
import { ModelLoadError } from '../engine/modelLoadError';
import type { AnalysisApi, AnalysisPayload, AnalysisPhase, AnalysisRequest, ForwardResult, ModelSummary } from './protocol';

/**
 * The analysis commands, independent of where they run: the worker entry exposes an instance, and
 * the client falls back to one on the main thread when no worker can start.
 */
export function createAnalysisService(platform: BackendPlatform, fetchImpl: typeof fetch = fetch): AnalysisApi {
  let classifier: Classifier | null = null;
  let metadata: ModelMetadata | null = null;
  let metadataSource: 'file' | 'inferred' = 'file';
  let inference: LoadedClassifier['inference'] = null;
  let source = '';
  let backendReport: BackendReport | null = null;
  let cancelRequested = false;
  // For the evidence studies: the artifacts (Grad-CAM and the randomisation rebuild the layer graph
  // from them) and x of the last analysis, copied before the payload's buffers are transferred.
  let artifacts: ModelFromFiles['artifacts'] | null = null;
  let lastX: Float32Array | null = null;
  // For the region, radius, neighbourhood and compare requests (beyondPointService.ts).
  let last: LastAnalysis | null = null;

  const requireClassifier = (): Classifier => {
    if (!classifier) throw new Error('no model is loaded');
    return classifier;
  };

  const summary = (model: Classifier): ModelSummary => ({
    ...model.info,
    inputShape: model.info.inputShape,
    classes: [...model.info.classes],
    metadata,
    metadataSource,
    inference,
    source,
  });

  // The new classifier is fully built (and checked) before this runs: a failed load leaves the
  // current one in place.
  const install = (loaded: LoadedClassifier, from: ModelFromFiles): ModelSummary => {
    classifier?.dispose();
    artifacts = from.artifacts;
    lastX = null;
    last = null;
    classifier = loaded.classifier;
    metadata = loaded.metadata;
    metadataSource = loaded.metadataSource;
    inference = loaded.inference;
    source = loaded.source;
    return summary(loaded.classifier);
  };

  const evidence = createEvidenceService({
    classifier: requireClassifier,
    x: () => {
      if (!lastX) throw new Error('no image has been analysed with this model yet');
      return lastX;
    },
    artifacts: () => artifacts,
    metadata: () => metadata,
  });

  const beyond = createBeyondPointService({
    classifier: requireClassifier,
    metadata: () => metadata,
    // Compare's model B: loaded for the one request, beside the current model, then disposed.
    loadClassifier: async (modelJsonUrl) => {
      const loaded = await classifierFromModelFiles(artifactsFromFiles(await modelFilesFromUrl(modelJsonUrl, fetchImpl)));
      return { classifier: loaded.classifier, metadata: loaded.metadata };
    },
    last: () => {
      if (!last) throw new Error('no image has been analysed with this model yet');
      return last;
    },
    checkCancelled: () => {
      if (cancelRequested) {
        const error = new Error('the request was cancelled');
        error.name = 'AbortError';
        throw error;
      }
    },
  });

  return {
    ...evidence.api,
    // Each starts uncancelled (a cancel of an earlier request must not stop this one).
    regionFisher: (r) => ((cancelRequested = false), beyond.regionFisher(r)),
    validityRadii: (r) => ((cancelRequested = false), beyond.validityRadii(r)),
    neighbourhoodFisher: (r) => ((cancelRequested = false), beyond.neighbourhoodFisher(r)),
    compareSubspaces: (r) => ((cancelRequested = false), beyond.compareSubspaces(r)),
    async topClassAnalysis(request) {
      const model = requireClassifier();
      if (!lastX) throw new Error('no image has been analysed with this model yet');
      const started = performance.now();
      const m = request.keptClasses ?? DEFAULT_KEPT_CLASSES;
      if (!Number.isInteger(m) || m < 1 || m > model.info.classes.length) throw new RangeError(`m must be a whole number from 1 to ${model.info.classes.length}`);
      const result = await analyzeImageTopClasses(model, lastX, { keptClasses: m, samples: request.samples, seed: request.seed, maxModes: 8 });
      const f = result.fisher;
      const kept = [...f.kept].map((c) => ({ name: model.info.classes[c] ?? String(c), weight: f.head === 'softmax' ? f.probabilities[c] : f.probabilities[c] * (1 - f.probabilities[c]) }));
      return {
        modelId: model.info.id,
        classCount: model.info.classes.length,
        kept,
        keptTrace: f.keptTrace,
        traceFisher: { value: f.traceFisher.value, standardError: f.traceFisher.standardError },
        share: { value: f.share.value, standardError: f.share.standardError },
        sampleCount: f.sampleCount,
        eigenvalues: [...f.eigenvalues.slice(0, 8)],
        seconds: (performance.now() - started) / 1000,
      };
    },
    async init(backend: BackendPreference): Promise<BackendReport> {
      backendReport = await selectBackend(backend, platform);
      return backendReport;
    },

    async loadModel(modelJsonUrl: string): Promise<ModelSummary> {
      if (!backendReport) throw new Error('the engine has not been initialised');
      const files = artifactsFromFiles(await modelFilesFromUrl(modelJsonUrl, fetchImpl));
      return install(await classifierFromModelFiles(files), files);
    },

    async loadModelFiles(files): Promise<ModelSummary> {
      if (!backendReport) throw new Error('the engine has not been initialised');
      const model = artifactsFromFiles(files);
      return install(await classifierFromModelFiles(model), model);
    },

    async applyMetadata(next: ModelMetadata): Promise<ModelSummary> {
      const model = requireClassifier();
      let checked: ModelMetadata;
      try {
        checked = parseModelMetadata(next, 'metadata');
      } catch (error) {
        throw new ModelLoadError('metadata-invalid', error instanceof Error ? error.message : String(error), 'metadata.json');
      }
      model.applyMetadata(checked);
      metadata = checked;
      metadataSource = 'file';
      inference = null;
      return summary(model);
    },

    async jacobianMemory(classesAnalysed?: number) {
      const model = requireClassifier();
      return jacobianMemoryEstimate(model, classesAnalysed);
    },

    async analyze(request: AnalysisRequest, onPhase?: (phase: AnalysisPhase) => void): Promise<AnalysisPayload> {
      const model = requireClassifier();
      cancelRequested = false;
      const checkCancelled = (): void => {
        if (cancelRequested) {
          const error = new Error('the analysis was cancelled');
          error.name = 'AbortError';
          throw error;
        }
      };
      const result = await analyzeDecodedImage(model, metadata?.preprocessing ?? null, request.image, {
        maxModes: request.maxModes,
        onPhase,
        checkCancelled,
        onPreprocess: () => onPhase?.('preprocess'),
        domain: { trainingDomain: metadata?.trainingDomain, source: request.source },
      });
      const { eigen } = result;
      lastX = Float32Array.from(result.xModelSpace);
      last = keepLastAnalysis(request.image, result.xModelSpace, result);
      const payload: AnalysisPayload = {
        modelId: model.info.id,
        classes: [...model.info.classes],
        head: model.info.head,
        inputShape: model.info.inputShape,
        xModelSpace: result.xModelSpace,
        logits: result.logits,
        probabilities: eigen.probabilities,
        logitGram: eigen.logitGram.data,
        fisherGram: eigen.fisherGram.data,
        eigenvalues: eigen.eigenvalues,
        gramEigenvectors: eigen.gramEigenvectors.data,
        rank: eigen.rank,
        traceFisher: eigen.traceFisher,
        modeCount: eigen.modeCount,
        imageEigenvectors: Float32Array.from(eigen.imageEigenvectors),
        modeClassWeights: eigen.modeClassWeights,
        coefficients: result.coefficients,
        timingsMs: result.totalTimingsMs,
        tensors: result.tensors,
        warnings: result.warnings.map((w) => ({ code: w.code, message: w.message })),
      };
      return payload;
    },

    async forward(xModelSpace: Float32Array): Promise<ForwardResult> {
      const model = requireClassifier();
      const logits = await forwardLogits(model, xModelSpace, 1);
      return { logits, probabilities: probabilitiesFromLogits(model.info.head, logits) };
    },

    cancel(): void {
      cancelRequested = true;
      evidence.cancel();
    },

    async memory() {
      // Before init no backend is chosen, and tf.memory() would start the highest-priority
      // registered one (wasm) on its own, before its binaries' URLs are set: report an empty engine.
      if (!backendReport) return { numTensors: 0, numBytes: 0 };
      return tensorMemory();
    },
  };
}

/** Transferable buffers of a payload, so the worker hands them over instead of copying. */
export function payloadTransferables(p: AnalysisPayload): ArrayBuffer[] {
  return [p.xModelSpace, p.logits, p.probabilities, p.logitGram, p.fisherGram, p.eigenvalues, p.gramEigenvectors, p.imageEigenvectors, p.modeClassWeights, p.coefficients].map(
    (a) => a.buffer as ArrayBuffer,
  );
}
