import { memo, useLayoutEffect, useRef } from 'react';
import type { DisplayWindow, Viewport } from '../../render';
import { FIT_VIEWPORT, canvasToImage, dragWindow, panByPixels, placeContent, zoomAbout } from '../../render';
import type { AppStore } from '../../store';
import { activeWindow } from '../../store';
import { VIEWER } from '../viewConfig';
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
  /** Accessible description of what the panel shows. */
  readonly label: string;
  readonly testId: string;
}

type Drag =
  | { readonly kind: 'pan'; readonly x: number; readonly y: number; readonly viewport: Viewport }
  | { readonly kind: 'window'; readonly x: number; readonly y: number; readonly window: DisplayWindow; readonly span: number };

/**
 * A thin image canvas (after excalidraw's StaticCanvas): React mounts it once; the scene registry
 * draws it from the store. Zoom (wheel), pan (drag), window/level (right drag, or the W/L tool),
 * hover (pixel readout) and double-click (fit) all write to the shared view state, so every panel
 * follows.
 */
export const ViewportCanvas = memo(function ViewportCanvas({ build, label, testId }: Props) {
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

    const placement = () => {
      const s = store.getState();
      return placeContent(canvas.width, canvas.height, aspectOf(s), s.viewport);
    };
    const imagePoint = (event: PointerEvent | WheelEvent) => {
      const rect = canvas.getBoundingClientRect();
      const dpr = canvas.width / Math.max(1, rect.width);
      return canvasToImage(placement(), (event.clientX - rect.left) * dpr, (event.clientY - rect.top) * dpr);
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
      const wantsWindow = event.button === 2 || (event.button === 0 && s.tool === 'window');
      const window = activeWindow(s);
      if (wantsWindow && s.image && window && s.imageView === 'original') {
        drag = { kind: 'window', x: event.clientX, y: event.clientY, window, span: s.image.raw.range.high - s.image.raw.range.low };
      } else if (event.button === 0 || event.button === 1) {
        drag = { kind: 'pan', x: event.clientX, y: event.clientY, viewport: s.viewport };
      } else return;
      canvas.setPointerCapture(event.pointerId);
      event.preventDefault();
    };
    const onPointerMove = (event: PointerEvent): void => {
      const s = store.getState();
      if (drag?.kind === 'pan') {
        const dpr = canvas.width / Math.max(1, canvas.clientWidth);
        s.setViewport(panByPixels(drag.viewport, placeContent(canvas.width, canvas.height, aspectOf(s), drag.viewport), (event.clientX - drag.x) * dpr, (event.clientY - drag.y) * dpr));
      } else if (drag?.kind === 'window') {
        const rect = canvas.getBoundingClientRect();
        s.setDisplayWindow(dragWindow(drag.window, (event.clientX - drag.x) / rect.width, (event.clientY - drag.y) / rect.height, drag.span));
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
    const onDoubleClick = (): void => store.getState().setViewport(FIT_VIEWPORT);
    const onContextMenu = (event: Event): void => event.preventDefault();

    canvas.addEventListener('wheel', onWheel, { passive: false });
    canvas.addEventListener('pointerdown', onPointerDown);
    canvas.addEventListener('pointermove', onPointerMove);
    canvas.addEventListener('pointerup', onPointerUp);
    canvas.addEventListener('pointercancel', onPointerUp);
    canvas.addEventListener('pointerleave', onLeave);
    canvas.addEventListener('dblclick', onDoubleClick);
    canvas.addEventListener('contextmenu', onContextMenu);
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
    };
  }, [build]);

  return <canvas ref={ref} className="viewport" role="img" aria-label={label} data-testid={testId} data-empty="true" />;
});
