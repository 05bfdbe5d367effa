import { useEffect } from 'react';
import { FIT_VIEWPORT, rotateClockwise, zoomAbout } from '../render';
import type { OverlayMode } from '../store';
import { useStoreApi } from './storeContext';
import { VIEWER } from './viewConfig';
import { hotkeyAction } from './viewer/pointerLogic';
import { applyPreset, presetsFor } from './viewer/windowLogic';

const NEXT_OVERLAY: Record<OverlayMode, OverlayMode> = { none: 'mode', mode: 'high', high: 'none' };

/** True when a key press belongs to the focused control (typing, a select's arrows, a slider's arrows). */
function ownedByControl(target: EventTarget | null, key: string): boolean {
  if (!(target instanceof HTMLElement)) return false;
  // Space presses the focused button, link or summary; it resets the view only elsewhere.
  if (key === ' ' && (target.closest('button, a, summary, [role="button"], [role="radio"], [role="menuitem"], [role="slider"]') || target.tagName === 'INPUT')) return true;
  if (target.isContentEditable || target.tagName === 'TEXTAREA' || target.tagName === 'SELECT') return true;
  if (target.tagName === 'INPUT') {
    const type = (target as HTMLInputElement).type;
    if (type === 'range') return key.startsWith('Arrow') || key === 'Home' || key === 'End' || key.startsWith('Page');
    return !['checkbox', 'radio', 'button'].includes(type);
  }
  return false;
}

/** The viewer's keyboard map (viewConfig.SHORTCUTS): ← → modes, [ ] k, and the display toggles. */
export function useKeyboardShortcuts(): void {
  const store = useStoreApi();
  useEffect(() => {
    const onKey = (e: KeyboardEvent): void => {
      if (e.defaultPrevented || e.ctrlKey || e.metaKey || e.altKey || ownedByControl(e.target, e.key)) return;
      const s = store.getState();
      const hotkey = hotkeyAction(e.key);
      if (hotkey) {
        if (hotkey.kind === 'preset') {
          const preset = presetsFor(s, s.activePanel)[hotkey.index];
          if (preset) applyPreset(s, s.activePanel, preset);
        } else if (hotkey.kind === 'invert') s.setInvert(!s.invert);
        else if (hotkey.kind === 'rotate') s.setOrientation(rotateClockwise(s.orientation));
        else if (hotkey.kind === 'flip-h') s.setOrientation({ ...s.orientation, flipH: !s.orientation.flipH });
        else if (hotkey.kind === 'flip-v') s.setOrientation({ ...s.orientation, flipV: !s.orientation.flipV });
        else s.resetView();
        e.preventDefault();
        return;
      }
      switch (e.key) {
        case 'ArrowRight':
          s.stepMode(1);
          break;
        case 'ArrowLeft':
          s.stepMode(-1);
          break;
        // Volumes and frame series: the slice (as radiology viewers: up/PageUp back, down/PageDown on).
        case 'ArrowUp':
        case 'PageUp':
          if (!s.image || s.image.frameCount < 2) return;
          void s.stepFrame(-1);
          break;
        case 'ArrowDown':
        case 'PageDown':
          if (!s.image || s.image.frameCount < 2) return;
          void s.stepFrame(1);
          break;
        case ']':
          s.stepK(1);
          break;
        case '[':
          s.stepK(-1);
          break;
        case 'o':
        case 'O':
          s.setOverlay(NEXT_OVERLAY[s.overlay]);
          break;
        case 'w':
        case 'W':
          s.setTool(s.tool === 'window' ? 'pan' : 'window');
          break;
        case 'm':
        case 'M':
          s.setImageView(s.imageView === 'model' ? 'original' : 'model');
          break;
        case '+':
        case '=':
          s.setViewport(zoomAbout(s.viewport, VIEWER.keyZoomStep, s.viewport.centerX, s.viewport.centerY));
          break;
        case '-':
        case '_':
          s.setViewport(zoomAbout(s.viewport, 1 / VIEWER.keyZoomStep, s.viewport.centerX, s.viewport.centerY));
          break;
        case '0':
          s.setViewport(FIT_VIEWPORT);
          break;
        case 't':
        case 'T':
          s.setTheme(s.theme === 'dark' ? 'light' : 'dark');
          break;
        case '?':
          s.setAboutOpen(true);
          break;
        case 'Escape':
          if (s.tourStep !== null) s.finishTour();
          else return;
          break;
        default:
          return;
      }
      e.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}
