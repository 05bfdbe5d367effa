import type { Pipeline } from './pipeline';
import { createTimingLog } from './timingLog';
import type { AnalysisSlice, SliceCreator } from './types';

export const createAnalysisSlice =
  (pipeline: Pipeline): SliceCreator<AnalysisSlice> =>
  (set) => ({
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
      await Promise.all([pipeline.loadCatalogs(), pipeline.run()]);
    },
    analyze() {
      return pipeline.run({ reanalyze: true });
    },
    cancel() {
      pipeline.cancel();
    },
    engineMemory() {
      return pipeline.memory();
    },
  });
