import type { Pipeline } from './pipeline';
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
    projections: null,
    clientTimingsMs: { engineStart: null, modelLoad: null, imageLoad: null, roundTrip: null },
    async boot(options) {
      set((s) => ({
        backendPreference: options.backend,
        modelId: options.modelId,
        sampleId: options.sampleId,
        k: options.k ?? s.k,
        selectedMode: options.selectedMode ?? s.selectedMode,
        warnings: [...s.warnings, ...(options.warnings ?? [])],
      }));
      await Promise.all([pipeline.loadCatalogs(), pipeline.run()]);
    },
    analyze() {
      return pipeline.run({ reanalyze: true });
    },
    engineMemory() {
      return pipeline.memory();
    },
  });
