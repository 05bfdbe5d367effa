import { useStore } from 'zustand';
import { useShallow } from 'zustand/shallow';
import type { StoreApi } from 'zustand/vanilla';
import { createStore } from 'zustand/vanilla';
import { appStore } from '../appStore';
import { engineClientOf } from '../importedModel';
import { createEvidenceSlice } from './evidenceSlice';
import type { UrlProbe } from './modelImportLogic';
import { createModelImportSlice } from './modelImportSlice';
import { createTopClassSlice } from './topClassSlice';
import { indexedDbRecentModelStore } from './recentModels';
import type { ToolsDeps, ToolsState } from './types';

export type ToolsStore = StoreApi<ToolsState>;

/**
 * The tools drawer's store (model import, evidence): its own slices beside the page's store, whose
 * model and analysis they read and drive through public actions (importedModel.ts).
 */
export function createToolsStore(deps: ToolsDeps): ToolsStore {
  const store = createStore<ToolsState>()((set, get, api) => ({
    ...createModelImportSlice(deps)(set, get, api),
    ...createEvidenceSlice(deps)(set, get, api),
    ...createTopClassSlice<ToolsState>(deps)(set, get, api),
  }));
  // Evidence belongs to one analysis: another model or image makes it stale.
  deps.app.subscribe((s, prev) => {
    if (s.analysisKey !== prev.analysisKey && s.analysisKey !== null && store.getState().evidenceKey !== null && store.getState().evidenceKey !== s.analysisKey && !store.getState().job) {
      store.setState({ evidenceKey: null, study: null, maps: null, deletionRows: null, sanity: null, evidenceError: null });
    }
  });
  // The data-set study belongs to one model.
  deps.app.subscribe((s, prev) => {
    if (s.model?.id !== prev.model?.id && store.getState().dataset) store.setState({ dataset: null });
    if (s.analysisKey !== prev.analysisKey && store.getState().topClass) store.setState({ topClass: null, topClassError: null });
  });
  return store;
}

async function probeUrl(url: string): Promise<UrlProbe> {
  try {
    const response = await fetch(url, { method: 'GET', cache: 'no-store' });
    return response.ok ? { kind: 'ok' } : { kind: 'http', status: response.status };
  } catch {
    return { kind: 'network-error' };
  }
}

let singleton: ToolsStore | null = null;

export function toolsStore(): ToolsStore {
  if (!singleton) {
    const app = appStore();
    singleton = createToolsStore({ app, client: () => engineClientOf(app), recent: indexedDbRecentModelStore(), probeUrl, now: () => Date.now() });
  }
  return singleton;
}

export function useToolsStore<T>(selector: (state: ToolsState) => T): T {
  return useStore(toolsStore(), selector);
}

export function useToolsStoreShallow<T>(selector: (state: ToolsState) => T): T {
  return useStore(toolsStore(), useShallow(selector));
}
