import type { StateCreator } from 'zustand/vanilla';
import type { PngImage } from '../io/pngDecode';
import type { AnalysisClient } from '../worker/analysisClient';
import type { AnalysisPayload, AnalysisPhase, BackendPreference, BackendReport, ModelSummary } from '../worker/protocol';
import type { ModelEntry, SampleEntry } from './catalog';
import type { ProjectionSeries } from './projectionSeries';

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
}

export interface ImageSlice {
  readonly sampleCatalog: readonly SampleEntry[];
  readonly sampleId: string | null;
  readonly image: { readonly id: string; readonly url: string; readonly data: PngImage } | null;
  selectSample(id: string): Promise<void>;
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
  /** x, x_high(k) and x_low(k) for every k, in display space, derived once per payload. */
  readonly projections: ProjectionSeries | null;
  readonly clientTimingsMs: ClientTimingsMs;
  /** Starts the engine with a backend, loads the catalogs, then the model and image asked for. */
  boot(options: BootOptions): Promise<void>;
  /** Runs the analysis again on the current model and image; resolves when it has finished. */
  analyze(): Promise<void>;
  /** The engine's tensor count and bytes (tf.memory() in the worker). */
  engineMemory(): Promise<{ numTensors: number; numBytes: number }>;
}

export interface ViewSlice {
  /** 0-based index of the mode drawn as v_i (v_{selectedMode+1} on the page). */
  readonly selectedMode: number;
  /** Leading modes in x_high(k). Clamped to the mode count when drawn. */
  readonly k: number;
  setSelectedMode(index: number): void;
  setK(k: number): void;
}

export type AppState = ModelSlice & ImageSlice & AnalysisSlice & ViewSlice;

export interface BootOptions {
  readonly backend: BackendPreference;
  readonly modelId: string | null;
  readonly sampleId: string | null;
  readonly k?: number | null;
  /** 0-based. */
  readonly selectedMode?: number | null;
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
}

export type SliceCreator<S> = StateCreator<AppState, [], [], S>;
