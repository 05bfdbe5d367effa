import { describe, expect, it } from 'vitest';
import { dragKindFor, dragZoomFactor, hotkeyAction, ZOOM_PER_PANEL_HEIGHT } from './pointerLogic';

describe('radiology mouse bindings', () => {
  it('left windows, middle pans, right zooms; the Pan tool or Shift makes the left button pan', () => {
    expect(dragKindFor(0, 'window')).toBe('window');
    expect(dragKindFor(0, 'pan')).toBe('pan');
    expect(dragKindFor(0, 'window', true)).toBe('pan');
    expect(dragKindFor(1, 'window')).toBe('pan');
    expect(dragKindFor(2, 'window')).toBe('zoom');
    expect(dragKindFor(2, 'pan')).toBe('zoom');
    expect(dragKindFor(3, 'window')).toBeNull();
  });

  it('dragging up zooms in, down zooms out, and a drag and its reverse cancel', () => {
    expect(dragZoomFactor(-1)).toBe(ZOOM_PER_PANEL_HEIGHT);
    expect(dragZoomFactor(0.5)).toBeCloseTo(1 / Math.sqrt(ZOOM_PER_PANEL_HEIGHT), 12);
    expect(dragZoomFactor(0.3) * dragZoomFactor(-0.3)).toBeCloseTo(1, 12);
    expect(dragZoomFactor(NaN)).toBe(1);
  });
});

describe('hotkeys', () => {
  it('1–5 pick presets, i inverts, r rotates, h/v flip, space resets', () => {
    expect(hotkeyAction('1')).toEqual({ kind: 'preset', index: 0 });
    expect(hotkeyAction('5')).toEqual({ kind: 'preset', index: 4 });
    expect(hotkeyAction('6')).toBeNull();
    expect(hotkeyAction('I')).toEqual({ kind: 'invert' });
    expect(hotkeyAction('r')).toEqual({ kind: 'rotate' });
    expect(hotkeyAction('h')).toEqual({ kind: 'flip-h' });
    expect(hotkeyAction('v')).toEqual({ kind: 'flip-v' });
    expect(hotkeyAction(' ')).toEqual({ kind: 'reset' });
  });

  it('leaves the scrub and zoom keys alone (no clash with ← → [ ] 0 + −)', () => {
    for (const key of ['ArrowLeft', 'ArrowRight', '[', ']', '0', '+', '-', 'o', 'w', 'm', 't', '?']) expect(hotkeyAction(key)).toBeNull();
  });
});
