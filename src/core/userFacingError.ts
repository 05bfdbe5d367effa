/**
 * The product's one error vocabulary. Every refusal a person can see (an image that will not open,
 * a model that will not load, an analysis that cannot be trusted) is a UserFacingError: a stable
 * `code` for programs and tests, and a `message` of ONE line that names the file, says the problem in
 * the user's words and, where there is something to do, what to do. A library's own words (useful
 * to whoever files a bug, meaningless to a clinician) go in `details` only, shown on request
 * (`ifim --verbose`, the app's "details").
 *
 * No imports: src/io, src/engine, src/worker and the CLI all build on it.
 */

export interface UserFacingErrorOptions {
  /** The file the problem is in, when there is one (also named in the message). */
  readonly file?: string | null;
  /** The library's or the codec's own text: for --verbose and bug reports, never the main line. */
  readonly details?: string;
}

/** A problem found while reading an input that did not stop it: shown beside the result, saved in result.json. */
export interface UserWarning {
  readonly code: string;
  readonly message: string;
}

/**
 * Collapses a text to one line (messages are printed after "ifim: " and in one notice row); control
 * characters from a damaged file's text fields become "?".
 */
export function oneLine(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/\s*[\r\n]+\s*/g, ' ').replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\ufffd]/g, '?').replace(/\s{2,}/g, ' ').trim();
}

export class UserFacingError<Code extends string = string> extends Error {
  readonly file: string | null;
  readonly details: string | undefined;

  constructor(
    readonly code: Code,
    message: string,
    options: UserFacingErrorOptions = {},
  ) {
    super(oneLine(message));
    this.name = 'UserFacingError';
    this.file = options.file ?? null;
    this.details = options.details === undefined ? undefined : oneLine(options.details);
  }
}

/** The code, message and details of any UserFacingError, also a plain object that crossed a worker boundary. */
export interface UserFacingProblem {
  readonly code: string;
  readonly message: string;
  readonly file: string | null;
  readonly details?: string;
}

export function userFacingProblem(error: unknown): UserFacingProblem | null {
  if (error instanceof UserFacingError) {
    return { code: error.code, message: error.message, file: error.file, ...(error.details === undefined ? {} : { details: error.details }) };
  }
  return null;
}

/** Library errors arrive as Error, string, number (an Emscripten exception pointer) or {exception}: one readable line. */
export function describeThrown(thrown: unknown): string {
  if (thrown instanceof Error) return oneLine(thrown.message);
  if (typeof thrown === 'string') return oneLine(thrown);
  if (thrown && typeof thrown === 'object' && 'exception' in thrown) return describeThrown((thrown as { exception: unknown }).exception);
  if (typeof thrown === 'number') return `error ${thrown}`;
  return oneLine(String(thrown));
}

/** Numbers for refusals: 1.6 Gpx, 40000×40000, 1.9 GiB. */
export function formatPixels(pixels: number): string {
  if (pixels >= 1e9) return `${(pixels / 1e9).toFixed(1)} Gpx`;
  if (pixels >= 1e6) return `${(pixels / 1e6).toFixed(1)} Mpx`;
  return `${pixels} px`;
}

export function formatBytes(bytes: number): string {
  const units = ['bytes', 'KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return unit === 0 ? `${bytes} bytes` : `${value.toFixed(1)} ${units[unit]}`;
}
