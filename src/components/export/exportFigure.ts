import type { DisplayWindow, FigureContext, FigurePanel, RgbaRaster } from '../../render';
import { DIVERGING_MAPS, FIGURE, SEQUENTIAL_VIRIDIS, colorBarRaster, drawFigure, figureLayout, imageToRaster, sequentialBarRaster } from '../../render';
import type { AppState, AppStore } from '../../store';
import { activeWindow, effectiveK, effectiveMode } from '../../store';
import { formatRange, formatScientific, subscript } from '../format';
import { THEMES } from '../viewConfig';
import type { SceneRegistry } from '../viewer/sceneRegistry';
import { sceneRegistryOf } from '../viewer/ViewportCanvas';

type LayerCache = SceneRegistry['cache'];
import { downloadBlob, safeName } from './download';

/**
 * Export of one panel or the whole figure as PNG: every panel at native resolution (integer
 * magnification, no resampling), with its colour bar and a two-line caption naming the model, the
 * image, the mode and k. Drawn on a fresh canvas, not copied from the screen, so zoom, pan and
 * the window size do not matter.
 */
export type FigurePanelId = 'image' | 'mode' | 'high' | 'low';

const GRAY_BAR = imageToRaster({ width: 128, height: 1, channels: 1, data: Float32Array.from({ length: 128 }, (_, i) => i / 127) }, { low: 0, high: 1 });

function grayBar(canvasOf: (raster: RgbaRaster) => HTMLCanvasElement, window: DisplayWindow, unit = ''): FigurePanel['colorBar'] {
  const [low, high] = formatRange(window.low, window.high).split(' … ');
  return { source: canvasOf(GRAY_BAR), sourceWidth: GRAY_BAR.width, low: `${low}${unit}`, high: `${high}${unit}` };
}

export function figurePanels(s: AppState, ids: readonly FigurePanelId[], cache: LayerCache): FigurePanel[] {
  const canvasOf = (raster: RgbaRaster): HTMLCanvasElement => cache.canvasOf(raster);
  const r = s.rasters;
  const mode = effectiveMode(s);
  const k = effectiveK(s);
  const colors = THEMES[s.theme];
  const outline = s.showOutline && s.image?.groundTruth ? { segments: s.image.groundTruth.outline, color: colors.outline } : null;
  const panels: FigurePanel[] = [];
  for (const id of ids) {
    if (id === 'image') {
      const window = activeWindow(s);
      const useModel = s.imageView === 'model' || !s.image || !window;
      const base = useModel ? (r ? { source: canvasOf(r.modelInput), width: r.width, height: r.height } : null) : { source: cache.windowedImage(s.image!.raw, window!, s.invert), width: s.image!.raw.width, height: s.image!.raw.height };
      if (!base) continue;
      const layers: FigurePanel['layers'][number][] = [base];
      let colorBar: FigurePanel['colorBar'] = useModel ? (r ? grayBar(canvasOf, r.modelInputWindow) : null) : grayBar(canvasOf, window!, s.image?.raw.unit ? ` ${s.image.raw.unit}` : '');
      let title = useModel ? 'Model input x' : `Image${s.invert ? ' (inverted)' : ''}`;
      if (r && s.overlay === 'mode' && mode !== null) {
        const m = r.modes[mode];
        layers.push({ source: canvasOf(m.overlay), width: r.width, height: r.height, alpha: s.overlayOpacity });
        const bar = colorBarRaster(128, 1, DIVERGING_MAPS[s.colorMap]);
        colorBar = { source: canvasOf(bar), sourceWidth: 128, low: `−${formatScientific(m.limit, 2)}`, middle: '0', high: `+${formatScientific(m.limit, 2)}` };
        title += ` + v${subscript(mode + 1)}`;
      } else if (r && s.overlay === 'high') {
        const c = r.components[k];
        layers.push({ source: canvasOf(c.overlay), width: r.width, height: r.height, alpha: s.overlayOpacity });
        const bar = sequentialBarRaster(128, 1, SEQUENTIAL_VIRIDIS);
        colorBar = { source: canvasOf(bar), sourceWidth: 128, low: '0', high: formatScientific(c.magnitudeLimit, 2) };
        title += ` + |x_high(${k})|`;
      }
      panels.push({ title, width: base.width, height: base.height, layers, outline, colorBar });
    } else if (id === 'mode' && r && mode !== null) {
      const m = r.modes[mode];
      const bar = colorBarRaster(128, 1, DIVERGING_MAPS[s.colorMap]);
      panels.push({
        title: `v${subscript(mode + 1)} (λ = ${formatScientific(s.payload?.eigenvalues[mode] ?? 0)})`,
        width: r.width,
        height: r.height,
        layers: [{ source: canvasOf(m.panel), width: r.width, height: r.height }],
        outline,
        colorBar: { source: canvasOf(bar), sourceWidth: 128, low: `−${formatScientific(m.limit, 2)}`, middle: '0', high: `+${formatScientific(m.limit, 2)}` },
      });
    } else if (id === 'high' && r) {
      const c = r.components[k];
      panels.push({ title: `x_high(${k})`, width: r.width, height: r.height, layers: [{ source: canvasOf(c.high), width: r.width, height: r.height }], outline, colorBar: grayBar(canvasOf, c.highWindow) });
    } else if (id === 'low' && r) {
      const c = r.components[k];
      panels.push({ title: `x_low(${k})`, width: r.width, height: r.height, layers: [{ source: canvasOf(c.low), width: r.width, height: r.height }], outline, colorBar: grayBar(canvasOf, r.lowWindow) });
    }
  }
  return panels;
}

/** Two lines: what is shown, and what it is not. */
export function figureCaption(s: AppState): string[] {
  const mode = effectiveMode(s);
  const model = s.model ? `${s.model.summary.title} (${s.model.id})` : 'no model';
  const image = s.image ? s.image.name : 'no image';
  const lambda = mode !== null && s.payload ? `, λ = ${formatScientific(s.payload.eigenvalues[mode])}` : '';
  return [
    `Model: ${model} · image: ${image} · mode v${mode === null ? '–' : subscript(mode + 1)}${lambda} · k = ${effectiveK(s)}`,
    'iFIM: local sensitivity of this model at this image (not a segmentation, not a cause). ifim-viewer',
  ];
}

export interface ExportedFigure {
  readonly width: number;
  readonly height: number;
  readonly filename: string;
}

export async function exportFigurePng(store: AppStore, ids: readonly FigurePanelId[]): Promise<ExportedFigure | null> {
  const s = store.getState();
  const panels = figurePanels(s, ids, sceneRegistryOf(store).cache);
  if (panels.length === 0) {
    s.notify('warning', 'Nothing to export yet: run an analysis first.');
    return null;
  }
  const caption = figureCaption(s);
  const layout = figureLayout(
    panels.map((p) => ({ width: p.width, height: p.height, colorBar: !!p.colorBar })),
    FIGURE.captionLines,
  );
  const canvas = document.createElement('canvas');
  canvas.width = layout.width;
  canvas.height = layout.height;
  const ctx = canvas.getContext('2d');
  if (!ctx) throw new Error('this browser cannot draw the figure (no 2D canvas)');
  const colors = THEMES[s.theme];
  drawFigure(ctx as unknown as FigureContext, layout, panels, caption, { background: colors.panel, text: colors.text, muted: colors.muted });
  const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/png'));
  if (!blob) throw new Error('the figure could not be encoded as PNG');
  const mode = effectiveMode(s);
  const filename = `ifim-${safeName(s.model?.id ?? 'model')}-${safeName(s.image?.name ?? 'image')}-${ids.length > 1 ? 'figure' : ids[0]}-v${mode === null ? 0 : mode + 1}-k${effectiveK(s)}.png`;
  downloadBlob(blob, filename);
  return { width: layout.width, height: layout.height, filename };
}

