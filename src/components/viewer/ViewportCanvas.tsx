import { memo, useLayoutEffect, useRef } from 'react';
import type { DisplayWindow, Viewport } from '../../render';
import { canvasToImageOriented, canvasVectorToFrame, dragWindow, placeOriented, zoomAbout } from '../../render';
import type { AppState, AppStore, PanelId } from '../../store';
import { activeWindow, panelWindow } from '../../store';
import { VIEWER } from '../viewConfig';
import { dragKindFor, dragZoomFactor } from './pointerLogic';
import type { SceneRegistry } from './sceneRegistry';
import { createSceneRegistry } from './sceneRegistry';
import type { SceneBuilder } from './scenes';
import { aspectOf } from './scenes';
import { useStoreApi } from '../storeContext';

const registries = new WeakMap<AppStore, SceneRegistry>();

/** The scene registry of a store (one store subscription for every image panel). */
export function sceneRegistryOf(store: AppStore): SceneRegistry {
  let registry = registries.get(store);
  if (!registry) {
    registry = createSceneRegistry(store);
    registries.set(store, registry);
  }
  return registry;
}

interface Props {
  readonly build: SceneBuilder;
  readonly panel: PanelId;
  /** Accessible name of the canvas. */
  readonly label: string;
  /** Id of the element describing what is shown (aria-describedby). */
  readonly describedBy?: string;
  readonly testId: string;
}

type Drag =
  | { readonly kind: 'pan' | 'zoom'; readonly x: number; readonly y: number; readonly viewport: Viewport; readonly anchor: { u: number; v: number } }
  | { readonly kind: 'window'; readonly x: number; readonly y: number; readonly window: DisplayWindow; readonly span: number };

/** Where a W/L drag on a panel writes: the file's window, or one of the derived panels' windows. */
function windowTarget(s: AppState, panel: PanelId): { window: DisplayWindow; span: number; apply: (w: DisplayWindow) => void } | null {
  if (panel === 'image' && s.imageView === 'original' && s.image) {
    const w = activeWindow(s);
    return w ? { window: w, span: s.image.raw.range.high - s.image.raw.range.low, apply: (next) => s.setDisplayWindow(next) } : null;
  }
  const target = panel === 'image' ? 'input' : panel === 'high' || panel === 'low' ? panel : null;
  if (!target || !s.rasters) return null;
  const w = panelWindow(s, target);
  const x = s.rasters.lowWindow;
  return w ? { window: w, span: Math.max(x.high - x.low, w.high - w.low), apply: (next) => s.setPanelWindow(target, next) } : null;
}

/**
 * A thin image canvas (after excalidraw's StaticCanvas): React mounts it once; the scene registry
 * draws it from the store. The radiology bindings (pointerLogic): left-drag window/level, middle
 * pan, right zoom, wheel zoom about the pointer, double-click reset. Zoom, pan, rotation and flips
 * are shared by every panel; each panel has its own window.
 */
export const ViewportCanvas = memo(function ViewportCanvas({ build, panel, label, describedBy, testId }: Props) {
  const store = useStoreApi();
  const ref = useRef<HTMLCanvasElement>(null);

  useLayoutEffect(() => {
    const canvas = ref.current;
    if (!canvas) return;
    const reg = sceneRegistryOf(store);
    const entry = { canvas, build };
    const fit = (): void => {
      const dpr = window.devicePixelRatio || 1;
      const width = Math.max(1, Math.round(canvas.clientWidth * dpr));
      const height = Math.max(1, Math.round(canvas.clientHeight * dpr));
      if (canvas.width !== width || canvas.height !== height) {
        canvas.width = width;
        canvas.height = height;
        reg.redraw(entry);
      }
    };
    fit();
    const unregister = reg.register(entry);
    const observer = new ResizeObserver(fit);
    observer.observe(canvas);

    const scale = (): number => canvas.width / Math.max(1, canvas.getBoundingClientRect().width);
    const imagePoint = (event: PointerEvent | WheelEvent | MouseEvent) => {
      const rect = canvas.getBoundingClientRect();
      const dpr = scale();
      const s = store.getState();
      return canvasToImageOriented(canvas.width, canvas.height, aspectOf(s), s.viewport, s.orientation, (event.clientX - rect.left) * dpr, (event.clientY - rect.top) * dpr);
    };

    // Wheel: native listener, because React's is passive and could not keep the page from scrolling.
    const onWheel = (event: WheelEvent): void => {
      event.preventDefault();
      const { u, v } = imagePoint(event);
      const notches = event.deltaY / (event.deltaMode === 1 ? 3 : 100);
      const s = store.getState();
      s.setViewport(zoomAbout(s.viewport, VIEWER.wheelZoomPerNotch ** -notches, u, v));
    };

    let drag: Drag | null = null;
    const onPointerDown = (event: PointerEvent): void => {
      const s = store.getState();
      s.setActivePanel(panel);
      const kind = dragKindFor(event.button, s.tool, event.shiftKey);
      if (!kind) return;
      const target = kind === 'window' ? windowTarget(s, panel) : null;
      if (kind === 'window' && target) drag = { kind: 'window', x: event.clientX, y: event.clientY, window: target.window, span: target.span };
      else if (kind === 'window') return; // the sensitive direction has a symmetric colour range, no window
      else drag = { kind, x: event.clientX, y: event.clientY, viewport: s.viewport, anchor: imagePoint(event) };
      canvas.setPointerCapture(event.pointerId);
      event.preventDefault();
    };
    const onPointerMove = (event: PointerEvent): void => {
      const s = store.getState();
      if (drag?.kind === 'pan') {
        const dpr = scale();
        const frame = canvasVectorToFrame((event.clientX - drag.x) * dpr, (event.clientY - drag.y) * dpr, s.orientation);
        const placement = placeOriented(canvas.width, canvas.height, aspectOf(s), drag.viewport, s.orientation);
        s.setViewport({ ...drag.viewport, centerX: drag.viewport.centerX - frame.x / placement.width, centerY: drag.viewport.centerY - frame.y / placement.height });
      } else if (drag?.kind === 'zoom') {
        const rect = canvas.getBoundingClientRect();
        s.setViewport(zoomAbout(drag.viewport, dragZoomFactor((event.clientY - drag.y) / rect.height), drag.anchor.u, drag.anchor.v));
      } else if (drag?.kind === 'window') {
        const rect = canvas.getBoundingClientRect();
        windowTarget(s, panel)?.apply(dragWindow(drag.window, (event.clientX - drag.x) / rect.width, (event.clientY - drag.y) / rect.height, drag.span));
      }
      const { u, v } = imagePoint(event);
      s.setHover(u >= 0 && u <= 1 && v >= 0 && v <= 1 ? { u, v } : null);
    };
    const onPointerUp = (event: PointerEvent): void => {
      drag = null;
      if (canvas.hasPointerCapture(event.pointerId)) canvas.releasePointerCapture(event.pointerId);
    };
    const onLeave = (): void => {
      if (!drag) store.getState().setHover(null);
    };
    const onDoubleClick = (): void => store.getState().resetView();
    const onContextMenu = (event: Event): void => event.preventDefault();
    const onFocus = (): void => store.getState().setActivePanel(panel);
    // Middle-button press would start the browser's autoscroll.
    const onMouseDown = (event: MouseEvent): void => {
      if (event.button === 1) event.preventDefault();
    };

    canvas.addEventListener('wheel', onWheel, { passive: false });
    canvas.addEventListener('pointerdown', onPointerDown);
    canvas.addEventListener('pointermove', onPointerMove);
    canvas.addEventListener('pointerup', onPointerUp);
    canvas.addEventListener('pointercancel', onPointerUp);
    canvas.addEventListener('pointerleave', onLeave);
    canvas.addEventListener('dblclick', onDoubleClick);
    canvas.addEventListener('contextmenu', onContextMenu);
    canvas.addEventListener('focus', onFocus);
    canvas.addEventListener('mousedown', onMouseDown);
    return () => {
      observer.disconnect();
      unregister();
      canvas.removeEventListener('wheel', onWheel);
      canvas.removeEventListener('pointerdown', onPointerDown);
      canvas.removeEventListener('pointermove', onPointerMove);
      canvas.removeEventListener('pointerup', onPointerUp);
      canvas.removeEventListener('pointercancel', onPointerUp);
      canvas.removeEventListener('pointerleave', onLeave);
      canvas.removeEventListener('dblclick', onDoubleClick);
      canvas.removeEventListener('contextmenu', onContextMenu);
      canvas.removeEventListener('focus', onFocus);
      canvas.removeEventListener('mousedown', onMouseDown);
    };
  }, [build, panel]);

  return <canvas ref={ref} className="viewport" role="img" tabIndex={0} aria-label={label} aria-describedby={describedBy} data-testid={testId} data-panel={panel} data-empty="true" />;
});
