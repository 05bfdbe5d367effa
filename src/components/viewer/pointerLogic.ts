import type { PointerTool } from '../../store';

/**
 * The radiology mouse bindings (OHIF / Cornerstone defaults), as pure functions: which drag a
 * button starts, and what a drag or a hotkey does. ViewportCanvas and useKeyboardShortcuts only
 * route events here.
 *
 * | button | drag |
 * |---|---|
 * | left | window/level (or pan, with the Pan tool) |
 * | middle | pan |
 * | right | zoom (up: in, down: out) |
 */
export type DragKind = 'window' | 'pan' | 'zoom';

/** MouseEvent.button: 0 left, 1 middle, 2 right. Other buttons start nothing. */
export function dragKindFor(button: number, tool: PointerTool, shiftKey = false): DragKind | null {
  if (button === 0) return shiftKey ? 'pan' : tool === 'pan' ? 'pan' : 'window';
  if (button === 1) return 'pan';
  if (button === 2) return 'zoom';
  return null;
}

/** Zoom factor of a vertical right-drag: a drag over the whole panel height upwards doubles… ×4. */
export const ZOOM_PER_PANEL_HEIGHT = 4;

/** Zoom factor for a vertical drag of dyFraction panel heights (negative = upwards = in). */
export function dragZoomFactor(dyFraction: number): number {
  if (!Number.isFinite(dyFraction)) return 1;
  return ZOOM_PER_PANEL_HEIGHT ** -dyFraction;
}

/** What a hotkey does (beyond the scrub keys ← → [ ]). */
export type HotkeyAction =
  | { readonly kind: 'preset'; readonly index: number }
  | { readonly kind: 'invert' }
  | { readonly kind: 'rotate' }
  | { readonly kind: 'flip-h' }
  | { readonly kind: 'flip-v' }
  | { readonly kind: 'reset' };

/**
 * 1–5: the active panel's window presets; i invert; r rotate 90° clockwise; h / v flip; space
 * resets zoom, pan, rotation, flips and windows. None of these clash with ← → [ ] (modes, k),
 * 0 (fit), + − (zoom), o, w, m, t or ?.
 */
export function hotkeyAction(key: string): HotkeyAction | null {
  if (/^[1-5]$/.test(key)) return { kind: 'preset', index: Number(key) - 1 };
  switch (key) {
    case 'i':
    case 'I':
      return { kind: 'invert' };
    case 'r':
    case 'R':
      return { kind: 'rotate' };
    case 'h':
    case 'H':
      return { kind: 'flip-h' };
    case 'v':
    case 'V':
      return { kind: 'flip-v' };
    case ' ':
      return { kind: 'reset' };
    default:
      return null;
  }
}
