import { describe, expect, it } from 'vitest';
import { VIEW_STORAGE_KEY, parsePersistedView, persistView, readPersistedView } from './persistence';
import type { AppState } from './types';

describe('persisted view settings', () => {
  it('keeps what is valid and drops the rest', () => {
    expect(parsePersistedView(JSON.stringify({ theme: 'light', overlay: 'high', overlayOpacity: 0.3, colorMap: 'puor', tourDone: true }))).toEqual({ theme: 'light', overlay: 'high', overlayOpacity: 0.3, colorMap: 'puor', tourDone: true });
    expect(parsePersistedView(JSON.stringify({ theme: 'sepia', overlayOpacity: 3, colorMap: 'jet', invert: 'yes' }))).toEqual({});
    expect(parsePersistedView('{not json')).toEqual({});
    expect(parsePersistedView(null)).toEqual({});
  });

  it('writes on change and reads back; a failing storage is harmless', () => {
    const stored = new Map<string, string>();
    const storage = { getItem: (k: string) => stored.get(k) ?? null, setItem: (k: string, v: string) => void stored.set(k, v) };
    let listener: (s: AppState) => void = () => {};
    persistView((l) => ((listener = l), () => {}), storage);
    const state = { theme: 'light', overlay: 'mode', overlayOpacity: 0.5, overlayThreshold: 0.1, colorMap: 'rdbu', invert: true, tool: 'window', imageView: 'model', showOutline: false, tourDone: true } as AppState;
    listener(state);
    expect(readPersistedView(storage)).toMatchObject({ theme: 'light', overlay: 'mode', invert: true, tool: 'window', tourDone: true });
    expect(stored.has(VIEW_STORAGE_KEY)).toBe(true);
    const broken = { getItem: () => { throw new Error('denied'); }, setItem: () => { throw new Error('full'); } };
    expect(readPersistedView(broken)).toEqual({});
    persistView((l) => ((listener = l), () => {}), broken);
    expect(() => listener(state)).not.toThrow();
  });
});
