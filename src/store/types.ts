import type { StateCreator } from 'zustand/vanilla';
import type { SlicePlane } from '../core/volume';
import type { DecodedImage } from '../io/decodeImage';
import type { IntensityPolicy } from '../io/dicom/types';
import type { PngImage } from '../io/pngDecode';
import type { DisplayWindow, DivergingMapId, Orientation, Viewport } from '../render';
import type { AnalysisClient } from '../worker/analysisClient';
import type { DecodedFile } from '../worker/imageDecodeProtocol';
import type { AnalysisPayload, AnalysisPhase, BackendPreference, BackendReport, ForwardResult, ModelSummary } from '../worker/protocol';
import type { ModelEntry, SampleEntry } from './catalog';
import type { DisplayRasters } from './displayRasters';
import type { ProjectionSeries } from './projectionSeries';
import type { TimingLog } from './timingLog';
import type { WalkRange } from './walk';
import type { EngineSession } from './engineSession';
import type { EvidenceSlice, ModelImportSlice, TopClassSlice } from './toolTypes';
import type { UrlProbe } from './tools/modelImportLogic';
import type { RecentModelStore } from './tools/recentModels';
import type { BeyondSlice } from './beyond/beyondSlice';

export type PipelineStatus = 'idle' | 'running' | 'done' | 'error';
/** What the pipeline is doing now: starting the engine, loading, or one of the analysis phases. */
export type PipelinePhase = 'starting-engine' | 'loading-catalogs' | 'loading-model' | 'loading-image' | AnalysisPhase;

/** Main-thread timings around the worker's own (AnalysisPayload.timingsMs), in ms. */
export interface ClientTimingsMs {
  readonly engineStart: number | null;
  readonly modelLoad: number | null;
  readonly imageLoad: number | null;
  /** analyze() as the page sees it: request, worker time, transfer back, derived components. */
  readonly roundTrip: number | null;
}

export interface ModelSlice {
  readonly modelCatalog: readonly ModelEntry[];
  /** The model the user asked for (URL or picker). */
  readonly modelId: string | null;
  /** The model loaded in the engine, with the id it was asked for under. */
  readonly model: { readonly id: string; readonly summary: ModelSummary } | null;
  selectModel(id: string): Promise<void>;
  /**
   * Dropped model files (model.json + shards + metadata.json, a zip, a folder's files): loaded by the
   * engine's load-from-files call; the current model stays until the new one has loaded. Problems
   * and inferred metadata are reported as notices.
   */
  onModelFilesDropped(files: readonly File[]): Promise<void>;
  /** Used by the analysis slice: loads the catalog model asked for when the engine holds another. */
  ensureModel(): Promise<ModelSlice['model']>;
  /**
   * Makes `summary` (the model the engine now holds) the page's model; with `analyse`, analyses the
   * current image with it and resolves when that analysis has finished.
   */
  adoptModel(summary: ModelSummary, options: { readonly from: string | null; readonly analyse: boolean }): Promise<void>;
}

/** Where the image came from. */
export type ImageSource =
  | { readonly kind: 'sample'; readonly sampleId: string; readonly url: string }
  | { readonly kind: 'file'; readonly name: string; readonly bytes: number };

/**
 * The file's own values, for the pixel readout and the display window: rescaled values (HU for
 * CT) for DICOM, the [0, 1] intensities for raster images (readout multiplies by `scale` to show
 * the stored integer).
 */
export interface RawImage {
  readonly width: number;
  readonly height: number;
  readonly channels: number;
  readonly data: Float32Array;
  /** 'HU' for CT, '' otherwise. */
  readonly unit: string;
  /** Raster images: 2^bits − 1 (readout shows value × scale as the stored integer); DICOM: 1. */
  readonly scale: number;
  /** Lowest and highest finite value, for the W/L drag's sensitivity. */
  readonly range: DisplayWindow;
  /** The file's first window, else the 1st–99th percentile (grayscale) or the full range (colour). */
  readonly defaultWindow: DisplayWindow;
  /** The file's own windows (DICOM VOI presets), named. */
  readonly filePresets: readonly { readonly label: string; readonly window: DisplayWindow }[];
  readonly isCt: boolean;
}

/** A demo sample's ground-truth lesion mask, for the outline over the image. */
export interface GroundTruthMask {
  readonly width: number;
  readonly height: number;
  readonly mask: Uint8Array;
  /** maskOutlineSegments(mask): normalised image coordinates. */
  readonly outline: Float32Array;
  readonly description: string | null;
}

export interface LoadedImage {
  /** The sample id, or `file:<name>#<n>` for a file. */
  readonly id: string;
  readonly source: ImageSource;
  /** What the page calls it: the sample's title or the file's name. */
  readonly name: string;
  readonly decoded: DecodedImage;
  readonly frame: number;
  readonly frameCount: number;
  /** Volumes (NIfTI, multi-frame DICOM with geometry): the plane whose slices are the frames; `frame` is the slice index. */
  readonly volumeAxis?: SlicePlane;
  /** DICOM: how the frame's values become the model's [0, 1] input; null = the file's default (as the CLI). */
  readonly modelIntensity: IntensityPolicy | null;
  /** What the model's preprocessing starts from (as the CLI's toDisplayImage). */
  readonly data: PngImage;
  readonly raw: RawImage;
  readonly groundTruth: GroundTruthMask | null;
  /** Changes whenever `data` does (another frame, another intensity mapping): part of the analysis key. */
  readonly revision: number;
}

export interface ImageSlice {
  readonly sampleCatalog: readonly SampleEntry[];
  readonly sampleId: string | null;
  readonly image: LoadedImage | null;
  /** The name of a file being decoded (the decoder runs off the main thread), or null. */
  readonly decoding: string | null;
  selectSample(id: string): Promise<void>;
  /** Decodes a file (PNG, JPEG, WebP, BMP, GIF, DICOM) and analyses it; a bad file leaves everything as it was and says why. */
  loadImageFile(file: File): Promise<void>;
  /** Multi-frame DICOM, volumes: analyse another frame (slice); the analysis starts once the choice rests (debounced). */
  selectFrame(frame: number): Promise<void>;
  /** Volumes: step the slice by `delta` (keys, wheel), clamped to the volume. */
  stepFrame(delta: number): Promise<void>;
  /** Volumes: show and analyse slices of another plane (starting at its middle slice). */
  selectVolumeAxis(axis: SlicePlane): Promise<void>;
  /** DICOM: feed the model through another intensity mapping (null: the file's default). */
  setModelIntensity(policy: IntensityPolicy | null): Promise<void>;
  /** Used by the analysis slice: loads the sample asked for when another image is shown. */
  ensureSample(): Promise<LoadedImage | null>;
}

export interface AnalysisSlice {
  readonly backendPreference: BackendPreference;
  readonly backend: BackendReport | null;
  readonly engineLocation: AnalysisClient['location'] | null;
  readonly status: PipelineStatus;
  readonly phase: PipelinePhase | null;
  readonly error: string | null;
  /** Notes that did not stop the pipeline (a bad URL parameter, a missing catalog). */
  readonly warnings: readonly string[];
  readonly payload: AnalysisPayload | null;
  /** `<model id>|<image id>|<revision>` of the payload. */
  readonly analysisKey: string | null;
  /** x, x_high(k) and x_low(k) for every k, derived once per payload. */
  readonly projections: ProjectionSeries | null;
  /** Every raster a scrub can show, built once per payload (and per colour map / threshold). */
  readonly rasters: DisplayRasters | null;
  /** The range of the walk's ε for this image. */
  readonly walkRange: WalkRange | null;
  readonly clientTimingsMs: ClientTimingsMs;
  /** Draw timings of the page (scrub updates), mutated in place: reading it never re-renders. */
  readonly timingLog: TimingLog;
  /** Starts the engine with a backend, loads the catalogs, then the model and image asked for. */
  boot(options: BootOptions): Promise<void>;
  /** Runs the analysis again on the current model and image; resolves when it has finished. */
  analyze(): Promise<void>;
  /** Stops the analysis in flight (the worker stops at the next phase boundary). */
  cancel(): void;
  /** The engine's tensor count and bytes (tf.memory() in the worker). */
  engineMemory(): Promise<{ numTensors: number; numBytes: number }>;
  /** Loads the model and sample catalogs once. */
  loadCatalogs(): Promise<void>;
  /**
   * Brings the engine, model, image and analysis up to date with modelId/sampleId/image; a run
   * overtaken by a newer one drops its results. `reanalyze` analyses even an unchanged key.
   */
  refresh(options?: { readonly reanalyze?: boolean }): Promise<void>;
}

export type OverlayMode = 'none' | 'mode' | 'high';
export type Theme = 'dark' | 'light';
export type PointerTool = 'pan' | 'window';
export type ImageView = 'original' | 'model';
/** The four image panels. */
export type PanelId = 'image' | 'mode' | 'high' | 'low';
/** Plain-language captions, or the mathematics. */
export type ReadingLevel = 'plain' | 'math';
/** x_high and x_low each in their own window, or both in the window of x. */
export type WindowLink = 'own' | 'shared';

/** Windows of the derived panels (null: the panel's default); the image's own is `displayWindow`. */
export interface PanelWindows {
  /** The image panel showing the model input. */
  readonly input: DisplayWindow | null;
  readonly high: DisplayWindow | null;
  readonly low: DisplayWindow | null;
}

export interface Notice {
  readonly id: number;
  readonly level: 'error' | 'warning' | 'info';
  readonly text: string;
}

export interface ViewSlice {
  /** 0-based index of the mode drawn as v_i (v_{selectedMode+1} on the page). */
  readonly selectedMode: number;
  /** Leading modes in x_high(k). Clamped to the mode count when drawn. */
  readonly k: number;
  readonly overlay: OverlayMode;
  /** 0…1. */
  readonly overlayOpacity: number;
  /** 0…1: fraction of the colour range below which the overlay is transparent. */
  readonly overlayThreshold: number;
  readonly colorMap: DivergingMapId;
  readonly theme: Theme;
  readonly viewport: Viewport;
  /** The display window on the file's values; null = the image's default. */
  readonly displayWindow: DisplayWindow | null;
  readonly invert: boolean;
  readonly tool: PointerTool;
  readonly imageView: ImageView;
  readonly showOutline: boolean;
  readonly panelWindows: PanelWindows;
  readonly windowLink: WindowLink;
  /** Rotation and flips, shared by every panel. */
  readonly orientation: Orientation;
  /** The panel the hotkeys 1–5 (window presets) act on: the last one pointed at or focused. */
  readonly activePanel: PanelId;
  readonly readingLevel: ReadingLevel;
  /** Show v_i although the model is nearly insensitive here (its map is then mostly noise). */
  readonly showInsensitiveMap: boolean;
  /** The image point under the pointer, normalised, or null. */
  readonly hover: { readonly u: number; readonly v: number } | null;
  readonly aboutOpen: boolean;
  /** Index of the tour step shown, or null. */
  readonly tourStep: number | null;
  readonly tourDone: boolean;
  readonly notices: readonly Notice[];
  setSelectedMode(index: number): void;
  /** Moves the mode by ±1 (clamped to the modes there are). */
  stepMode(delta: number): void;
  setK(k: number): void;
  stepK(delta: number): void;
  setOverlay(overlay: OverlayMode): void;
  setOverlayOpacity(opacity: number): void;
  setOverlayThreshold(threshold: number): void;
  setColorMap(id: DivergingMapId): void;
  setTheme(theme: Theme): void;
  setViewport(viewport: Viewport): void;
  setDisplayWindow(window: DisplayWindow | null): void;
  setInvert(invert: boolean): void;
  setTool(tool: PointerTool): void;
  setImageView(view: ImageView): void;
  setShowOutline(show: boolean): void;
  setPanelWindow(panel: keyof PanelWindows, window: DisplayWindow | null): void;
  setWindowLink(link: WindowLink): void;
  setOrientation(orientation: Orientation): void;
  /** Fit, upright, every window at its default (space, double-click). */
  resetView(): void;
  setActivePanel(panel: PanelId): void;
  setReadingLevel(level: ReadingLevel): void;
  setShowInsensitiveMap(show: boolean): void;
  setHover(hover: { u: number; v: number } | null): void;
  setAboutOpen(open: boolean): void;
  setTourStep(step: number | null): void;
  /** Ends the tour and remembers that it was seen. */
  finishTour(): void;
  notify(level: Notice['level'], text: string): void;
  dismissNotice(id: number): void;
}

export type WalkTarget = 'mode' | 'complement';

export interface WalkResult {
  /** What was asked: see walkKey. */
  readonly key: string;
  readonly target: WalkTarget;
  readonly epsilon: number;
  readonly logits: Float32Array;
  readonly probabilities: Float64Array;
  /** KL(p(x) ‖ p(x + ε d)), from the two logit vectors. */
  readonly measuredKl: number;
  /** ½ ε² dᵀFd (= ½ ε² λ_i along v_i). */
  readonly predictedKl: number;
}

export interface WalkSlice {
  readonly walkTarget: WalkTarget;
  /** The slider: −1…1; ε = sign(s)·s²·ε_max (fine steps near 0, where the second-order law holds). */
  readonly walkPosition: number;
  /** Seed of the random complement direction. */
  readonly walkSeed: number;
  readonly walkResult: WalkResult | null;
  /** A forward pass for the walk is in flight. */
  readonly walkPending: boolean;
  setWalkPosition(position: number): void;
  setWalkTarget(target: WalkTarget): void;
  newWalkSeed(): void;
  /** Evaluates the walk at the current position (latest wins: at most one forward pass in flight). */
  walk(): Promise<void>;
}

export type AppState = ModelSlice & ImageSlice & AnalysisSlice & ViewSlice & WalkSlice & ModelImportSlice & EvidenceSlice & TopClassSlice & BeyondSlice;

export interface BootOptions {
  readonly backend: BackendPreference;
  readonly modelId: string | null;
  readonly sampleId: string | null;
  readonly k?: number | null;
  /** 0-based. */
  readonly selectedMode?: number | null;
  readonly overlay?: OverlayMode | null;
  readonly colorMap?: DivergingMapId | null;
  readonly warnings?: readonly string[];
}

/** What the store needs from the outside world; tests pass fakes. */
export interface StoreDeps {
  readonly createClient: () => Promise<AnalysisClient>;
  readonly fetch: typeof fetch;
  /** Site-relative path (`models/x/model.json`) → absolute URL, so the worker resolves it the same way. */
  readonly resolveUrl: (path: string) => string;
  readonly now: () => number;
  /** User Timing marks (`ifim:<step>:start|end`), so profilers and tests can see each step. */
  readonly mark?: (name: string) => void;
  /** File bytes → decoded image, off the main thread in the browser; default: decodeImageFile here. */
  readonly decodeImage?: (bytes: Uint8Array, name: string) => Promise<DecodedFile>;
  /** Where recent models are kept (IndexedDB in the browser); default: in memory. */
  readonly recent?: RecentModelStore;
  /** Fetches a model URL from the page after a failed load, to tell CORS/network from HTTP errors. */
  readonly probeUrl?: (url: string) => Promise<UrlProbe>;
  /** Interval of the study progress poll, ms (default 250). */
  readonly pollMs?: number;
}

/** What every slice creator is given: the outside world and the one engine session. */
export interface SliceContext {
  readonly deps: StoreDeps;
  readonly engine: EngineSession;
}

export type SliceCreator<S> = StateCreator<AppState, [], [], S>;

export type { ForwardResult };
export type { IntensityPolicy };
export type * from './toolTypes';
