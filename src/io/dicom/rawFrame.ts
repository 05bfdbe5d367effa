/** One frame as a decoder hands it over, before sign, rescale and colour are applied. */
export interface RawFrame {
  /** Sample bit patterns (or already-signed values from a codec), pixels interleaved. */
  readonly samples: Uint8Array | Uint16Array | Uint32Array | Int8Array | Int16Array | Int32Array;
  /** Samples per pixel in `samples`. */
  readonly components: 1 | 3;
  /** True when the codec already turned YCbCr into RGB (JPEG and JPEG 2000 decoders do). */
  readonly colourIsRgb: boolean;
  /** The compressed stream's sample precision, when a codec reports it (checked against Bits Allocated). */
  readonly bitsPerSample?: number;
}

/** Decodes one frame's compressed bytes; throws ImageDecodeError('corrupt-stream') on a bad stream. */
export type FrameDecoder = (encoded: Uint8Array, frameIndex: number) => RawFrame;
