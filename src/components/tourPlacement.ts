/**
 * Where the tour box goes: beside its target, never over it. Tries the right, the left, below and
 * above the target (in that order), keeping a margin to the viewport's edges; the first side where
 * the whole box fits wins. When no side fits (a phone, a target as large as the screen), the box
 * goes to whichever of the top or bottom of the viewport overlaps the target least.
 */
export interface Rect {
  readonly left: number;
  readonly top: number;
  readonly width: number;
  readonly height: number;
}

export type TourSide = 'right' | 'left' | 'below' | 'above' | 'fallback';

export interface TourPlacement {
  readonly left: number;
  readonly top: number;
  readonly side: TourSide;
}

const clamp = (x: number, lo: number, hi: number): number => Math.max(lo, Math.min(hi, x));

export function tourPlacement(target: Rect, box: { width: number; height: number }, viewport: { width: number; height: number }, gap = 12, margin = 8): TourPlacement {
  const maxLeft = viewport.width - box.width - margin;
  const maxTop = viewport.height - box.height - margin;
  const alignedTop = clamp(target.top, margin, Math.max(margin, maxTop));
  const alignedLeft = clamp(target.left, margin, Math.max(margin, maxLeft));
  const candidates: TourPlacement[] = [
    { side: 'right', left: target.left + target.width + gap, top: alignedTop },
    { side: 'left', left: target.left - gap - box.width, top: alignedTop },
    { side: 'below', left: alignedLeft, top: target.top + target.height + gap },
    { side: 'above', left: alignedLeft, top: target.top - gap - box.height },
  ];
  const fits = (p: TourPlacement): boolean => p.left >= margin && p.top >= margin && p.left <= maxLeft && p.top <= maxTop;
  const found = candidates.find(fits);
  if (found) return found;
  const left = clamp(target.left, margin, Math.max(margin, maxLeft));
  const top = overlapArea(target, { left, top: margin, ...box }) <= overlapArea(target, { left, top: Math.max(margin, maxTop), ...box }) ? margin : Math.max(margin, maxTop);
  return { side: 'fallback', left, top };
}

export function overlapArea(a: Rect, b: Rect): number {
  const w = Math.min(a.left + a.width, b.left + b.width) - Math.max(a.left, b.left);
  const h = Math.min(a.top + a.height, b.top + b.height) - Math.max(a.top, b.top);
  return w > 0 && h > 0 ? w * h : 0;
}
