/**
 * Why an image could not be opened, as a stable code (for the CLI's JSON and for tests) and a
 * message meant for the person who chose the file.
 */
export type ImageDecodeErrorCode =
  | 'empty'
  | 'truncated'
  | 'not-an-image'
  | 'unsupported-format'
  | 'unsupported-transfer-syntax'
  | 'unsupported-pixel-format'
  | 'too-large'
  | 'corrupt-stream'
  | 'no-pixel-data'
  | 'needs-async-decoder';

export class ImageDecodeError extends Error {
  constructor(
    readonly code: ImageDecodeErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'ImageDecodeError';
  }
}

/** Library errors arrive as Error, string or {exception}; this turns each into one readable line. */
export function describeThrown(thrown: unknown): string {
  if (thrown instanceof Error) return thrown.message;
  if (typeof thrown === 'string') return thrown;
  if (thrown && typeof thrown === 'object' && 'exception' in thrown) return describeThrown((thrown as { exception: unknown }).exception);
  if (typeof thrown === 'number') return `error ${thrown}`;
  return String(thrown);
}
