import type { ModelEntry, SampleEntry } from './catalog';
import { fetchCatalog, parseModelCatalog, parseSampleCatalog } from './catalog';
import { buildDisplayRasters } from './displayRasters';
import { errorText, FRESH_IMAGE_VIEW } from './imageSlice';
import { projectionSeries } from './projectionSeries';
import { createTimingLog } from './timingLog';
import type { AnalysisSlice, LoadedImage, SliceContext, SliceCreator } from './types';
import { walkRange } from './walk';

export function analysisKeyOf(modelId: string, image: Pick<LoadedImage, 'id' | 'revision'>): string {
  return `${modelId}|${image.id}|${image.revision}`;
}

/**
 * The engine, the catalogs and the analysis of the page's model and image.
 *
 * - Every refresh gets a generation number; one overtaken by a newer one (the user picked another
 *   model mid-analysis) drops its results instead of overwriting newer state.
 * - A superseded analysis is cancelled in the worker between phases.
 * - A payload is valid for one analysis key, `<model>|<image>|<revision>`: the page analyses again
 *   exactly when the model, the image, its frame or its intensity mapping changed.
 */
export const createAnalysisSlice =
  ({ deps, engine }: SliceContext): SliceCreator<AnalysisSlice> =>
  (set, get) => {
    let generation = 0;
    let analysesInFlight = 0;
    let catalogsPromise: Promise<void> | null = null;
    const warn = (message: string): void => set((s) => ({ warnings: [...s.warnings, message] }));

    const loadCatalogs = (): Promise<void> => {
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
    };

    const refresh = async (options: { readonly reanalyze?: boolean } = {}): Promise<void> => {
      const mine = ++generation;
      const current = (): boolean => mine === generation;
      const { modelId, sampleId } = get();
      if (!modelId && !sampleId && !get().image) {
        set({ status: 'idle', phase: null });
        return;
      }
      if (analysesInFlight > 0) engine.cancel();
      set({ status: 'running', error: null });
      try {
        if (sampleId) {
          set({ phase: 'loading-catalogs' });
          await loadCatalogs();
        }
        if (modelId) await engine.start();
        if (!current()) return;
        const s0 = get();
        const needModel = modelId !== null && s0.model?.id !== modelId;
        const needImage = sampleId !== null && s0.image?.id !== sampleId;
        if (needModel || needImage) set({ phase: needModel ? 'loading-model' : 'loading-image', payload: null, analysisKey: null, projections: null, rasters: null, walkRange: null });
        const [model, image] = await Promise.all([modelId ? get().ensureModel() : get().model, get().ensureSample()]);
        if (!current()) return;
        if (needImage) set({ image, ...FRESH_IMAGE_VIEW });
        if (!modelId || !model || !image) {
          set({ status: 'idle', phase: null });
          return;
        }
        const key = analysisKeyOf(model.id, image);
        if (!options.reanalyze && get().analysisKey === key && get().payload) {
          set({ status: 'done', phase: null });
          return;
        }
        const t0 = deps.now();
        analysesInFlight++;
        let payload;
        try {
          payload = await engine.request('analysis', (client) =>
            client.analyze({ image: image.data }, (phase) => {
              if (current()) set({ phase });
            }),
          );
        } finally {
          analysesInFlight--;
        }
        if (!current()) return;
        // Three renders in three tasks: the numbers and charts first, then x_high/x_low, then the
        // rasters every scrub draws from. Each re-renders part of the page; together, in React's
        // development build on a slow machine, they came close to the 50 ms long-task line
        // (bench/mainThread.spec.ts reports them).
        deps.mark?.('ifim:show:start');
        const sameImage = get().analysisKey?.split('|').slice(0, 2).join('|') === key.split('|').slice(0, 2).join('|');
        set({ payload, analysisKey: key, ...(sameImage ? {} : { walkPosition: 0 }), walkResult: null });
        await yieldToEventLoop();
        if (!current()) return;
        const projections = projectionSeries(payload, model.summary.metadata?.preprocessing ?? null);
        set({ projections });
        await yieldToEventLoop();
        if (!current()) return;
        const s = get();
        const rasters = buildDisplayRasters(payload, projections, { colorMap: s.colorMap, threshold: s.overlayThreshold });
        set((state) => ({
          rasters,
          walkRange: walkRange(payload.xModelSpace, payload.eigenvalues[0] ?? 0),
          status: 'done',
          phase: null,
          clientTimingsMs: { ...state.clientTimingsMs, roundTrip: deps.now() - t0 },
        }));
        deps.mark?.('ifim:show:end');
        if (get().walkPosition !== 0) void get().walk();
      } catch (error) {
        if (!current()) return;
        if (error instanceof Error && error.name === 'AbortError') {
          set({ status: 'idle', phase: null });
          return;
        }
        set({ status: 'error', phase: null, error: errorText(error) });
      }
    };

    return {
      backendPreference: 'auto',
      backend: null,
      engineLocation: null,
      status: 'idle',
      phase: null,
      error: null,
      warnings: [],
      payload: null,
      analysisKey: null,
      projections: null,
      rasters: null,
      walkRange: null,
      clientTimingsMs: { engineStart: null, modelLoad: null, imageLoad: null, roundTrip: null },
      timingLog: createTimingLog(),
      loadCatalogs,
      refresh,
      async boot(options) {
        set((s) => ({
          backendPreference: options.backend,
          modelId: options.modelId,
          sampleId: options.sampleId,
          k: options.k ?? s.k,
          selectedMode: options.selectedMode ?? s.selectedMode,
          overlay: options.overlay ?? s.overlay,
          colorMap: options.colorMap ?? s.colorMap,
          warnings: [...s.warnings, ...(options.warnings ?? [])],
        }));
        await Promise.all([loadCatalogs(), refresh()]);
      },
      analyze() {
        return refresh({ reanalyze: true });
      },
      cancel() {
        if (get().status !== 'running') return;
        generation++;
        engine.cancel();
        set({ status: 'idle', phase: null });
        get().notify('info', 'Analysis cancelled. The model and image stay loaded; press “Analyse” to run it again.');
      },
      engineMemory() {
        return engine.request('memory', (client) => client.api.memory());
      },
    };
  };

/** Lets the browser paint and handle input between two pieces of main-thread work. */
function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}
