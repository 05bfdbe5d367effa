import { useRef } from 'react';
import { reportExportError } from '../viewer/ExportPanelButton';
import { exportFigurePng } from './exportFigure';
import { exportResults } from './exportResults';
import { useAppStore, useStoreApi } from '../storeContext';

/** Export: the figure (all four panels) or one panel as PNG; the results in the CLI's format. */
export function ExportMenu() {
  const store = useStoreApi();
  const ready = useAppStore((s) => s.rasters !== null);
  const menu = useRef<HTMLDetailsElement>(null);
  const close = (): void => menu.current?.removeAttribute('open');
  const run = (task: () => unknown): void => {
    close();
    try {
      const result = task();
      if (result instanceof Promise) result.catch((e: unknown) => reportExportError(store, e));
    } catch (error) {
      reportExportError(store, error);
    }
  };
  return (
    <details className="menu" ref={menu} data-testid="export-menu">
      <summary aria-disabled={!ready}>Export</summary>
      <div className="menu-items" role="menu">
        <button type="button" role="menuitem" disabled={!ready} data-testid="export-figure" onClick={() => run(() => exportFigurePng(store, ['image', 'mode', 'high', 'low']))}>
          Whole figure (PNG)
        </button>
        <button type="button" role="menuitem" disabled={!ready} onClick={() => run(() => exportFigurePng(store, ['image']))}>
          Image panel with overlay (PNG)
        </button>
        <button type="button" role="menuitem" disabled={!ready} onClick={() => run(() => exportFigurePng(store, ['mode']))}>
          Sensitive direction vᵢ (PNG)
        </button>
        <button type="button" role="menuitem" disabled={!ready} data-testid="export-json" onClick={() => run(() => exportResults(store, 'json'))}>
          result.json (as the CLI)
        </button>
        <button type="button" role="menuitem" disabled={!ready} data-testid="export-npy" onClick={() => run(() => exportResults(store, 'eigenvectors'))}>
          eigenvectors.npy
        </button>
        <button type="button" role="menuitem" disabled={!ready} data-testid="export-zip" onClick={() => run(() => exportResults(store, 'zip'))}>
          result.json + all arrays (.zip)
        </button>
      </div>
    </details>
  );
}
