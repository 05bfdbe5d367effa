import type { SceneContext, SceneLayer } from './drawScene';

/**
 * Exported figures: one or more panels side by side at native resolution — every data pixel is an
 * integer block of output pixels, never resampled — each with its title and colour bar, and a
 * caption (model, image, mode, k) under them. The layout is pure so tests can predict the PNG's size.
 */
export const FIGURE = {
  margin: 16,
  gap: 20,
  titleHeight: 24,
  barGap: 8,
  barHeight: 12,
  barLabelHeight: 18,
  captionGap: 10,
  captionLineHeight: 18,
  /** Panels are magnified by an integer factor until their long side reaches this (small model inputs stay legible). */
  minLongSide: 256,
  minColumnWidth: 180,
  font: '13px system-ui, -apple-system, "Segoe UI", Roboto, sans-serif',
  titleFont: '600 14px system-ui, -apple-system, "Segoe UI", Roboto, sans-serif',
  /** Every exported figure has this many caption lines (what, then what it is not). */
  captionLines: 2,
} as const;

export interface FigurePanelSize {
  readonly width: number;
  readonly height: number;
  readonly colorBar: boolean;
}

export interface PanelBox {
  /** The column's left edge and width. */
  readonly columnX: number;
  readonly columnWidth: number;
  /** The image's box: native size × scale. */
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
  readonly scale: number;
  readonly titleY: number;
  readonly barY: number | null;
}

export interface FigureLayout {
  readonly width: number;
  readonly height: number;
  readonly panels: readonly PanelBox[];
  readonly captionY: number;
}

/** The integer magnification that brings a panel's long side closest to `target` without exceeding it (≥ 1). */
export function integerScale(width: number, height: number, target: number): number {
  return Math.max(1, Math.floor(target / Math.max(width, height, 1)));
}

export function figureLayout(panels: readonly FigurePanelSize[], captionLines: number): FigureLayout {
  if (panels.length === 0) throw new RangeError('a figure needs at least one panel');
  const target = Math.max(FIGURE.minLongSide, ...panels.map((p) => Math.max(p.width, p.height)));
  const scaled = panels.map((p) => {
    const scale = integerScale(p.width, p.height, target);
    return { scale, width: p.width * scale, height: p.height * scale, colorBar: p.colorBar };
  });
  const rowHeight = Math.max(...scaled.map((p) => p.height));
  const anyBar = scaled.some((p) => p.colorBar);
  const top = FIGURE.margin + FIGURE.titleHeight;
  const barY = top + rowHeight + FIGURE.barGap;
  const belowImages = anyBar ? barY + FIGURE.barHeight + FIGURE.barLabelHeight : top + rowHeight;
  let x = FIGURE.margin;
  const boxes: PanelBox[] = scaled.map((p) => {
    const columnWidth = Math.max(p.width, FIGURE.minColumnWidth);
    const box: PanelBox = {
      columnX: x,
      columnWidth,
      x: x + Math.floor((columnWidth - p.width) / 2),
      y: top + Math.floor((rowHeight - p.height) / 2),
      width: p.width,
      height: p.height,
      scale: p.scale,
      titleY: FIGURE.margin,
      barY: p.colorBar ? barY : null,
    };
    x += columnWidth + FIGURE.gap;
    return box;
  });
  const width = x - FIGURE.gap + FIGURE.margin;
  const captionY = belowImages + FIGURE.captionGap;
  const height = captionY + Math.max(0, captionLines) * FIGURE.captionLineHeight + FIGURE.margin;
  return { width, height, panels: boxes, captionY };
}

export interface FigurePanel {
  readonly title: string;
  readonly width: number;
  readonly height: number;
  readonly layers: readonly SceneLayer[];
  readonly outline?: { readonly segments: Float32Array; readonly color: string } | null;
  readonly colorBar?: { readonly source: CanvasImageSource; readonly sourceWidth: number; readonly low: string; readonly high: string; readonly middle?: string } | null;
}

export interface FigureColors {
  readonly background: string;
  readonly text: string;
  readonly muted: string;
}

export type FigureContext = SceneContext & Pick<CanvasRenderingContext2D, 'fillText'> & { font: string; textBaseline: CanvasTextBaseline; textAlign: CanvasTextAlign };

/** Draws the figure; the canvas must be layout.width × layout.height. */
export function drawFigure(ctx: FigureContext, layout: FigureLayout, panels: readonly FigurePanel[], caption: readonly string[], colors: FigureColors): void {
  ctx.save();
  ctx.globalAlpha = 1;
  ctx.fillStyle = colors.background;
  ctx.fillRect(0, 0, layout.width, layout.height);
  ctx.imageSmoothingEnabled = false;
  ctx.textBaseline = 'top';
  panels.forEach((panel, i) => {
    const box = layout.panels[i];
    ctx.fillStyle = colors.text;
    ctx.font = FIGURE.titleFont;
    ctx.textAlign = 'left';
    ctx.fillText(panel.title, box.columnX, box.titleY, box.columnWidth);
    for (const layer of panel.layers) {
      ctx.globalAlpha = Math.min(1, Math.max(0, layer.alpha ?? 1));
      ctx.drawImage(layer.source, 0, 0, layer.width, layer.height, box.x, box.y, box.width, box.height);
    }
    ctx.globalAlpha = 1;
    if (panel.outline && panel.outline.segments.length >= 4) {
      const s = panel.outline.segments;
      ctx.strokeStyle = panel.outline.color;
      ctx.lineWidth = Math.max(1, box.scale / 2);
      ctx.setLineDash([]);
      ctx.beginPath();
      for (let k = 0; k + 3 < s.length; k += 4) {
        ctx.moveTo(box.x + s[k] * box.width, box.y + s[k + 1] * box.height);
        ctx.lineTo(box.x + s[k + 2] * box.width, box.y + s[k + 3] * box.height);
      }
      ctx.stroke();
    }
    if (panel.colorBar && box.barY !== null) {
      const bar = panel.colorBar;
      ctx.drawImage(bar.source, 0, 0, bar.sourceWidth, 1, box.columnX, box.barY, box.columnWidth, FIGURE.barHeight);
      ctx.font = FIGURE.font;
      ctx.fillStyle = colors.muted;
      const labelY = box.barY + FIGURE.barHeight + 3;
      ctx.textAlign = 'left';
      ctx.fillText(bar.low, box.columnX, labelY);
      ctx.textAlign = 'right';
      ctx.fillText(bar.high, box.columnX + box.columnWidth, labelY);
      if (bar.middle) {
        ctx.textAlign = 'center';
        ctx.fillText(bar.middle, box.columnX + box.columnWidth / 2, labelY);
      }
    }
  });
  ctx.font = FIGURE.font;
  ctx.fillStyle = colors.text;
  ctx.textAlign = 'left';
  caption.forEach((line, i) => ctx.fillText(line, FIGURE.margin, layout.captionY + i * FIGURE.captionLineHeight, layout.width - 2 * FIGURE.margin));
  ctx.restore();
}
