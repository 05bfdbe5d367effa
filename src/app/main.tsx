import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from '../components/App';
import '../components/theme.css';
import { appStore } from '../store';
import { installAutomation } from './automation';
import { parseUrlState, syncUrl } from './urlState';

const url = parseUrlState(window.location.search);
const store = appStore();
installAutomation(window, store);

const root = document.getElementById('root');
if (!root) throw new Error('index.html lacks #root');
createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);

/** Resolves after the next frame has been painted. */
function afterNextPaint(): Promise<void> {
  return new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
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
      warnings: url.problems,
    }),
  )
  .finally(() => syncUrl(store.subscribe, url.backend, window.location, window.history));
