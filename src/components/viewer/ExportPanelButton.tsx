import type { AppStore } from '../../store';
import type { FigurePanelId } from '../export/exportFigure';
import { exportFigurePng } from '../export/exportFigure';
import { useAppStore, useStoreApi } from '../storeContext';

const NAMES: Record<FigurePanelId, string> = { image: 'the image panel', mode: 'the sensitive direction', high: 'x_high(k)', low: 'x_low(k)' };

export function reportExportError(store: AppStore, error: unknown): void {
  store.getState().notify('error', `Export failed: ${error instanceof Error ? error.message : String(error)}`);
}

/** Saves one panel as a PNG at native resolution, with colour bar and caption. */
export function ExportPanelButton({ panel }: { readonly panel: FigurePanelId }) {
  const store = useStoreApi();
  const ready = useAppStore((s) => s.rasters !== null);
  return (
    <button
      type="button"
      className="icon-button"
      disabled={!ready}
      data-testid={`export-${panel}`}
      aria-label={`Save ${NAMES[panel]} as PNG`}
      title={`Save ${NAMES[panel]} as PNG (native resolution, with colour bar and caption)`}
      onClick={() => void exportFigurePng(store, [panel]).catch((e: unknown) => reportExportError(store, e))}
    >
      PNG
    </button>
  );
}
