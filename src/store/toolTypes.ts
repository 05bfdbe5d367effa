import type { AttributionMap, AttributionSpec, DatasetStudyPayload, EvidenceDeletionRow, EvidenceSanityResult, EvidenceStudyResult, JacobianMemoryEstimate, ModelFileInput, TopClassPayload } from '../worker/protocol';
import type { LoadProblem, MetadataDraft, RecentModel } from './tools/modelImportLogic';

/** The tools drawer's slices of the one store: model import, evidence, the top-m analysis. */

/** Above this Jacobian peak the analysis of a new model waits for a confirmation. */
export const CONFIRM_JACOBIAN_BYTES = 2 * 1024 ** 3;

export interface ModelImportSlice {
  /** What is being loaded now ("layers-twin/model.json, weights.bin"), or null. */
  readonly importBusy: string | null;
  /** The last load's problem, until the next load succeeds. */
  readonly importProblem: LoadProblem | null;
  /** The form for the loaded model's metadata; null before a model was imported. */
  readonly metadataDraft: MetadataDraft | null;
  readonly draftError: string | null;
  /** The Jacobian's memory for the model the engine holds. */
  readonly jacobianMemory: JacobianMemoryEstimate | null;
  /** A loaded model whose Jacobian needs more than CONFIRM_JACOBIAN_BYTES waits here for confirmAnalysis(). */
  readonly analysisPending: boolean;
  readonly recentModels: readonly RecentModel[];
  /** model.json + shards (+ metadata.json), or one .zip; false if it failed (importProblem says why). */
  loadModelFiles(files: readonly (File | ModelFileInput)[]): Promise<boolean>;
  loadModelUrl(url: string): Promise<boolean>;
  setDraft(patch: Partial<MetadataDraft>): void;
  /** Applies the form to the engine's model and analyses again. */
  applyDraft(): Promise<boolean>;
  /** metadata.json text of the form (validated), or null with draftError set. */
  metadataJson(): string | null;
  confirmAnalysis(): Promise<void>;
  refreshRecent(): Promise<void>;
  openRecent(key: string): Promise<boolean>;
  forgetRecent(key: string): Promise<void>;
}

export type EvidenceJobKind = 'study' | 'attribution' | 'deletion' | 'sanity' | 'dataset';

export interface StudyOptionsDraft {
  readonly epsilons: string;
  readonly draws: number;
  readonly k: number;
  readonly seed: number;
}

export interface DatasetOptionsDraft extends StudyOptionsDraft {
  /** Images of the model's demo task to generate. */
  readonly count: number;
  /** Where the labelled images come from: the demo task, or the user's files and labels CSV. */
  readonly source: 'task' | 'files';
}

/** The user's images (a picked folder or files) and their labels CSV, for the data-set study. */
export interface DatasetFiles {
  readonly images: readonly File[];
  readonly labels: File | null;
}

export interface EvidenceSlice {
  readonly studyOptions: StudyOptionsDraft;
  readonly datasetOptions: DatasetOptionsDraft;
  readonly datasetFiles: DatasetFiles;
  /** The last data-set study of the page's current model (cleared when the model changes). */
  readonly dataset: DatasetStudyPayload | null;
  /** The job running in the worker, with its progress; null when none. */
  readonly job: { readonly kind: EvidenceJobKind; readonly fraction: number; readonly label: string } | null;
  readonly evidenceError: string | null;
  /** The analysis key (model|image|revision) the results below belong to. */
  readonly evidenceKey: string | null;
  readonly study: EvidenceStudyResult | null;
  readonly maps: readonly AttributionMap[] | null;
  readonly deletionRows: readonly EvidenceDeletionRow[] | null;
  readonly sanity: EvidenceSanityResult | null;
  setStudyOptions(patch: Partial<StudyOptionsDraft>): void;
  runStudy(): Promise<void>;
  setDatasetOptions(patch: Partial<DatasetOptionsDraft>): void;
  /** Sets the images and/or the labels CSV; a .csv among the images becomes the labels when none is set. */
  setDatasetFiles(patch: Partial<DatasetFiles>): void;
  /** The data-set study on the current model's demo task; needs a model, not an analysed image. */
  runDatasetStudy(): Promise<void>;
  runAttribution(specs?: readonly AttributionSpec[]): Promise<void>;
  runDeletionInsertion(): Promise<void>;
  runSanity(maxStages?: number): Promise<void>;
  cancelEvidence(): void;
}

/** The top-m analysis (docs/many-classes.md) of the page's current image, for models with C > 32. */
export interface TopClassSlice {
  /** m as typed; empty: the engine's default. */
  readonly topClassM: string;
  readonly topClass: TopClassPayload | null;
  readonly topClassBusy: boolean;
  readonly topClassError: string | null;
  setTopClassM(text: string): void;
  runTopClass(): Promise<void>;
}
