import { describeThrown } from '../../../core/userFacingError';
import { ImageDecodeError } from '../../imageDecodeError';
import { codecWasmUrl } from './codecPlatform';
import type { CodecName } from './codecPlatform';

/** The embind decoder classes of the @cornerstonejs codec packages share this shape. */
export interface EmbindFrameInfo {
  readonly width: number;
  readonly height: number;
  readonly bitsPerSample: number;
  readonly componentCount: number;
  readonly isSigned?: boolean;
}

export interface EmbindDecoder {
  getEncodedBuffer(length: number): Uint8Array;
  getDecodedBuffer(): Uint8Array;
  decode(): void;
  getFrameInfo(): EmbindFrameInfo;
  getInterleaveMode?(): number;
  delete(): void;
}

type Factory = (options?: object) => Promise<object>;

export interface LoadedCodec {
  readonly newDecoder: () => EmbindDecoder;
  /** What the codec printed to stderr since the last call (its own words for a corrupt stream), then forgets it. */
  readonly takeMessage: () => string;
}

const loaded = new Map<CodecName, Promise<LoadedCodec>>();

/**
 * Instantiates a codec once per process. Its console output is captured rather than printed: the
 * CLI's stdout must stay clean (openjpeg logs "[INFO] …" on every decode).
 */
export function loadEmscriptenCodec(codec: CodecName, importGlue: () => Promise<{ default: Factory }>, className: string): Promise<LoadedCodec> {
  let promise = loaded.get(codec);
  if (!promise) {
    promise = (async () => {
      let last = '';
      const wasmUrl = codecWasmUrl(codec);
      const glue = await importGlue();
      const module = (await glue.default({
        print: () => {},
        printErr: (text: string) => {
          last = text;
        },
        ...(wasmUrl ? { locateFile: (path: string, prefix: string) => (path.endsWith('.wasm') ? wasmUrl : prefix + path) } : {}),
      })) as Record<string, unknown>;
      const Decoder = module[className] as (new () => EmbindDecoder) | undefined;
      if (!Decoder) throw new Error(`codec ${codec} has no ${className}`);
      const takeMessage = (): string => {
        const message = last;
        last = '';
        return message;
      };
      return { newDecoder: () => new Decoder(), takeMessage };
    })();
    promise.catch(() => loaded.delete(codec)); // a failed load may be retried
    loaded.set(codec, promise);
  }
  return promise;
}

export interface CodecOutput {
  readonly info: EmbindFrameInfo;
  /** A copy of the decoded bytes (the codec's buffer lives in wasm memory and dies with the decoder). */
  readonly bytes: Uint8Array;
  readonly interleaveMode?: number;
}

/** Runs one decode, always freeing the decoder, and turns codec failures into corrupt-stream errors. */
export function runDecoder(codec: LoadedCodec, encoded: Uint8Array, what: string): CodecOutput {
  const decoder = codec.newDecoder();
  codec.takeMessage();
  try {
    decoder.getEncodedBuffer(encoded.length).set(encoded);
    decoder.decode();
    const info = decoder.getFrameInfo();
    const bytes = decoder.getDecodedBuffer().slice();
    return { info: { ...info }, bytes, interleaveMode: decoder.getInterleaveMode?.() };
  } catch (error) {
    // Emscripten surfaces a C++ exception as a bare pointer number: say what it means instead.
    const detail = codec.takeMessage() || (typeof error === 'number' ? 'the codec rejected the data' : describeThrown(error));
    throw new ImageDecodeError('corrupt-stream', `the ${what} stream could not be decoded: the compressed pixel data is damaged`, { details: detail.replace(/^\[ERROR\]\s*/, '') });
  } finally {
    decoder.delete();
  }
}

/** Decoded bytes → samples of the codec's reported width (little-endian wasm memory). */
export function samplesOf(output: CodecOutput): Uint8Array | Uint16Array | Int16Array {
  const { bytes, info } = output;
  if (info.bitsPerSample <= 8) return bytes;
  const aligned = new Uint8Array(bytes.length - (bytes.length % 2));
  aligned.set(bytes.subarray(0, aligned.length));
  return info.isSigned ? new Int16Array(aligned.buffer) : new Uint16Array(aligned.buffer);
}
