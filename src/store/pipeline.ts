import { fetchPng } from '../io/pngDecode';
import type { AnalysisClient } from '../worker/analysisClient';
import type { StoreApi } from 'zustand/vanilla';
import type { ModelEntry, SampleEntry } from './catalog';
import { fetchCatalog, parseModelCatalog, parseSampleCatalog } from './catalog';
import { projectionSeries } from './projectionSeries';
import type { AppState, ModelSlice, StoreDeps } from './types';

/**
 * The orchestration behind the slices' actions: engine start, model and image loading, analysis.
 *
 * - Every run gets a generation number; a run overtaken by a newer one (the user picked another
 *   model mid-analysis) drops its results instead of overwriting newer state.
 * - Engine calls go through one queue, so the worker never loads a model while it analyses.
 * - A superseded analysis is cancelled in the worker between phases.
 */
export interface Pipeline {
  loadCatalogs(): Promise<void>;
  /** Brings the engine, model, image and analysis up to date with modelId/sampleId. */
  run(options?: { readonly reanalyze?: boolean }): Promise<void>;
  memory(): Promise<{ numTensors: number; numBytes: number }>;
}

type Set = StoreApi<AppState>['setState'];
type Get = StoreApi<AppState>['getState'];

export function createPipeline(deps: StoreDeps, set: Set, get: Get): Pipeline {
  let generation = 0;
  let clientPromise: Promise<AnalysisClient> | null = null;
  let catalogsPromise: Promise<void> | null = null;
  let queue: Promise<unknown> = Promise.resolve();
  let analysesInFlight = 0;

  const serial = <T>(task: () => Promise<T>): Promise<T> => {
    const next = queue.then(task, task);
    queue = next.catch(() => undefined);
    return next;
  };

  /** Brackets a step with User Timing marks: ifim:<step>:start and ifim:<step>:end. */
  const step = async <T>(name: string, task: () => Promise<T>): Promise<T> => {
    deps.mark?.(`ifim:${name}:start`);
    try {
      return await task();
    } finally {
      deps.mark?.(`ifim:${name}:end`);
    }
  };

  const warn = (message: string): void => set((s) => ({ warnings: [...s.warnings, message] }));

  function loadCatalogs(): Promise<void> {
    catalogsPromise ??= (async () => {
      const [models, samples] = await Promise.allSettled([
        fetchCatalog<ModelEntry>(deps.resolveUrl('models/index.json'), parseModelCatalog, deps.fetch),
        fetchCatalog<SampleEntry>(deps.resolveUrl('samples/index.json'), parseSampleCatalog, deps.fetch),
      ]);
      if (models.status === 'fulfilled') set({ modelCatalog: models.value });
      else warn(`model list unavailable: ${errorText(models.reason)}`);
      if (samples.status === 'fulfilled') set({ sampleCatalog: samples.value });
      else warn(`sample list unavailable: ${errorText(samples.reason)}`);
    })();
    return catalogsPromise;
  }

  function ensureClient(): Promise<AnalysisClient> {
    if (!clientPromise) {
      const attempt = (async () => {
        set({ phase: 'starting-engine' });
        const t0 = deps.now();
        const client = await step('engine-start', deps.createClient);
        try {
          const backend = await step('engine-init', () => client.api.init(get().backendPreference));
          set((s) => ({ backend, engineLocation: client.location, clientTimingsMs: { ...s.clientTimingsMs, engineStart: deps.now() - t0 } }));
          return client;
        } catch (error) {
          client.terminate();
          throw error;
        }
      })();
      // A failed start (e.g. the backend asked for is missing) is retried by the next run.
      attempt.catch(() => {
        if (clientPromise === attempt) clientPromise = null;
      });
      clientPromise = attempt;
    }
    return clientPromise;
  }

  async function loadModel(client: AnalysisClient, id: string): Promise<ModelSlice['model']> {
    const t0 = deps.now();
    try {
      const summary = await step('model-load', () => serial(() => client.api.loadModel(deps.resolveUrl(`models/${id}/model.json`))));
      set((s) => ({ clientTimingsMs: { ...s.clientTimingsMs, modelLoad: deps.now() - t0 } }));
      return { id, summary };
    } catch (error) {
      throw new Error(`model "${id}" could not be loaded: ${errorText(error)}`);
    }
  }

  async function loadImage(id: string): Promise<AppState['image']> {
    const entry = get().sampleCatalog.find((s) => s.id === id);
    if (!entry) throw new Error(`sample "${id}" is not in samples/index.json`);
    const t0 = deps.now();
    const url = deps.resolveUrl(entry.path);
    const data = await step('image-load', () => fetchPng(url, deps.fetch));
    set((s) => ({ clientTimingsMs: { ...s.clientTimingsMs, imageLoad: deps.now() - t0 } }));
    return { id, url, data };
  }

  async function run(options: { readonly reanalyze?: boolean } = {}): Promise<void> {
    const mine = ++generation;
    const current = (): boolean => mine === generation;
    const { modelId, sampleId } = get();
    if (!modelId && !sampleId) {
      set({ status: 'idle', phase: null });
      return;
    }
    if (analysesInFlight > 0) void clientPromise?.then((c) => c.api.cancel());
    set({ status: 'running', error: null });
    try {
      if (sampleId) {
        set({ phase: 'loading-catalogs' });
        await loadCatalogs();
      }
      const client = modelId ? await ensureClient() : null;
      if (!current()) return;
      const needModel = client !== null && modelId !== null && get().model?.id !== modelId;
      const needImage = sampleId !== null && get().image?.id !== sampleId;
      if (needModel || needImage) set({ phase: needModel ? 'loading-model' : 'loading-image', payload: null, projections: null });
      const [model, image] = await Promise.all([
        needModel && client && modelId ? loadModel(client, modelId) : get().model,
        needImage && sampleId ? loadImage(sampleId) : get().image,
      ]);
      if (!current()) return;
      set({ model, image });
      if (!client || !model || !image) {
        set({ status: 'idle', phase: null });
        return;
      }
      if (!needModel && !needImage && !options.reanalyze && get().payload) {
        set({ status: 'done', phase: null });
        return;
      }
      const t0 = deps.now();
      analysesInFlight++;
      let payload;
      try {
        payload = await step('analysis', () =>
          serial(() =>
            client.analyze({ image: image.data }, (phase) => {
              if (current()) set({ phase });
            }),
          ),
        );
      } finally {
        analysesInFlight--;
      }
      if (!current()) return;
      // Two renders in two tasks: the numbers and the eigenvector first, then x_high/x_low. Each
      // re-renders part of the page; together, in React's development build on a slow machine,
      // they came close to the 50 ms long-task line (e2e/responsiveness.spec.ts).
      deps.mark?.('ifim:show:start');
      set({ payload });
      await yieldToEventLoop();
      if (!current()) return;
      const projections = projectionSeries(payload, model.summary.metadata?.preprocessing ?? null);
      set((s) => ({ projections, status: 'done', phase: null, clientTimingsMs: { ...s.clientTimingsMs, roundTrip: deps.now() - t0 } }));
      deps.mark?.('ifim:show:end');
    } catch (error) {
      if (!current()) return;
      set({ status: 'error', phase: null, error: errorText(error) });
    }
  }

  return {
    loadCatalogs,
    run,
    async memory() {
      const client = await ensureClient();
      return serial(() => client.api.memory());
    },
  };
}

/** Lets the browser paint and handle input between two pieces of main-thread work. */
function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
