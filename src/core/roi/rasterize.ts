import type { Point, Roi } from './roiTypes';

/**
 * ROI → 0/1 mask of width × height (row-major), by the pixel-centre rule: pixel (c, r) is inside
 * when its centre (c + ½, r + ½) is inside the shape. Ties on the boundary are decided half-open
 * (left/top edges in, right/bottom edges out for rectangles; the even-odd crossing rule with
 * half-open edges for polygons), so that shapes sharing an edge never share a pixel; an ellipse's
 * boundary is in. The count then differs from the shape's area by at most the pixels the outline
 * crosses: about perimeter × √2 at worst, far less for smooth shapes.
 */
export function rasterizeRoi(roi: Roi, width: number, height: number): Uint8Array {
  const mask = new Uint8Array(width * height);
  switch (roi.kind) {
    case 'rectangle': {
      const [left, right] = roi.x0 <= roi.x1 ? [roi.x0, roi.x1] : [roi.x1, roi.x0];
      const [top, bottom] = roi.y0 <= roi.y1 ? [roi.y0, roi.y1] : [roi.y1, roi.y0];
      // Centres c + ½ in [left, right): c from ⌈left − ½⌉ to ⌈right − ½⌉ − 1.
      const c0 = Math.max(0, Math.ceil(left - 0.5));
      const c1 = Math.min(width, Math.ceil(right - 0.5));
      const r0 = Math.max(0, Math.ceil(top - 0.5));
      const r1 = Math.min(height, Math.ceil(bottom - 0.5));
      for (let r = r0; r < r1; r++) mask.fill(1, r * width + c0, r * width + Math.max(c0, c1));
      return mask;
    }
    case 'ellipse': {
      const { cx, cy, rx, ry } = roi;
      if (!(rx > 0 && ry > 0)) return mask;
      const r0 = Math.max(0, Math.floor(cy - ry));
      const r1 = Math.min(height - 1, Math.ceil(cy + ry));
      for (let r = r0; r <= r1; r++) {
        const dy = (r + 0.5 - cy) / ry;
        const half = 1 - dy * dy;
        if (half < 0) continue;
        const span = rx * Math.sqrt(half);
        // Centres with |c + ½ − cx| ≤ span.
        const c0 = Math.max(0, Math.ceil(cx - span - 0.5));
        const c1 = Math.min(width - 1, Math.floor(cx + span - 0.5));
        if (c1 >= c0) mask.fill(1, r * width + c0, r * width + c1 + 1);
      }
      return mask;
    }
    case 'polygon':
      return rasterizePolygon(roi.points, width, height, mask);
  }
}

/** Scanline even-odd fill at each row's centre line y = r + ½: an edge counts when y ∈ [min y, max y). */
function rasterizePolygon(points: readonly Point[], width: number, height: number, mask: Uint8Array): Uint8Array {
  const n = points.length;
  const crossings: number[] = [];
  for (let r = 0; r < height; r++) {
    const y = r + 0.5;
    crossings.length = 0;
    for (let i = 0; i < n; i++) {
      const [xa, ya] = points[i];
      const [xb, yb] = points[(i + 1) % n];
      if ((ya <= y && y < yb) || (yb <= y && y < ya)) crossings.push(xa + ((y - ya) / (yb - ya)) * (xb - xa));
    }
    crossings.sort((a, b) => a - b);
    for (let k = 0; k + 1 < crossings.length; k += 2) {
      // Centres c + ½ in [entry, exit).
      const c0 = Math.max(0, Math.ceil(crossings[k] - 0.5));
      const c1 = Math.min(width, Math.ceil(crossings[k + 1] - 0.5));
      if (c1 > c0) mask.fill(1, r * width + c0, r * width + c1);
    }
  }
  return mask;
}

/** The shape's own area in px² (closed forms; the polygon's by the shoelace formula). */
export function geometricAreaPx(roi: Roi): number {
  switch (roi.kind) {
    case 'rectangle':
      return Math.abs(roi.x1 - roi.x0) * Math.abs(roi.y1 - roi.y0);
    case 'ellipse':
      return Math.PI * roi.rx * roi.ry;
    case 'polygon': {
      let twice = 0;
      const p = roi.points;
      for (let i = 0; i < p.length; i++) {
        const [xa, ya] = p[i];
        const [xb, yb] = p[(i + 1) % p.length];
        twice += xa * yb - xb * ya;
      }
      return Math.abs(twice) / 2;
    }
  }
}

/** The outline's length in px (the ellipse's by Ramanujan's second approximation, relative error of order h⁵). */
export function perimeterPx(roi: Roi): number {
  switch (roi.kind) {
    case 'rectangle':
      return 2 * (Math.abs(roi.x1 - roi.x0) + Math.abs(roi.y1 - roi.y0));
    case 'ellipse': {
      const { rx: a, ry: b } = roi;
      const h = ((a - b) / (a + b)) ** 2;
      return Math.PI * (a + b) * (1 + (3 * h) / (10 + Math.sqrt(4 - 3 * h)));
    }
    case 'polygon': {
      let sum = 0;
      const p = roi.points;
      for (let i = 0; i < p.length; i++) sum += Math.hypot(p[(i + 1) % p.length][0] - p[i][0], p[(i + 1) % p.length][1] - p[i][1]);
      return sum;
    }
  }
}
