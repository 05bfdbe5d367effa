// Test harness: ToolsDrawer on the page's real store (boot from the URL as the app does), with the
// automation handle (window.ifim) and the store's status and model title for the spec to read.
import { createRoot } from 'react-dom/client';
import { installAutomation } from '../../src/app/automation';
import { parseUrlState } from '../../src/app/urlState';
import { ToolsDrawer } from '../../src/components/ToolsDrawer';
import { Notices } from '../../src/components/Notices';
import { appStore, useAppStore } from '../../src/store';
import '../../src/components/theme.css';

function HarnessStatus() {
  const status = useAppStore((s) => s.status);
  const title = useAppStore((s) => s.model?.summary.title ?? '');
  const modelId = useAppStore((s) => s.model?.id ?? '');
  const top = useAppStore((s) => (s.payload ? Array.from(s.payload.probabilities).map((p) => p.toFixed(4)).join(' ') : ''));
  return (
    <p data-testid="harness-status" data-status={status} data-model-id={modelId}>
      {status} · {title} · {top}
    </p>
  );
}

const url = parseUrlState(window.location.search);
const store = appStore();
installAutomation(window, store);
const root = document.getElementById('root');
if (!root) throw new Error('tools.html lacks #root');
createRoot(root).render(
  <>
    <HarnessStatus />
    <Notices />
    <ToolsDrawer />
  </>,
);
void store.getState().boot({ backend: url.backend, modelId: url.modelId, sampleId: url.sampleId });
