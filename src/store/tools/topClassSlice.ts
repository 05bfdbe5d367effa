import type { SliceContext, SliceCreator, TopClassSlice } from '../types';

/** Models with more classes than this get the top-m analysis (engine topClassAnalysisWorthwhile). */
export const TOP_CLASS_MIN_CLASSES = 32;

/** m from its text: undefined for the engine's default, or an error naming the range. */
export function parseKeptClasses(text: string, classCount: number): { readonly m: number | undefined } | { readonly error: string } {
  if (text.trim() === '') return { m: undefined };
  const m = Number(text);
  if (!Number.isInteger(m) || m < 1 || m > classCount) return { error: `m must be a whole number from 1 to ${classCount}` };
  return { m };
}

/** The top-m analysis (docs/many-classes.md) of the page's current image, for models with C > 32. */
export const createTopClassSlice =
  ({ engine }: SliceContext): SliceCreator<TopClassSlice> =>
  (set, get, store) => {
    // The result belongs to one analysis.
    store.subscribe((s, prev) => {
      if (s.analysisKey !== prev.analysisKey && s.topClass) set({ topClass: null, topClassError: null });
    });
    return {
    topClassM: '',
    topClass: null,
    topClassBusy: false,
    topClassError: null,
    setTopClassM(text) {
      set({ topClassM: text });
    },
    async runTopClass() {
      const app = get();
      const classCount = app.model?.summary.classes.length ?? 0;
      if (!app.payload || app.status === 'running') {
        set({ topClassError: 'Wait for the analysis of the current image to finish first.' });
        return;
      }
      const parsed = parseKeptClasses(get().topClassM, classCount);
      if ('error' in parsed) {
        set({ topClassError: parsed.error });
        return;
      }
      set({ topClassBusy: true, topClassError: null });
      try {
        const topClass = await engine.request('top-class', (client) => client.api.topClassAnalysis({ keptClasses: parsed.m }));
        set({ topClass, topClassBusy: false });
      } catch (error) {
        set({ topClassBusy: false, topClassError: `top-m analysis: ${error instanceof Error ? error.message : String(error)}` });
      }
    },
  };
  };
