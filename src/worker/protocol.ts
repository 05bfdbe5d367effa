import type { BackendPreference, BackendReport } from '../engine/backendNames';
import type { HeadSource, HeadType, InferredMetadata, ModelMetadata, UnitImage } from '../core';
import type { JacobianMemoryEstimate } from '../engine/jacobianMemory';
import type { ModelGraphSummary as ModelGraphSummaryRecord } from '../engine/classifierModel';
import type { PerturbationFamily, SlopeFit } from '../core/perturbation';
import type { AttributionMap, AttributionSpec } from '../engine/attribution/types';
import type { BeyondPointApi } from './beyondPointProtocol';
export type * from './beyondPointProtocol';

// The backend vocabulary, re-exported so that the main thread (store, app) names backends without
// importing src/engine (backendNames.ts itself has no TF.js import).
export type { BackendName, BackendPreference, BackendReport } from '../engine/backendNames';
export { BACKEND_NAMES, parseBackendPreference } from '../engine/backendNames';
// Load errors keep their code across the worker boundary in the error's name; the main thread reads
// it back with modelLoadErrorInfo (modelLoadError.ts has no TF.js import).
export type { ModelLoadErrorCode, ModelLoadErrorInfo } from '../engine/modelLoadError';
export { MODEL_LOAD_ERROR_CODES, modelLoadErrorInfo } from '../engine/modelLoadError';
export type { JacobianMemoryEstimate } from '../engine/jacobianMemory';
export type { PerturbationFamily, SlopeFit } from '../core/perturbation';
export type { AttributionMap, AttributionMethod, AttributionSpec } from '../engine/attribution/types';

/**
 * What crosses the worker boundary: plain records of typed arrays (transferred, not copied).
 * Shared by the worker entry, the client and the main-thread fallback.
 */
export type AnalysisPhase = 'preprocess' | 'forward' | 'jacobian' | 'eigen' | 'projection';

export interface ModelSummary {
  readonly id: string;
  readonly title: string;
  readonly classes: readonly string[];
  readonly head: HeadType;
  readonly inputShape: readonly [number, number, number];
  readonly logitSource: 'model-logits' | 'log-probabilities';
  readonly notice: string | null;
  /** metadata.json's, or (metadataSource 'inferred') the inferred one; null only for summaries built before inference existed. */
  readonly metadata: ModelMetadata | null;
  readonly metadataSource?: 'file' | 'inferred';
  /** For inferred metadata: which fields the model gave and which are defaults a form should ask. */
  readonly inference?: InferredMetadata | null;
  readonly format?: 'layers-model' | 'graph-model' | 'onnx';
  /** Inputs, outputs and op counts of an ONNX model file. */
  readonly graph?: ModelGraphSummaryRecord;
  /** How the head was decided; 'assumed' means the form should ask. */
  readonly headSource?: HeadSource;
  /** The model's file (path or URL), as error messages name it. */
  readonly source?: string;
}

/** A file for loadModelFiles: model.json, weight shards, metadata.json, or a .zip of them. */
export interface ModelFileInput {
  readonly name: string;
  readonly bytes: Uint8Array;
}

export interface AnalysisRequest {
  readonly image: UnitImage;
  /** Keep at most this many image-space modes (default: all numerically nonzero ones). */
  readonly maxModes?: number;
  /** What the file says about its image (a DICOM Modality and Photometric Interpretation), for the domain check. */
  readonly source?: { readonly modality?: string | null; readonly photometricInterpretation?: string | null };
}

export interface AnalysisPayload {
  readonly modelId: string;
  readonly classes: readonly string[];
  readonly head: HeadType;
  readonly inputShape: readonly [number, number, number];
  /** The exact tensor the model saw, H×W×Ch. */
  readonly xModelSpace: Float32Array;
  readonly logits: Float32Array;
  readonly probabilities: Float64Array;
  /** C×C row-major: J Jᵀ and K. */
  readonly logitGram: Float64Array;
  readonly fisherGram: Float64Array;
  /** All C eigenvalues of K, descending. */
  readonly eigenvalues: Float64Array;
  /** C×C row-major, column i is u_i. */
  readonly gramEigenvectors: Float64Array;
  readonly rank: number;
  readonly traceFisher: number;
  readonly modeCount: number;
  /** modeCount × N, row-major, float32 for display and transfer. */
  readonly imageEigenvectors: Float32Array;
  /** modeCount × C: v_i = Σ_c w_i[c] ∇x z_c. */
  readonly modeClassWeights: Float64Array;
  /** v_iᵀ x for each kept mode. */
  readonly coefficients: Float64Array;
  readonly timingsMs: { preprocess: number; forward: number; jacobian: number; eigen: number; projection: number; total: number };
  readonly tensors: { before: number; after: number };
  /** Why this result may not be trusted (src/core/domainCheck.ts), as result.json's `warnings`. */
  readonly warnings?: readonly { readonly code: string; readonly message: string }[];
}

export interface ForwardResult {
  readonly logits: Float32Array;
  readonly probabilities: Float64Array;
}

/** The analysis service: implemented once, run in a worker or (fallback) on the main thread. */
export interface AnalysisApi extends BeyondPointApi {
  init(backend: BackendPreference): Promise<BackendReport>;
  /** Loads `<modelJsonUrl>` (or a .zip URL) and, if present, `metadata.json` beside it. Replaces the current model only on success. */
  loadModel(modelJsonUrl: string): Promise<ModelSummary>;
  /**
   * Loads a model from files the user gave (model.json + shards + optional metadata.json, or a
   * zip). Replaces the current model only on success; failures reject with a ModelLoadError whose
   * code modelLoadErrorInfo reads.
   */
  loadModelFiles(files: readonly ModelFileInput[]): Promise<ModelSummary>;
  /** Applies metadata (e.g. the completed inference form) to the loaded model; rejects on a mismatch and changes nothing. */
  applyMetadata(metadata: ModelMetadata): Promise<ModelSummary>;
  /** Memory the Jacobian of the loaded model needs, for `classesAnalysed` rows (default: all classes). */
  jacobianMemory(classesAnalysed?: number): Promise<JacobianMemoryEstimate>;
  analyze(request: AnalysisRequest, onPhase?: (phase: AnalysisPhase) => void): Promise<AnalysisPayload>;
  /** Logits of one image already in model input space (for walking along a mode). */
  forward(xModelSpace: Float32Array): Promise<ForwardResult>;
  /** Cancels the analysis in flight, if any; it rejects with an AbortError-named Error. */
  cancel(): void;
  memory(): Promise<{ numTensors: number; numBytes: number }>;

  // The evidence studies: on the loaded model and the image of the last analysis (the service
  // keeps its x in model space). Each is cancelled by cancel() (rejects with an AbortError-named
  // Error); progress is polled with studyProgress(), so no callback has to cross the worker.
  /** The per-image perturbation study (engine perturbationStudy). */
  perturbationStudy(request: EvidenceStudyRequest): Promise<EvidenceStudyResult>;
  /** Attribution maps for the specs (the iFIM maps among them); the service keeps them for deletionInsertion. */
  attribution(request: AttributionRequest): Promise<AttributionMap[]>;
  /** Deletion/insertion areas of the maps of the last attribution() call, plus a random row. */
  deletionInsertion(request?: { readonly steps?: number }): Promise<EvidenceDeletionRow[]>;
  /** Cascading randomisation (Adebayo et al. 2018) of the specs' maps; needs a layers model. */
  sanityCheck(request: SanityRequest): Promise<EvidenceSanityResult>;
  /**
   * The data-set study (engine datasetStudy) on `count` held-out images of the loaded model's demo
   * task (metadata.task.id), generated in the worker, or on the user's images (`files`: bytes
   * decoded in the worker, labels from a CSV): accuracy and AUC against ε per family. Needs no
   * analysed image; rejects when the model names no demo task and no files are given.
   */
  datasetStudy(request: DatasetStudyRequest): Promise<DatasetStudyPayload>;
  /** The running study's progress, 0 … 1, and what it is doing; null when none runs. */
  studyProgress(): Promise<StudyProgress | null>;
  /**
   * The top-m analysis (engine analyzeImageTopClasses, docs/many-classes.md) of the last analysed
   * image: the m kept classes and the estimated share of tr F they capture.
   */
  topClassAnalysis(request: TopClassRequest): Promise<TopClassPayload>;
}

export interface TopClassRequest {
  /** m, the classes analysed exactly (default: the engine's). */
  readonly keptClasses?: number;
  readonly samples?: number;
  readonly seed?: number;
}

export interface TopClassPayload {
  readonly modelId: string;
  readonly classCount: number;
  /** The kept classes, by weight, with their probability (softmax) or q(1−q) (sigmoid). */
  readonly kept: readonly { readonly name: string; readonly weight: number }[];
  readonly keptTrace: number;
  readonly traceFisher: { readonly value: number; readonly standardError: number };
  /** tr F_T / tr F. */
  readonly share: { readonly value: number; readonly standardError: number };
  readonly sampleCount: number;
  readonly eigenvalues: readonly number[];
  readonly seconds: number;
}

export interface StudyProgress {
  readonly fraction: number;
  readonly label: string;
}

export interface EvidenceStudyRequest {
  readonly epsilons: readonly number[];
  readonly draws: number;
  readonly k: number;
  readonly seed: number;
  readonly families?: readonly PerturbationFamily[];
}

/** One (family, ε, draw) outcome of the study. */
export interface EvidenceRecord {
  readonly family: PerturbationFamily;
  readonly epsilon: number;
  readonly draw: number;
  readonly kl: number;
  readonly deltaP: number;
  readonly flipped: boolean;
  /** leading: ½ ε² Σ u_i² λ_i; null for the other families. */
  readonly predictedKl: number | null;
}

export interface EvidenceStudyResult {
  readonly modelId: string;
  readonly epsilons: readonly number[];
  readonly draws: number;
  readonly records: readonly EvidenceRecord[];
  readonly eigenvalues: Float64Array;
  readonly kUsed: number;
  readonly highNorm: number;
  readonly noiseFloor: number;
  readonly slopes: Partial<Record<PerturbationFamily, SlopeFit>>;
  readonly skipped: ReadonlyArray<{ readonly family: PerturbationFamily; readonly reason: string }>;
  readonly seconds: number;
}

export interface AttributionRequest {
  readonly specs: readonly AttributionSpec[];
  /** The class explained (default: the predicted one). */
  readonly target?: number;
}

export interface EvidenceDeletionRow {
  readonly label: string;
  readonly deletionArea: number;
  readonly insertionArea: number;
}

export interface SanityRequest {
  readonly specs: readonly AttributionSpec[];
  /** Randomise at most this many layers, top down (default: all). */
  readonly maxStages?: number;
  readonly seed?: number;
}

export interface EvidenceSanityResult {
  readonly target: number;
  readonly rows: ReadonlyArray<{ readonly stage: number; readonly layer: string; readonly label: string; readonly spearman: number; readonly ssim: number }>;
}

export interface DatasetStudyRequest extends EvidenceStudyRequest {
  /** Images of the demo task to generate (ignored when `files` is given). */
  readonly count: number;
  /** Instead of the demo task: the user's images and a labels CSV (io/labelsCsv rules). */
  readonly files?: DatasetFilesSource;
}

/** Images (their bytes, transferred to the worker) and the labels CSV that names them. */
export interface DatasetFilesSource {
  readonly csv: string;
  readonly csvName: string;
  /** `name`: the file name, or its path inside the picked folder. */
  readonly images: readonly { readonly name: string; readonly bytes: ArrayBuffer }[];
}

export interface DatasetStudyRow {
  readonly family: PerturbationFamily;
  /** ε for the ε families; the mean |x_high(k)| over the images for the removals. */
  readonly epsilon: number;
  readonly accuracy: number;
  readonly auc: number;
}

export interface DatasetStudyPayload {
  readonly modelId: string;
  /** The demo task the images were generated from; null for the user's images. */
  readonly taskId: string | null;
  readonly count: number;
  /** The generator seed of the images (the held-out one); null for the user's images. */
  readonly dataSeed: number | null;
  /** Where the images came from, in words. */
  readonly source: string;
  readonly epsilons: readonly number[];
  readonly draws: number;
  /** The unperturbed set. */
  readonly clean: { readonly accuracy: number; readonly auc: number };
  readonly table: readonly DatasetStudyRow[];
  /** Pooled small-ε slope of log KL per ε family. */
  readonly slopes: Partial<Record<PerturbationFamily, SlopeFit>>;
  readonly noiseFloor: number;
  readonly seconds: number;
}
