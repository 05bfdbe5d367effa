import type { AppState, AppStore } from '../store';
import { activeWindow, effectiveK, effectiveMode, epsilonFromPosition } from '../store';
import { beyondResultFields } from '../store/beyond/beyondExport';
import type { VolumeSliceState } from '../store/volume/volumeView';
import { volumeSliceOf } from '../store/volume/volumeView';

/**
 * `window.ifim`: a small read-only view of the page for tests and scripts (docs/automation.md).
 * Everything it returns is plain JSON; the only actions are re-running the analysis and asking the
 * engine for its tensor count.
 */
export interface AutomationState {
  readonly status: AppState['status'];
  readonly phase: AppState['phase'];
  readonly backend: string | null;
  readonly backendSoftware: boolean | null;
  readonly backendDevice: string | null;
  readonly engineLocation: AppState['engineLocation'];
  readonly modelId: string | null;
  readonly sampleId: string | null;
  readonly classes: string[];
  /** The model input [height, width, channels], or null before a model is loaded. */
  readonly inputShape: [number, number, number] | null;
  readonly head: 'softmax' | 'sigmoid' | null;
  readonly probabilities: number[];
  readonly logits: number[];
  readonly eigenvalues: number[];
  readonly rank: number | null;
  readonly modeCount: number | null;
  /** 1-based, as `?mode=` and the page (v_1 …); null without an analysis. */
  readonly selectedMode: number | null;
  readonly k: number;
  /** Engine, page and draw timings; `scrub` is the last scrub redraw (all image panels), ms. */
  readonly timingsMs: Record<string, number | null>;
  readonly error: string | null;
  /**
   * The analysis's warnings ({code, message}, as result.json: out of domain, uncertain, insensitive),
   * then the page's own notes (a bad URL parameter, a missing catalog) with code `page`.
   */
  readonly warnings: { code: string; message: string }[];
  /** Notices shown to the user (bad files, cancelled analyses, model import). */
  readonly notices: { level: string; text: string }[];
  /** The image loaded, or null. */
  readonly image: {
    name: string;
    source: 'sample' | 'file';
    format: string;
    width: number;
    height: number;
    channels: number;
    bitDepth: number;
    frame: number;
    frameCount: number;
    /** Volumes: the slice shown (and, once status is 'done', analysed), as result.json's image.slice; null for 2-D images. */
    slice: VolumeSliceState | null;
    modality: string | null;
    hasGroundTruth: boolean;
  } | null;
  /** A file being decoded, or null. */
  readonly decoding: string | null;
  readonly view: {
    overlay: AppState['overlay'];
    overlayOpacity: number;
    overlayThreshold: number;
    colorMap: AppState['colorMap'];
    theme: AppState['theme'];
    imageView: AppState['imageView'];
    invert: boolean;
    zoom: number;
    center: [number, number];
    window: { low: number; high: number } | null;
  };
  readonly walk: {
    target: AppState['walkTarget'];
    position: number;
    epsilon: number;
    epsilonMax: number | null;
    limitedBy: string | null;
    pending: boolean;
    /** Of the last evaluated step (may lag `epsilon` while pending). */
    evaluatedEpsilon: number | null;
    measuredKl: number | null;
    predictedKl: number | null;
    probabilities: number[];
  };
  /** roi, validityRadius, neighbourhood, annotations (with statistics), compare: as an exported result.json has them. */
  readonly beyond: Record<string, unknown>;
}

export interface IfimAutomation {
  state(): AutomationState;
  /** tf.memory() of the engine (in the worker): tensor count and bytes. */
  memory(): Promise<{ numTensors: number; numBytes: number }>;
  /** Re-runs the analysis on the current model and image; resolves with the state once done, rejects with the error. */
  analyze(): Promise<AutomationState>;
  /** Every recorded value of a page timing (e.g. 'scrub'), oldest first. */
  timingHistory(name: string): number[];
}

declare global {
  interface Window {
    ifim?: IfimAutomation;
  }
}

export function automationState(s: AppState): AutomationState {
  const p = s.payload;
  const mode = effectiveMode(s);
  return {
    status: s.status,
    phase: s.phase,
    backend: s.backend?.name ?? null,
    backendSoftware: s.backend?.software ?? null,
    backendDevice: s.backend?.device ?? null,
    engineLocation: s.engineLocation,
    modelId: s.model?.id ?? s.modelId,
    sampleId: s.image ? (s.image.source.kind === 'sample' ? s.image.id : null) : s.sampleId,
    classes: [...(p?.classes ?? s.model?.summary.classes ?? [])],
    inputShape: p ? [...p.inputShape] : s.model ? [...s.model.summary.inputShape] : null,
    head: p?.head ?? s.model?.summary.head ?? null,
    probabilities: p ? Array.from(p.probabilities) : [],
    logits: p ? Array.from(p.logits) : [],
    eigenvalues: p ? Array.from(p.eigenvalues) : [],
    rank: p?.rank ?? null,
    modeCount: p?.modeCount ?? null,
    selectedMode: mode === null ? null : mode + 1,
    k: effectiveK(s),
    timingsMs: { ...(p?.timingsMs ?? {}), ...s.clientTimingsMs, ...s.timingLog.last() },
    error: s.error,
    warnings: [...(p?.warnings ?? []).map((w) => ({ code: w.code, message: w.message })), ...s.warnings.map((message) => ({ code: 'page', message }))],
    notices: s.notices.map((n) => ({ level: n.level, text: n.text })),
    image: imageState(s),
    decoding: s.decoding,
    view: {
      overlay: s.overlay,
      overlayOpacity: s.overlayOpacity,
      overlayThreshold: s.overlayThreshold,
      colorMap: s.colorMap,
      theme: s.theme,
      imageView: s.imageView,
      invert: s.invert,
      zoom: s.viewport.zoom,
      center: [s.viewport.centerX, s.viewport.centerY],
      window: activeWindow(s),
    },
    walk: {
      target: s.walkTarget,
      position: s.walkPosition,
      epsilon: s.walkRange ? epsilonFromPosition(s.walkPosition, s.walkRange.epsilonMax) : 0,
      epsilonMax: s.walkRange?.epsilonMax ?? null,
      limitedBy: s.walkRange?.limitedBy ?? null,
      pending: s.walkPending,
      evaluatedEpsilon: s.walkResult?.epsilon ?? null,
      measuredKl: s.walkResult?.measuredKl ?? null,
      predictedKl: s.walkResult?.predictedKl ?? null,
      probabilities: s.walkResult ? Array.from(s.walkResult.probabilities) : [],
    },
    beyond: beyondResultFields(s),
  };
}

function imageState(s: AppState): AutomationState['image'] {
  const image = s.image;
  if (!image) return null;
  const d = image.decoded;
  return {
    name: image.name,
    source: image.source.kind,
    format: d.kind === 'dicom' ? 'dicom' : d.format,
    width: image.raw.width,
    height: image.raw.height,
    channels: image.raw.channels,
    bitDepth: image.data.bitDepth,
    frame: image.frame,
    frameCount: image.frameCount,
    slice: volumeSliceOf(image),
    modality: d.kind === 'dicom' ? d.dicom.modality : null,
    hasGroundTruth: image.groundTruth !== null,
  };
}

/** Resolves once the store has left 'running'. */
function settled(store: AppStore): Promise<AppState> {
  return new Promise((resolve) => {
    if (store.getState().status !== 'running') return resolve(store.getState());
    const unsubscribe = store.subscribe((s) => {
      if (s.status !== 'running') {
        unsubscribe();
        resolve(s);
      }
    });
  });
}

export function createAutomation(store: AppStore): IfimAutomation {
  return {
    state: () => automationState(store.getState()),
    timingHistory: (name) => [...store.getState().timingLog.history(name)],
    memory: () => store.getState().engineMemory(),
    async analyze() {
      await store.getState().analyze();
      const s = await settled(store);
      if (s.status === 'error') throw new Error(s.error ?? 'the analysis failed');
      return automationState(s);
    },
  };
}

export function installAutomation(target: Window, store: AppStore): void {
  Object.defineProperty(target, 'ifim', { value: Object.freeze(createAutomation(store)), configurable: true, enumerable: false });
}
