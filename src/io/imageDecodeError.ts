import { UserFacingError } from '../core/userFacingError';
import type { UserFacingErrorOptions } from '../core/userFacingError';

/**
 * Why an image could not be opened: the product's UserFacingError (src/core/userFacingError.ts)
 * with the codes of image decoding. The message is one line for the person who chose the file;
 * a decoder's own words travel in `details`.
 */
export type ImageDecodeErrorCode =
  | 'empty'
  | 'truncated'
  | 'not-an-image'
  | 'unsupported-format'
  | 'unsupported-transfer-syntax'
  | 'unsupported-pixel-format'
  | 'too-large'
  /** A header that declares zero rows or columns. */
  | 'zero-size'
  | 'corrupt-stream'
  | 'no-pixel-data'
  | 'needs-async-decoder'
  /** The header contradicts itself or the pixel data (Rows × Columns against the data's length, …). */
  | 'inconsistent-header'
  /** Values that cannot be represented (a rescale that overflows, NaN in a batch). */
  | 'non-finite-values';

export class ImageDecodeError extends UserFacingError<ImageDecodeErrorCode> {
  constructor(code: ImageDecodeErrorCode, message: string, options: UserFacingErrorOptions = {}) {
    super(code, message, options);
    this.name = 'ImageDecodeError';
  }

  /** The same refusal, its message prefixed with the file's name (decoders do not know it). */
  inFile(name: string): ImageDecodeError {
    if (this.file !== null) return this;
    const message = this.message.startsWith(name) ? this.message : `${name}: ${this.message}`;
    return new ImageDecodeError(this.code, message, { file: name, details: this.details });
  }
}

export { describeThrown } from '../core/userFacingError';
