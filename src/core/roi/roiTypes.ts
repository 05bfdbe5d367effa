/**
 * Regions of interest and measurements drawn on an image, in image pixel coordinates: continuous
 * (x, y) with x to the right and y down, pixel (column c, row r) covering [c, c+1) × [r, r+1), so
 * its centre is (c + ½, r + ½). Plain JSON records: saved with a session and exported as they are.
 */

export type Point = readonly [number, number];

export type Roi =
  /** Axis-aligned, between two opposite corners (any order). */
  | { readonly kind: 'rectangle'; readonly x0: number; readonly y0: number; readonly x1: number; readonly y1: number }
  /** Axis-aligned ellipse: centre and semi-axes. */
  | { readonly kind: 'ellipse'; readonly cx: number; readonly cy: number; readonly rx: number; readonly ry: number }
  /** Freehand: a closed polygon through the points (the last joins the first). */
  | { readonly kind: 'polygon'; readonly points: readonly Point[] };

/** The length tool: a segment. */
export interface LengthMeasurement {
  readonly kind: 'length';
  readonly x0: number;
  readonly y0: number;
  readonly x1: number;
  readonly y1: number;
}

export type Annotation = Roi | LengthMeasurement;

/** A labelled annotation as saved: `label` is free text typed by the user (never derived from patient data). */
export interface SavedAnnotation {
  readonly id: string;
  readonly label?: string;
  readonly shape: Annotation;
}

const finite = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

/** Reads one annotation back from JSON, or says what is wrong with it. */
export function parseAnnotation(value: unknown): Annotation {
  const o = value as Record<string, unknown> | null;
  if (!o || typeof o !== 'object') throw new TypeError('an ROI must be an object');
  const numbers = (...keys: string[]) => {
    for (const k of keys) if (!finite(o[k])) throw new TypeError(`a ${String(o.kind)} ROI needs a finite number "${k}"`);
  };
  switch (o.kind) {
    case 'rectangle':
    case 'length':
      numbers('x0', 'y0', 'x1', 'y1');
      return { kind: o.kind, x0: o.x0 as number, y0: o.y0 as number, x1: o.x1 as number, y1: o.y1 as number };
    case 'ellipse':
      numbers('cx', 'cy', 'rx', 'ry');
      if ((o.rx as number) < 0 || (o.ry as number) < 0) throw new TypeError('an ellipse ROI needs semi-axes ≥ 0');
      return { kind: 'ellipse', cx: o.cx as number, cy: o.cy as number, rx: o.rx as number, ry: o.ry as number };
    case 'polygon': {
      const points = o.points;
      if (!Array.isArray(points) || points.length < 3) throw new TypeError('a polygon ROI needs at least 3 points');
      return {
        kind: 'polygon',
        points: points.map((p) => {
          if (!Array.isArray(p) || p.length !== 2 || !finite(p[0]) || !finite(p[1])) throw new TypeError('polygon points are [x, y] pairs of finite numbers');
          return [p[0], p[1]] as const;
        }),
      };
    }
    default:
      throw new TypeError(`unknown ROI kind "${String(o.kind)}" (rectangle, ellipse, polygon or length)`);
  }
}
