export * from './types';
export * from './catalog';
export * from './projectionSeries';
export * from './selectors';
export { appStore, createAppStore, browserStoreDeps, useAppStore, useAppStoreShallow } from './appStore';
export type { AppStore } from './appStore';
