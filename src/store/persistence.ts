import { isDivergingMapId } from '../render/colorMaps';
import type { AppState, ImageView, OverlayMode, PointerTool, ReadingLevel, Theme, WindowLink } from './types';

/**
 * The view settings that survive a reload (localStorage): how the user likes to look, not what
 * they looked at. What was looked at (model, sample, i, k) travels in the URL instead.
 */
export interface PersistedView {
  readonly theme: Theme;
  readonly overlay: OverlayMode;
  readonly overlayOpacity: number;
  readonly overlayThreshold: number;
  readonly colorMap: AppState['colorMap'];
  readonly invert: boolean;
  readonly tool: PointerTool;
  readonly imageView: ImageView;
  readonly showOutline: boolean;
  readonly tourDone: boolean;
  readonly readingLevel: ReadingLevel;
  readonly windowLink: WindowLink;
}

export const VIEW_STORAGE_KEY = 'ifim-viewer:view:v1';

export function persistedView(s: AppState): PersistedView {
  return {
    theme: s.theme,
    overlay: s.overlay,
    overlayOpacity: s.overlayOpacity,
    overlayThreshold: s.overlayThreshold,
    colorMap: s.colorMap,
    invert: s.invert,
    tool: s.tool,
    imageView: s.imageView,
    showOutline: s.showOutline,
    tourDone: s.tourDone,
    readingLevel: s.readingLevel,
    windowLink: s.windowLink,
  };
}

const oneOf = <T extends string>(values: readonly T[]) => (v: unknown): v is T => typeof v === 'string' && (values as readonly string[]).includes(v);
const unit = (v: unknown): v is number => typeof v === 'number' && v >= 0 && v <= 1;
const bool = (v: unknown): v is boolean => typeof v === 'boolean';

const CHECKS: { [K in keyof PersistedView]: (v: unknown) => v is PersistedView[K] } = {
  theme: oneOf<Theme>(['dark', 'light']),
  overlay: oneOf<OverlayMode>(['none', 'mode', 'high']),
  overlayOpacity: unit,
  overlayThreshold: unit,
  colorMap: (v: unknown): v is AppState['colorMap'] => typeof v === 'string' && isDivergingMapId(v),
  invert: bool,
  tool: oneOf<PointerTool>(['pan', 'window']),
  imageView: oneOf<ImageView>(['original', 'model']),
  showOutline: bool,
  tourDone: bool,
  readingLevel: oneOf<ReadingLevel>(['plain', 'math']),
  windowLink: oneOf<WindowLink>(['own', 'shared']),
};

/** Whatever is valid in a stored record; anything else (an old version, a hand edit) is dropped. */
export function parsePersistedView(text: string | null): Partial<PersistedView> {
  if (!text) return {};
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return {};
  }
  if (typeof json !== 'object' || json === null) return {};
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(CHECKS) as (keyof PersistedView)[]) {
    const value = (json as Record<string, unknown>)[key];
    if (CHECKS[key](value)) out[key] = value;
  }
  return out as Partial<PersistedView>;
}

type Storage = Pick<globalThis.Storage, 'getItem' | 'setItem'>;

/** Reads the stored settings (a blocked or full storage reads as empty). */
export function readPersistedView(storage: Storage | null, key = VIEW_STORAGE_KEY): Partial<PersistedView> {
  try {
    return parsePersistedView(storage?.getItem(key) ?? null);
  } catch {
    return {};
  }
}

/** Writes the settings whenever they change. */
export function persistView(subscribe: (listener: (s: AppState) => void) => () => void, storage: Storage | null, key = VIEW_STORAGE_KEY): () => void {
  let last = '';
  return subscribe((s) => {
    const text = JSON.stringify(persistedView(s));
    if (text === last) return;
    last = text;
    try {
      storage?.setItem(key, text);
    } catch {
      // Private windows and full storage refuse writes; the view still works, it is just not remembered.
    }
  });
}
