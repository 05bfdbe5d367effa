import { UPRIGHT } from '../render/orientation';
import { FIT_VIEWPORT, clampViewport } from '../render/viewport';
import { withOverlaySettings } from './displayRasters';
import type { SliceCreator, ViewSlice } from './types';

/** How long an info notice stays (errors stay until dismissed). */
const INFO_NOTICE_MS = 8000;
const MAX_NOTICES = 5;

export const DEFAULT_PANEL_WINDOWS = { input: null, high: null, low: null } as const;

const clamp01 = (x: number): number => Math.min(1, Math.max(0, x));

/**
 * What the user looks at and how. Scrubbing (i, k), zoom, pan and hover change here many times a
 * second: the image canvases subscribe to the store directly and redraw without React re-rendering
 * the page (zustand transient updates).
 */
export const createViewSlice: SliceCreator<ViewSlice> = (set, get) => {
  let noticeId = 0;
  const modeCount = (): number => get().payload?.modeCount ?? 0;
  return {
    selectedMode: 0,
    k: 1,
    overlay: 'none',
    overlayOpacity: 0.6,
    overlayThreshold: 0.2,
    colorMap: 'rdbu',
    theme: 'dark',
    viewport: FIT_VIEWPORT,
    displayWindow: null,
    invert: false,
    // Radiology convention: the left button windows (Cornerstone/OHIF); the Pan tool swaps it.
    tool: 'window',
    imageView: 'original',
    showOutline: true,
    panelWindows: DEFAULT_PANEL_WINDOWS,
    windowLink: 'own',
    orientation: UPRIGHT,
    activePanel: 'image',
    readingLevel: 'plain',
    showInsensitiveMap: false,
    hover: null,
    aboutOpen: false,
    tourStep: null,
    tourDone: false,
    notices: [],
    setSelectedMode(index) {
      if (Number.isInteger(index) && index >= 0) set({ selectedMode: index });
    },
    stepMode(delta) {
      const count = modeCount();
      if (count === 0) return;
      const current = Math.min(get().selectedMode, count - 1);
      const next = Math.max(0, Math.min(count - 1, current + delta));
      if (next !== get().selectedMode) set({ selectedMode: next });
    },
    setK(k) {
      if (Number.isInteger(k) && k >= 0) set({ k });
    },
    stepK(delta) {
      const count = modeCount();
      const current = Math.min(get().k, count);
      const next = Math.max(0, Math.min(count, current + delta));
      if (next !== get().k) set({ k: next });
    },
    setOverlay(overlay) {
      set({ overlay });
    },
    setOverlayOpacity(opacity) {
      if (Number.isFinite(opacity)) set({ overlayOpacity: clamp01(opacity) });
    },
    setOverlayThreshold(threshold) {
      if (!Number.isFinite(threshold)) return;
      const overlayThreshold = clamp01(threshold);
      const rasters = get().rasters;
      set({ overlayThreshold, rasters: rasters ? withOverlaySettings(rasters, { colorMap: get().colorMap, threshold: overlayThreshold }) : null });
    },
    setColorMap(colorMap) {
      const rasters = get().rasters;
      set({ colorMap, rasters: rasters ? withOverlaySettings(rasters, { colorMap, threshold: get().overlayThreshold }) : null });
    },
    setTheme(theme) {
      set({ theme });
    },
    setViewport(viewport) {
      set({ viewport: clampViewport(viewport) });
    },
    setDisplayWindow(displayWindow) {
      if (displayWindow && !(displayWindow.high > displayWindow.low)) return;
      set({ displayWindow });
    },
    setInvert(invert) {
      set({ invert });
    },
    setTool(tool) {
      set({ tool });
    },
    setImageView(imageView) {
      set({ imageView });
    },
    setShowOutline(showOutline) {
      set({ showOutline });
    },
    setPanelWindow(panel, window) {
      if (window && !(window.high > window.low)) return;
      set((s) => ({ panelWindows: { ...s.panelWindows, [panel]: window } }));
    },
    setWindowLink(windowLink) {
      // A link change starts both derived panels at the new default.
      set((s) => ({ windowLink, panelWindows: { ...s.panelWindows, high: null, low: null } }));
    },
    setOrientation(orientation) {
      set({ orientation });
    },
    resetView() {
      set({ viewport: FIT_VIEWPORT, orientation: UPRIGHT, displayWindow: null, panelWindows: DEFAULT_PANEL_WINDOWS });
    },
    setActivePanel(activePanel) {
      if (get().activePanel !== activePanel) set({ activePanel });
    },
    setReadingLevel(readingLevel) {
      set({ readingLevel });
    },
    setShowInsensitiveMap(showInsensitiveMap) {
      set({ showInsensitiveMap });
    },
    setHover(hover) {
      const h = get().hover;
      if (h === hover || (h && hover && h.u === hover.u && h.v === hover.v)) return;
      set({ hover });
    },
    setAboutOpen(aboutOpen) {
      set({ aboutOpen });
    },
    setTourStep(tourStep) {
      set({ tourStep });
    },
    finishTour() {
      set({ tourStep: null, tourDone: true });
    },
    notify(level, text) {
      const id = ++noticeId;
      set((s) => ({ notices: [...s.notices, { id, level, text }].slice(-MAX_NOTICES) }));
      if (level === 'info') setTimeout(() => get().dismissNotice(id), INFO_NOTICE_MS);
    },
    dismissNotice(id) {
      if (get().notices.some((n) => n.id === id)) set((s) => ({ notices: s.notices.filter((n) => n.id !== id) }));
    },
  };
};
