import type { DivergingMapId } from '../render/colorMaps';
import { isDivergingMapId } from '../render/colorMaps';
import type { OverlayMode } from '../store';
import type { BackendPreference } from '../worker/protocol';
import { parseBackendPreference } from '../worker/protocol';

/**
 * What the address bar can say — the shareable part of a view:
 * `?model=<id>&sample=<id>&backend=<name>&k=<k>&mode=<i>&overlay=<none|mode|high>&cmap=<rdbu|puor>&modelUrl=<url>`.
 * `modelUrl` opens a model from a URL (model.json or .zip; http(s), absolute or relative to the
 * page) as the tools drawer's "Open from URL" does, after the page's own model has booted.
 * `mode` is 1-based (mode=1 is v_1, as on the page); `k` is the number of leading modes in
 * x_high(k). Unknown or malformed values are reported, not thrown, so the page can say what was
 * wrong and still start.
 */
export interface UrlState {
  readonly modelId: string | null;
  /** A model.json or .zip to open (the tools drawer's "Open from URL"), or null. */
  readonly modelUrl: string | null;
  readonly sampleId: string | null;
  readonly backend: BackendPreference;
  readonly k: number | null;
  /** 1-based mode index, or null. */
  readonly mode: number | null;
  readonly overlay: OverlayMode | null;
  readonly colorMap: DivergingMapId | null;
  readonly problems: readonly string[];
}

const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;
const OVERLAYS: readonly OverlayMode[] = ['none', 'mode', 'high'];

export function parseUrlState(search: string): UrlState {
  const params = new URLSearchParams(search);
  const problems: string[] = [];
  const id = (name: string): string | null => {
    const value = params.get(name);
    if (value == null || value === '') return null;
    if (!ID_PATTERN.test(value)) {
      problems.push(`?${name}=${value} is not a valid id (letters, digits, ".", "_", "-")`);
      return null;
    }
    return value;
  };
  const count = (name: string, min: number): number | null => {
    const value = params.get(name);
    if (value == null || value === '') return null;
    const n = Number(value);
    if (!Number.isInteger(n) || n < min) {
      problems.push(`?${name}=${value} should be a whole number ≥ ${min}`);
      return null;
    }
    return n;
  };
  const choice = <T extends string>(name: string, ok: (v: string) => v is T, allowed: readonly string[]): T | null => {
    const value = params.get(name);
    if (value == null || value === '') return null;
    if (ok(value)) return value;
    problems.push(`?${name}=${value} should be one of ${allowed.join(', ')}`);
    return null;
  };
  let backend: BackendPreference = 'auto';
  try {
    backend = parseBackendPreference(params.get('backend'));
  } catch (error) {
    problems.push(error instanceof Error ? error.message : String(error));
  }
  const modelUrl = (): string | null => {
    const value = params.get('modelUrl')?.trim();
    if (value == null || value === '') return null;
    const problem = modelUrlProblem(value);
    if (problem) {
      problems.push(`?modelUrl=${value} ${problem}`);
      return null;
    }
    return value;
  };
  return {
    modelId: id('model'),
    modelUrl: modelUrl(),
    sampleId: id('sample'),
    backend,
    k: count('k', 0),
    mode: count('mode', 1),
    overlay: choice('overlay', (v): v is OverlayMode => (OVERLAYS as readonly string[]).includes(v), OVERLAYS),
    colorMap: choice('cmap', isDivergingMapId, ['rdbu', 'puor']),
    problems,
  };
}

/** Why a ?modelUrl value cannot be fetched as a model, or null: http(s) only, absolute or relative. */
export function modelUrlProblem(value: string): string | null {
  let url: URL;
  try {
    url = new URL(value, 'http://relative.invalid/');
  } catch {
    return 'is not a URL';
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return `should be an http(s) URL, not ${url.protocol}`;
  return null;
}

/** The query string for a state; parameters at their default (or unknown) are left out. */
export function formatUrlState(state: Omit<UrlState, 'problems' | 'modelUrl'> & { readonly modelUrl?: string | null }): string {
  const params = new URLSearchParams();
  if (state.modelId) params.set('model', state.modelId);
  if (state.modelUrl) params.set('modelUrl', state.modelUrl);
  if (state.sampleId) params.set('sample', state.sampleId);
  if (state.backend !== 'auto') params.set('backend', state.backend);
  if (state.k != null) params.set('k', String(state.k));
  if (state.mode != null) params.set('mode', String(state.mode));
  if (state.overlay != null && state.overlay !== 'none') params.set('overlay', state.overlay);
  if (state.colorMap != null && state.colorMap !== 'rdbu') params.set('cmap', state.colorMap);
  const text = params.toString();
  return text ? `?${text}` : '';
}

interface UrlSyncedState {
  readonly modelId: string | null;
  readonly sampleId: string | null;
  readonly k: number;
  /** 0-based in the store, 1-based in the URL. */
  readonly selectedMode: number;
  readonly overlay: OverlayMode;
  readonly colorMap: DivergingMapId;
}

const SYNCED: readonly (keyof UrlSyncedState)[] = ['modelId', 'sampleId', 'k', 'selectedMode', 'overlay', 'colorMap'];

/**
 * Keeps the address bar in step with what the page shows (replaceState: no history entry per
 * scrub), so that a view can be shared as a link. The backend stays as it was asked for.
 */
export function syncUrl(
  subscribe: (listener: (s: UrlSyncedState) => void) => () => void,
  backend: BackendPreference,
  location: Location,
  history: History,
  /** The page model opened from ?modelUrl (its store id and the URL): the link keeps the URL while it is in use. */
  fromUrl: { readonly modelId: string; readonly url: string } | null = null,
): () => void {
  let last: UrlSyncedState | null = null;
  return subscribe((s) => {
    // Most store updates (phases, timings, hover) leave these alone: skip them cheaply.
    if (last && SYNCED.every((key) => last?.[key] === s[key])) return;
    last = { modelId: s.modelId, sampleId: s.sampleId, k: s.k, selectedMode: s.selectedMode, overlay: s.overlay, colorMap: s.colorMap };
    // A model loaded from files has no address to share: leave it out of the link.
    const modelId = s.modelId?.startsWith('file:') ? null : s.modelId;
    const modelUrl = fromUrl && s.modelId === fromUrl.modelId ? fromUrl.url : null;
    const search = formatUrlState({ modelId, modelUrl, sampleId: s.sampleId, backend, k: s.k, mode: s.selectedMode + 1, overlay: s.overlay, colorMap: s.colorMap });
    if (search !== location.search) history.replaceState(history.state, '', `${location.pathname}${search}${location.hash}`);
  });
}
