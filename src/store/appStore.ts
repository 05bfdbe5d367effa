import { useStore } from 'zustand';
import { useShallow } from 'zustand/shallow';
import { createStore } from 'zustand/vanilla';
import type { StoreApi } from 'zustand/vanilla';
import { createAnalysisClient } from '../worker/analysisClient';
import { createAnalysisSlice } from './analysisSlice';
import { createImageSlice } from './imageSlice';
import { createModelSlice } from './modelSlice';
import { createPipeline } from './pipeline';
import type { AppState, StoreDeps } from './types';
import { createViewSlice } from './viewSlice';

export type AppStore = StoreApi<AppState>;

/** One store from the four slices (zustand slices pattern); the pipeline is shared by their actions. */
export function createAppStore(deps: StoreDeps): AppStore {
  return createStore<AppState>()((set, get, api) => {
    const pipeline = createPipeline(deps, set, get);
    return {
      ...createModelSlice(pipeline)(set, get, api),
      ...createImageSlice(pipeline)(set, get, api),
      ...createAnalysisSlice(pipeline)(set, get, api),
      ...createViewSlice(set, get, api),
    };
  });
}

export function browserStoreDeps(): StoreDeps {
  return {
    createClient: createAnalysisClient,
    fetch: (input, init) => fetch(input, init),
    // Absolute URLs: the worker resolves relative ones against its own script URL, not the page.
    resolveUrl: (path) => new URL(path, new URL(import.meta.env.BASE_URL, document.baseURI)).href,
    now: () => performance.now(),
    mark: (name) => performance.mark(name),
  };
}

let singleton: AppStore | null = null;

/** The page's store, created on first use. */
export function appStore(): AppStore {
  singleton ??= createAppStore(browserStoreDeps());
  return singleton;
}

/** Reads a slice of the page's store; re-renders when it changes (by Object.is). */
export function useAppStore<T>(selector: (state: AppState) => T): T {
  return useStore(appStore(), selector);
}

/** As useAppStore, for selectors returning a fresh object or array: compared shallowly. */
export function useAppStoreShallow<T>(selector: (state: AppState) => T): T {
  return useStore(appStore(), useShallow(selector));
}
