import { UserFacingError } from '../core/userFacingError';

/**
 * Why a model could not be loaded, as a stable code for the interface and one sentence for the
 * user that names the file. No TF.js import: the worker protocol re-exports these helpers so that
 * the main thread can read an error that crossed the worker boundary.
 */
export const MODEL_LOAD_ERROR_CODES = [
  /** A file of another framework (Keras HDF5, ONNX, PyTorch, TFLite, SavedModel, …). */
  'foreign-format',
  /** No model.json among the files, or a zip without one. */
  'no-model-json',
  /** model.json is not JSON, or not a TensorFlow.js model.json. */
  'invalid-model-json',
  'missing-shard',
  'shard-size',
  /** Weight names in the manifest do not match the model's variables or constants. */
  'weight-mismatch',
  /** A weight holds NaN or ±Infinity. */
  'invalid-weights',
  /** An op TF.js cannot run on this backend, or cannot differentiate. */
  'unsupported-op',
  /** An input the tool cannot feed one image to (rank, size, channels). */
  'input-shape',
  'multiple-inputs',
  'multiple-outputs',
  /** The output is not one vector of class scores per image. */
  'output-not-classifier',
  'metadata-invalid',
  /** metadata.json contradicts the model (input size, class count). */
  'metadata-mismatch',
  'unreadable-archive',
  'fetch-failed',
] as const;

export type ModelLoadErrorCode = (typeof MODEL_LOAD_ERROR_CODES)[number];

const NAME_PREFIX = 'ModelLoadError';

/** The product's UserFacingError (src/core/userFacingError.ts) with the model-loading codes. */
export class ModelLoadError extends UserFacingError<ModelLoadErrorCode> {
  constructor(
    code: ModelLoadErrorCode,
    message: string,
    /** The file the problem is in, when there is one (also named in the message). */
    file: string | null = null,
    /** TF.js's own words, for --verbose and the app's "details". */
    details?: string,
  ) {
    super(code, message, { file, details });
    // The code travels in the name: Comlink carries only name, message and stack across a worker.
    this.name = `${NAME_PREFIX}(${code})`;
  }
}

export interface ModelLoadErrorInfo {
  readonly code: ModelLoadErrorCode;
  readonly message: string;
}

/**
 * The code and message of a ModelLoadError, also after it crossed a worker boundary as a plain
 * Error (name `ModelLoadError(code)`); null for any other error.
 */
export function modelLoadErrorInfo(error: unknown): ModelLoadErrorInfo | null {
  if (error instanceof ModelLoadError) return { code: error.code, message: error.message };
  if (typeof error !== 'object' || error === null) return null;
  const { name, message } = error as { name?: unknown; message?: unknown };
  const match = typeof name === 'string' ? /^ModelLoadError\(([a-z-]+)\)$/.exec(name) : null;
  if (!match || !(MODEL_LOAD_ERROR_CODES as readonly string[]).includes(match[1])) return null;
  return { code: match[1] as ModelLoadErrorCode, message: typeof message === 'string' ? message : '' };
}
