import { ExportMenu } from './export/ExportMenu';
import { OpenFileButton } from './files/FileDrop';
import { ModelPicker } from './ModelPicker';
import { SamplePicker } from './SamplePicker';
import { useAppStore, useStoreApi } from './storeContext';

/** Title, what to analyse, the main actions, and the privacy promise. */
export function Header() {
  const store = useStoreApi();
  const theme = useAppStore((s) => s.theme);
  const status = useAppStore((s) => s.status);
  const canAnalyse = useAppStore((s) => s.model !== null && s.image !== null);
  const s = store.getState();
  return (
    <header className="page-header">
      <div className="brand">
        <h1>iFIM viewer</h1>
        <p className="privacy" data-testid="privacy-note" title="The model runs in this browser tab; no request leaves this site, nothing is uploaded or logged.">
          Images never leave your browser
        </p>
      </div>
      <div className="header-controls" data-tour="pickers">
        <ModelPicker />
        <SamplePicker />
        <OpenFileButton />
        {status === 'running' ? (
          <button type="button" onClick={() => s.cancel()}>
            Cancel
          </button>
        ) : (
          <button type="button" disabled={!canAnalyse} onClick={() => void s.analyze()} title="Run the analysis again">
            Analyse
          </button>
        )}
        <ExportMenu />
      </div>
      <div className="header-end">
        <button type="button" onClick={() => s.setTheme(theme === 'dark' ? 'light' : 'dark')} aria-label={`Switch to the ${theme === 'dark' ? 'light' : 'dark'} theme`} title="Theme (T)" data-testid="theme-toggle">
          {theme === 'dark' ? 'Light theme' : 'Dark theme'}
        </button>
        <button type="button" onClick={() => s.setAboutOpen(true)} data-testid="about-open" title="What this view shows (?)">
          About this view
        </button>
      </div>
    </header>
  );
}
