import { useStore } from 'zustand';
import { useShallow } from 'zustand/shallow';
import { createStore } from 'zustand/vanilla';
import type { StoreApi } from 'zustand/vanilla';
import { createAnalysisClient } from '../worker/analysisClient';
import { createImageDecoder } from '../worker/imageDecodeClient';
import { createAnalysisSlice } from './analysisSlice';
import { createImageSlice } from './imageSlice';
import { createModelSlice } from './modelSlice';
import { createPipeline } from './pipeline';
import type { AppState, StoreDeps } from './types';
import { createViewSlice } from './viewSlice';
import { createWalkSlice } from './walkSlice';

export type AppStore = StoreApi<AppState>;

/** One store from the five slices (zustand slices pattern); the pipeline is shared by their actions. */
export function createAppStore(deps: StoreDeps): AppStore {
  let pipeline: ReturnType<typeof createPipeline> | null = null;
  const store = createStore<AppState>()((set, get, api) => {
    pipeline = createPipeline(deps, set, get);
    return {
      ...createModelSlice(pipeline)(set, get, api),
      ...createImageSlice(pipeline)(set, get, api),
      ...createAnalysisSlice(pipeline)(set, get, api),
      ...createViewSlice(set, get, api),
      ...createWalkSlice(pipeline)(set, get, api),
    };
  });
  // The walk follows the direction it walks along: another mode (or k, for the complement) is
  // evaluated at once when the walk is away from x.
  store.subscribe((s, prev) => {
    if (s.walkPosition === 0 || !s.walkRange) return;
    const moved = s.walkTarget === 'mode' ? s.selectedMode !== prev.selectedMode : s.k !== prev.k;
    if (moved) void pipeline?.walk();
  });
  return store;
}

export function browserStoreDeps(): StoreDeps {
  const decoder = createImageDecoder();
  return {
    createClient: createAnalysisClient,
    fetch: (input, init) => fetch(input, init),
    // Absolute URLs: the worker resolves relative ones against its own script URL, not the page.
    resolveUrl: (path) => new URL(path, new URL(import.meta.env.BASE_URL, document.baseURI)).href,
    now: () => performance.now(),
    mark: (name) => performance.mark(name),
    decodeImage: (bytes, name) => decoder.decode(bytes, name),
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
