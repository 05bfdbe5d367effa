import type { StateCreator } from 'zustand';
import type { TopClassPayload } from '../../worker/protocol';
import type { ToolsDeps } from './types';

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

/** Models with more classes than this get the top-m analysis (engine topClassAnalysisWorthwhile). */
export const TOP_CLASS_MIN_CLASSES = 32;

/** m from its text: undefined for the engine's default, or an error naming the range. */
export function parseKeptClasses(text: string, classCount: number): { readonly m: number | undefined } | { readonly error: string } {
  if (text.trim() === '') return { m: undefined };
  const m = Number(text);
  if (!Number.isInteger(m) || m < 1 || m > classCount) return { error: `m must be a whole number from 1 to ${classCount}` };
  return { m };
}

export const createTopClassSlice =
  <S extends TopClassSlice>(deps: ToolsDeps): StateCreator<S, [], [], TopClassSlice> =>
  (set, get) => ({
    topClassM: '',
    topClass: null,
    topClassBusy: false,
    topClassError: null,
    setTopClassM(text) {
      set({ topClassM: text } as Partial<S>);
    },
    async runTopClass() {
      const app = deps.app.getState();
      const classCount = app.model?.summary.classes.length ?? 0;
      if (!app.payload || app.status === 'running') {
        set({ topClassError: 'Wait for the analysis of the current image to finish first.' } as Partial<S>);
        return;
      }
      const parsed = parseKeptClasses(get().topClassM, classCount);
      if ('error' in parsed) {
        set({ topClassError: parsed.error } as Partial<S>);
        return;
      }
      set({ topClassBusy: true, topClassError: null } as Partial<S>);
      try {
        const api = (await deps.client()).api;
        const topClass = await api.topClassAnalysis({ keptClasses: parsed.m });
        set({ topClass, topClassBusy: false } as Partial<S>);
      } catch (error) {
        set({ topClassBusy: false, topClassError: `top-m analysis: ${error instanceof Error ? error.message : String(error)}` } as Partial<S>);
      }
    },
  });
