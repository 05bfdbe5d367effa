/** The TF.js backends this tool can run on, in order of preference for automatic choice. */
export const BACKEND_NAMES = ['webgpu', 'webgl', 'wasm', 'cpu'] as const;
export type BackendName = (typeof BACKEND_NAMES)[number];
export type BackendPreference = BackendName | 'auto';

export function parseBackendPreference(value: string | null | undefined): BackendPreference {
  if (value == null || value === '' || value === 'auto') return 'auto';
  if ((BACKEND_NAMES as readonly string[]).includes(value)) return value as BackendName;
  throw new Error(`unknown backend "${value}": choose one of auto, ${BACKEND_NAMES.join(', ')}`);
}

/** What the engine reports about the backend it chose, so the UI and the CLI can say it. */
export interface BackendReport {
  readonly name: BackendName;
  /** True when the device is a software rasteriser (e.g. SwiftShader) rather than a GPU. */
  readonly software: boolean;
  /** The adapter or renderer description, when the platform gives one. */
  readonly device: string;
  /** Why each backend before the chosen one was passed over. */
  readonly skipped: ReadonlyArray<{ readonly name: BackendName; readonly reason: string }>;
}
