import { createContext, useContext } from 'react';
import type { ReactNode } from 'react';
import type { AppState, AppStore } from '../store';
import { useStoreSelector, useStoreShallow } from '../store';

/**
 * The page's one store reaches the views through this context, never as a module-level instance:
 * src/app/main.tsx creates it and wraps the app in <StoreProvider>; a test can render a view with
 * its own store.
 */
const StoreContext = createContext<AppStore | null>(null);

export function StoreProvider({ store, children }: { readonly store: AppStore; readonly children: ReactNode }) {
  return <StoreContext.Provider value={store}>{children}</StoreContext.Provider>;
}

/** The store itself, for event handlers (getState()) and transient subscriptions. */
export function useStoreApi(): AppStore {
  const store = useContext(StoreContext);
  if (!store) throw new Error('a view was rendered outside <StoreProvider>');
  return store;
}

/** Reads a slice of the store; re-renders when it changes (by Object.is). */
export function useAppStore<T>(selector: (state: AppState) => T): T {
  return useStoreSelector(useStoreApi(), selector);
}

/** As useAppStore, for selectors returning a fresh object or array: compared shallowly. */
export function useAppStoreShallow<T>(selector: (state: AppState) => T): T {
  return useStoreShallow(useStoreApi(), selector);
}
