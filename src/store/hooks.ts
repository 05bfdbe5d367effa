import { useStore } from 'zustand';
import { useShallow } from 'zustand/shallow';
import type { AppStore } from './appStore';
import type { AppState } from './types';

/** Reads a slice of `store`; re-renders when it changes (by Object.is). For src/components/storeContext. */
export function useStoreSelector<T>(store: AppStore, selector: (state: AppState) => T): T {
  return useStore(store, selector);
}

/** As useStoreSelector, for selectors returning a fresh object or array: compared shallowly. */
export function useStoreShallow<T>(store: AppStore, selector: (state: AppState) => T): T {
  return useStore(store, useShallow(selector));
}
