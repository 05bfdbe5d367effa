import { useLayoutEffect, useRef, useState } from 'react';
import type { Annotation, Point } from '../../core/roi';
import { canvasToImage, imageToCanvas, placeContent } from '../../render';
import { annotationAt, shapeFromDrag, translateAnnotation } from '../../store/beyond/roiAnnotations';
import { useAppStore, useStoreApi } from '../storeContext';
import { aspectOf } from '../viewer/scenes';

type Gesture =
  | { readonly kind: 'draw'; readonly from: Point; readonly points: Point[] }
  | { readonly kind: 'move'; readonly id: string; readonly from: Point; readonly shape: Annotation };

/**
 * The ROI and length overlay of the image panel: an SVG over the canvas, in image pixel
 * coordinates mapped through the shared viewport, so it follows every zoom and pan. With a tool
 * chosen it takes the pointer (drag to draw; drag a drawn shape to move it); otherwise it lets the
 * pointer through to the canvas.
 */
export function RoiLayer() {
  const store = useStoreApi();
  const ref = useRef<SVGSVGElement>(null);
  const [size, setSize] = useState({ width: 1, height: 1, left: 0, top: 0 });
  const [draft, setDraft] = useState<Annotation | null>(null);
  const gesture = useRef<Gesture | null>(null);
  const tool = useAppStore((s) => s.roiTool);
  const annotations = useAppStore((s) => s.annotations);
  const selected = useAppStore((s) => s.selectedAnnotation);
  const viewport = useAppStore((s) => s.viewport);
  const aspect = useAppStore(aspectOf);
  const raw = useAppStore((s) => s.image?.raw ?? null);

  // Sit exactly over the panel's canvas, whatever the layout does to it.
  useLayoutEffect(() => {
    const svg = ref.current;
    const parent = svg?.parentElement;
    const canvas = parent?.querySelector('canvas');
    if (!svg || !parent || !canvas) return;
    if (getComputedStyle(parent).position === 'static') parent.style.position = 'relative';
    const fit = () => setSize({ width: canvas.clientWidth, height: canvas.clientHeight, left: canvas.offsetLeft, top: canvas.offsetTop });
    fit();
    const observer = new ResizeObserver(fit);
    observer.observe(canvas);
    return () => observer.disconnect();
  }, []);

  // Always mounted (the effect above finds the canvas once); empty until an image is shown.
  const width = raw?.width ?? 1;
  const height = raw?.height ?? 1;
  const placement = placeContent(size.width, size.height, aspect, viewport);
  const toScreen = (x: number, y: number) => imageToCanvas(placement, x / width, y / height);
  const toImage = (event: React.PointerEvent): Point => {
    const rect = ref.current!.getBoundingClientRect();
    const { u, v } = canvasToImage(placement, event.clientX - rect.left, event.clientY - rect.top);
    return [u * width, v * height];
  };

  const onPointerDown = (event: React.PointerEvent<SVGSVGElement>) => {
    if (tool === 'none' || event.button !== 0 || !raw) return;
    const p = toImage(event);
    const s = store.getState();
    const hit = annotationAt(s.annotations, p[0], p[1], 3 * (width / Math.max(1, placement.width)));
    if (hit && hit.id === s.selectedAnnotation) gesture.current = { kind: 'move', id: hit.id, from: p, shape: hit.shape };
    else gesture.current = { kind: 'draw', from: p, points: [p] };
    event.currentTarget.setPointerCapture(event.pointerId);
    event.preventDefault();
  };
  const onPointerMove = (event: React.PointerEvent<SVGSVGElement>) => {
    const g = gesture.current;
    if (!g) return;
    const p = toImage(event);
    if (g.kind === 'move') {
      store.getState().updateAnnotation(g.id, translateAnnotation(g.shape, p[0] - g.from[0], p[1] - g.from[1]));
    } else if (tool === 'polygon') {
      g.points.push(p);
      setDraft(g.points.length >= 3 ? { kind: 'polygon', points: [...g.points] } : null);
    } else if (tool !== 'none') setDraft(shapeFromDrag(tool, g.from, p));
  };
  const onPointerUp = (event: React.PointerEvent<SVGSVGElement>) => {
    const g = gesture.current;
    gesture.current = null;
    setDraft(null);
    if (event.currentTarget.hasPointerCapture(event.pointerId)) event.currentTarget.releasePointerCapture(event.pointerId);
    if (!g || g.kind === 'move' || tool === 'none') return;
    const p = toImage(event);
    const shape = tool === 'polygon' ? (g.points.length >= 3 ? ({ kind: 'polygon', points: [...g.points, p] } as const) : null) : shapeFromDrag(tool, g.from, p);
    // A click without a drag draws nothing.
    if (!shape || (shape.kind !== 'polygon' && Math.hypot(p[0] - g.from[0], p[1] - g.from[1]) < 0.5)) return;
    store.getState().addAnnotation(shape);
  };

  const draw = (shape: Annotation, key: string, className: string) => {
    switch (shape.kind) {
      case 'rectangle': {
        const a = toScreen(Math.min(shape.x0, shape.x1), Math.min(shape.y0, shape.y1));
        const b = toScreen(Math.max(shape.x0, shape.x1), Math.max(shape.y0, shape.y1));
        return <rect key={key} className={className} x={a.x} y={a.y} width={b.x - a.x} height={b.y - a.y} />;
      }
      case 'ellipse': {
        const c = toScreen(shape.cx, shape.cy);
        const e = toScreen(shape.cx + shape.rx, shape.cy + shape.ry);
        return <ellipse key={key} className={className} cx={c.x} cy={c.y} rx={e.x - c.x} ry={e.y - c.y} />;
      }
      case 'polygon':
        return <polygon key={key} className={className} points={shape.points.map(([x, y]) => { const q = toScreen(x, y); return `${q.x},${q.y}`; }).join(' ')} />;
      case 'length': {
        const a = toScreen(shape.x0, shape.y0);
        const b = toScreen(shape.x1, shape.y1);
        return <line key={key} className={className} x1={a.x} y1={a.y} x2={b.x} y2={b.y} />;
      }
    }
  };

  return (
    <svg
      ref={ref}
      className="roi-layer"
      data-testid="roi-layer"
      data-tool={tool}
      aria-label={`${annotations.length} regions and measurements drawn on the image`}
      style={{ position: 'absolute', left: size.left, top: size.top, width: size.width, height: size.height, pointerEvents: tool === 'none' || !raw ? 'none' : 'auto', cursor: tool === 'none' ? undefined : 'crosshair', touchAction: 'none' }}
      onPointerDown={onPointerDown}
      onPointerMove={onPointerMove}
      onPointerUp={onPointerUp}
      onPointerCancel={onPointerUp}
    >
      {raw ? annotations.map((a) => draw(a.shape, a.id, a.id === selected ? 'roi-shape roi-selected' : 'roi-shape')) : null}
      {draft ? draw(draft, 'draft', 'roi-shape roi-draft') : null}
    </svg>
  );
}
