import type { AppState, AppStore } from '../store';
import { effectiveK, effectiveMode } from '../store';

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
  readonly head: 'softmax' | 'sigmoid' | null;
  readonly probabilities: number[];
  readonly logits: number[];
  readonly eigenvalues: number[];
  readonly rank: number | null;
  readonly modeCount: number | null;
  /** 1-based, as `?mode=` and the page (v_1 …); null without an analysis. */
  readonly selectedMode: number | null;
  readonly k: number;
  readonly timingsMs: Record<string, number | null>;
  readonly error: string | null;
  readonly warnings: string[];
}

export interface IfimAutomation {
  state(): AutomationState;
  /** tf.memory() of the engine (in the worker): tensor count and bytes. */
  memory(): Promise<{ numTensors: number; numBytes: number }>;
  /** Re-runs the analysis on the current model and image; resolves with the state once done, rejects with the error. */
  analyze(): Promise<AutomationState>;
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
    sampleId: s.image?.id ?? s.sampleId,
    classes: [...(p?.classes ?? s.model?.summary.classes ?? [])],
    head: p?.head ?? s.model?.summary.head ?? null,
    probabilities: p ? Array.from(p.probabilities) : [],
    logits: p ? Array.from(p.logits) : [],
    eigenvalues: p ? Array.from(p.eigenvalues) : [],
    rank: p?.rank ?? null,
    modeCount: p?.modeCount ?? null,
    selectedMode: mode === null ? null : mode + 1,
    k: effectiveK(s),
    timingsMs: { ...(p?.timingsMs ?? {}), ...s.clientTimingsMs },
    error: s.error,
    warnings: [...s.warnings],
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
