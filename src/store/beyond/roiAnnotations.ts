import type { Annotation, LengthMeasurement, PixelSpacingMm, Point, Roi, SavedAnnotation } from '../../core/roi';
import { measureLength, parseAnnotation, rasterizeRoi, roiStatistics } from '../../core/roi';

/** The drawing tools on the image panel; 'none' leaves the pointer to pan and window/level. */
export type RoiTool = 'none' | 'rectangle' | 'ellipse' | 'polygon' | 'length';

/** A shape from a drag between two image points (pixels), for the tools that draw by dragging. */
export function shapeFromDrag(tool: Exclude<RoiTool, 'none' | 'polygon'>, from: Point, to: Point): Annotation {
  const [x0, y0] = from;
  const [x1, y1] = to;
  if (tool === 'ellipse') return { kind: 'ellipse', cx: (x0 + x1) / 2, cy: (y0 + y1) / 2, rx: Math.abs(x1 - x0) / 2, ry: Math.abs(y1 - y0) / 2 };
  return { kind: tool, x0, y0, x1, y1 };
}

/** True when the image point lies inside the ROI (pixel-centre rule of rasterizeRoi) or within `tolerancePx` of a length segment. */
export function hitTest(shape: Annotation, x: number, y: number, tolerancePx = 3): boolean {
  switch (shape.kind) {
    case 'rectangle':
      return x >= Math.min(shape.x0, shape.x1) && x <= Math.max(shape.x0, shape.x1) && y >= Math.min(shape.y0, shape.y1) && y <= Math.max(shape.y0, shape.y1);
    case 'ellipse':
      return shape.rx > 0 && shape.ry > 0 && ((x - shape.cx) / shape.rx) ** 2 + ((y - shape.cy) / shape.ry) ** 2 <= 1;
    case 'polygon': {
      let inside = false;
      const p = shape.points;
      for (let i = 0, j = p.length - 1; i < p.length; j = i++) {
        const [xi, yi] = p[i];
        const [xj, yj] = p[j];
        if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
      }
      return inside;
    }
    case 'length': {
      const dx = shape.x1 - shape.x0;
      const dy = shape.y1 - shape.y0;
      const t = dx === 0 && dy === 0 ? 0 : Math.max(0, Math.min(1, ((x - shape.x0) * dx + (y - shape.y0) * dy) / (dx * dx + dy * dy)));
      return Math.hypot(x - (shape.x0 + t * dx), y - (shape.y0 + t * dy)) <= tolerancePx;
    }
  }
}

/** The annotation moved by (dx, dy) image pixels (dragging a selected ROI). */
export function translateAnnotation(shape: Annotation, dx: number, dy: number): Annotation {
  switch (shape.kind) {
    case 'rectangle':
    case 'length':
      return { ...shape, x0: shape.x0 + dx, y0: shape.y0 + dy, x1: shape.x1 + dx, y1: shape.y1 + dy };
    case 'ellipse':
      return { ...shape, cx: shape.cx + dx, cy: shape.cy + dy };
    case 'polygon':
      return { kind: 'polygon', points: shape.points.map(([x, y]) => [x + dx, y + dy] as const) };
  }
}

/** The topmost (last drawn) annotation under the point, or null. */
export function annotationAt(annotations: readonly SavedAnnotation[], x: number, y: number, tolerancePx = 3): SavedAnnotation | null {
  for (let i = annotations.length - 1; i >= 0; i--) if (hitTest(annotations[i].shape, x, y, tolerancePx)) return annotations[i];
  return null;
}

export interface AnnotationMeasure {
  /** ROI: mean and SD of the file's values (unit as the image's), area; length: the length. */
  readonly mean?: number;
  readonly sd?: number;
  readonly pixels?: number;
  readonly area?: { readonly value: number; readonly unit: 'mm²' | 'px²' };
  readonly length?: { readonly value: number; readonly unit: 'mm' | 'px' };
}

/** Statistics of one annotation on the image's own values (core/roi roiStatistics). */
export function measureAnnotation(shape: Annotation, image: { readonly width: number; readonly height: number; readonly channels: number; readonly data: Float32Array }, spacing: PixelSpacingMm | null): AnnotationMeasure {
  if (shape.kind === 'length') return { length: measureLength(shape as LengthMeasurement, spacing) };
  const mask = rasterizeRoi(shape as Roi, image.width, image.height);
  const stats = roiStatistics(image, mask, spacing);
  return { mean: stats.mean, sd: stats.sd, pixels: stats.count, area: { value: stats.area, unit: stats.areaUnit } };
}

/** Saved annotations as JSON (the session's local storage, exports), and back, dropping anything unreadable. */
export function serializeAnnotations(annotations: readonly SavedAnnotation[]): string {
  return JSON.stringify(annotations.map((a) => ({ id: a.id, ...(a.label ? { label: a.label } : {}), shape: a.shape })));
}

export function parseAnnotations(text: string | null): SavedAnnotation[] {
  if (!text) return [];
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return [];
  }
  if (!Array.isArray(json)) return [];
  const out: SavedAnnotation[] = [];
  for (const item of json) {
    const o = item as { id?: unknown; label?: unknown; shape?: unknown } | null;
    if (!o || typeof o.id !== 'string') continue;
    try {
      out.push({ id: o.id, ...(typeof o.label === 'string' ? { label: o.label } : {}), shape: parseAnnotation(o.shape) });
    } catch {
      // A hand-edited or older record: skip it, keep the rest.
    }
  }
  return out;
}
