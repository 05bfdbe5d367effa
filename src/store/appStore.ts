import type { StoreApi } from 'zustand/vanilla';
import { createStore } from 'zustand/vanilla';
import { createAnalysisClient } from '../worker/analysisClient';
import { createImageDecoder } from '../worker/imageDecodeClient';
import { createAnalysisSlice } from './analysisSlice';
import { createEngineSession } from './engineSession';
import { createImageSlice } from './imageSlice';
import { createModelSlice } from './modelSlice';
import { createEvidenceSlice } from './tools/evidenceSlice';
import { createModelImportSlice } from './tools/modelImportSlice';
import { indexedDbRecentModelStore } from './tools/recentModels';
import { createTopClassSlice } from './tools/topClassSlice';
import { createBeyondSlice } from './beyond/beyondSlice';
import type { AppState, SliceContext, StoreDeps } from './types';
import { createViewSlice } from './viewSlice';
import { createWalkSlice } from './walkSlice';

export type AppStore = StoreApi<AppState>;

/**
 * The one store (zustand slices pattern): each slice owns its state and actions; every request to
 * the analysis worker goes through the one engine session the slices share. No module-level
 * instance: the app creates it (src/app/main.tsx) and hands it to React through a context.
 */
export function createAppStore(deps: StoreDeps): AppStore {
  const store = createStore<AppState>()((set, get, api) => {
    const engine = createEngineSession({
      createClient: deps.createClient,
      backend: () => get().backendPreference,
      now: deps.now,
      mark: deps.mark,
      pollMs: deps.pollMs,
      onStarting: () => set({ phase: 'starting-engine' }),
      onStarted: (backend, engineLocation, ms) => set((s) => ({ backend, engineLocation, clientTimingsMs: { ...s.clientTimingsMs, engineStart: ms } })),
    });
    const context: SliceContext = { deps, engine };
    return {
      ...createModelSlice(context)(set, get, api),
      ...createImageSlice(context)(set, get, api),
      ...createAnalysisSlice(context)(set, get, api),
      ...createViewSlice(set, get, api),
      ...createWalkSlice(context)(set, get, api),
      ...createModelImportSlice(context)(set, get, api),
      ...createEvidenceSlice(context)(set, get, api),
      ...createTopClassSlice(context)(set, get, api),
      ...createBeyondSlice(context)(set, get, api),
    };
  });
  // The walk follows the direction it walks along: another mode (or k, for the complement) is
  // evaluated at once when the walk is away from x.
  store.subscribe((s, prev) => {
    if (s.walkPosition === 0 || !s.walkRange) return;
    const moved = s.walkTarget === 'mode' ? s.selectedMode !== prev.selectedMode : s.k !== prev.k;
    if (moved) void s.walk();
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
    recent: indexedDbRecentModelStore(),
  };
}
