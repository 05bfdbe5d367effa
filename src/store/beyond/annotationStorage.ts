import type { AppState } from '../types';
import { parseAnnotations, serializeAnnotations } from './roiAnnotations';

type Storage = Pick<globalThis.Storage, 'getItem' | 'setItem' | 'removeItem'>;

export const ANNOTATION_STORAGE_PREFIX = 'ifim-viewer:roi:v1:';

/** The key an image's ROIs are kept under: the sample id, or the file's name (never its contents). */
export function annotationKey(image: AppState['image']): string | null {
  if (!image) return null;
  return ANNOTATION_STORAGE_PREFIX + (image.source.kind === 'sample' ? `sample:${image.id}` : `file:${image.name}`);
}

/**
 * The session's ROIs survive a reload as the view does (localStorage, on this machine only):
 * opening an image brings back the ROIs drawn on it; drawing writes them.
 */
export function persistAnnotations(
  store: { subscribe: (listener: (s: AppState, prev: AppState) => void) => () => void; getState: () => AppState },
  storage: Storage | null,
): () => void {
  const restore = (s: AppState) => {
    const key = annotationKey(s.image);
    if (!key) return;
    let text: string | null = null;
    try {
      text = storage?.getItem(key) ?? null;
    } catch {
      text = null;
    }
    const saved = parseAnnotations(text);
    if (saved.length > 0) s.setAnnotations(saved);
  };
  restore(store.getState());
  return store.subscribe((s, prev) => {
    if (s.image?.id !== prev.image?.id) {
      restore(s);
      return;
    }
    if (s.annotations === prev.annotations) return;
    const key = annotationKey(s.image);
    if (!key) return;
    try {
      if (s.annotations.length === 0) storage?.removeItem(key);
      else storage?.setItem(key, serializeAnnotations(s.annotations));
    } catch {
      // A blocked or full storage: the ROIs still work, they are just not remembered.
    }
  });
}
