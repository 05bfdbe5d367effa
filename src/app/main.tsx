import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import 'uplot/dist/uPlot.min.css';
import { App } from '../components/App';
import '../components/theme.css';
import { applyThemeVariables } from '../components/viewConfig';
import { StoreProvider } from '../components/storeContext';
import { browserStoreDeps, createAppStore, persistView, readPersistedView } from '../store';
import { persistAnnotations } from '../store/beyond/annotationStorage';
import { installAutomation } from './automation';
import { DEFAULT_DEMO, isBareAddress } from './defaultDemo';
import { parseUrlState, syncUrl } from './urlState';

const parsed = parseUrlState(window.location.search);
// The bare root URL opens the default demo (as `npm start` does); the tour is offered on it.
const url = isBareAddress(window.location.search) ? { ...parsed, ...DEFAULT_DEMO } : parsed;
// The page's one store, handed to the views through <StoreProvider> (no module-level instance).
const store = createAppStore(browserStoreDeps());
installAutomation(window, store);

// The last view settings (theme, overlay look, …) from this browser; the URL's shareable part wins.
const storage = safeLocalStorage();
store.setState(readPersistedView(storage));
persistView(store.subscribe, storage);
persistAnnotations(store, storage);

// Theme on the root element, so the CSS variables (and the charts, which read them) follow.
const applyTheme = (theme: 'dark' | 'light'): void => {
  document.documentElement.dataset.theme = theme;
  applyThemeVariables(document.documentElement, theme);
  document.querySelector('meta[name="color-scheme"]')?.setAttribute('content', theme);
};
applyTheme(store.getState().theme);
store.subscribe((s, prev) => {
  if (s.theme !== prev.theme) applyTheme(s.theme);
});

const root = document.getElementById('root');
if (!root) throw new Error('index.html lacks #root');
createRoot(root).render(
  <StrictMode>
    <StoreProvider store={store}>
      <App />
    </StoreProvider>
  </StrictMode>,
);

/** Resolves after the next frame has been painted. */
function afterNextPaint(): Promise<void> {
  return new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
}

function safeLocalStorage(): Storage | null {
  try {
    return window.localStorage;
  } catch {
    return null;
  }
}

// Paint the page first, then start the engine: the first render is the page's own cost and
// should neither delay the first paint nor share a task with the analysis pipeline.
void afterNextPaint()
  .then(() =>
    store.getState().boot({
      backend: url.backend,
      modelId: url.modelId,
      sampleId: url.sampleId,
      k: url.k,
      selectedMode: url.mode === null ? null : url.mode - 1,
      overlay: url.overlay,
      colorMap: url.colorMap,
      warnings: url.problems,
    }),
  )
  // ?modelUrl: the tools drawer's "Open from URL" on the booted page (it stops the page's analysis,
  // loads, analyses the current image with the new model); a failure is notified with the
  // CORS/fetch reason and the booted model stays in use.
  .then(async () => {
    if (!url.modelUrl) return null;
    const ok = await store.getState().loadModelUrl(url.modelUrl);
    const modelId = store.getState().modelId;
    return ok && modelId ? { modelId, url: url.modelUrl } : null;
  })
  .catch((error: unknown) => {
    console.error(error);
    return null;
  })
  .then((fromUrl) => syncUrl(store.subscribe, url.backend, window.location, window.history, fromUrl));
