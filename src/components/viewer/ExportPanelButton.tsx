import { appStore, useAppStore } from '../../store';
import type { FigurePanelId } from '../export/exportFigure';
import { exportFigurePng } from '../export/exportFigure';

const NAMES: Record<FigurePanelId, string> = { image: 'the image panel', mode: 'the sensitive direction', high: 'x_high(k)', low: 'x_low(k)' };

export function reportExportError(error: unknown): void {
  appStore().getState().notify('error', `Export failed: ${error instanceof Error ? error.message : String(error)}`);
}

/** Saves one panel as a PNG at native resolution, with colour bar and caption. */
export function ExportPanelButton({ panel }: { readonly panel: FigurePanelId }) {
  const ready = useAppStore((s) => s.rasters !== null);
  return (
    <button
      type="button"
      className="icon-button"
      disabled={!ready}
      data-testid={`export-${panel}`}
      aria-label={`Save ${NAMES[panel]} as PNG`}
      title={`Save ${NAMES[panel]} as PNG (native resolution, with colour bar and caption)`}
      onClick={() => void exportFigurePng([panel]).catch(reportExportError)}
    >
      PNG
    </button>
  );
}
