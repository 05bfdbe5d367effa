/**
 * Test-fixture support: the encoders inside the @cornerstonejs codec packages' full builds
 * (libjpeg-turbo 8-bit baseline, CharLS JPEG-LS, OpenJPEG JPEG 2000). Used by
 * scripts/make-image-fixtures.ts only; the app loads the decode-only builds.
 */

interface EncoderFrameInfo {
  width: number;
  height: number;
  bitsPerSample: number;
  componentCount: number;
  isSigned: boolean;
  isUsingColorTransform?: boolean;
}

interface EmbindEncoder {
  getDecodedBuffer(info: EncoderFrameInfo): Uint8Array;
  getEncodedBuffer(): Uint8Array;
  encode(): void;
  delete(): void;
  [setter: string]: unknown;
}

type Factory = (options?: object) => Promise<object>;
const modules = new Map<string, Promise<Record<string, unknown>>>();

/** One instance per codec: Emscripten registers its classes on the options object, so it cannot be reused. */
async function encoderClass(load: () => Promise<{ default: Factory }>, name: string): Promise<new () => EmbindEncoder> {
  let module = modules.get(name);
  if (!module) {
    module = load().then((glue) => glue.default({ print: () => {}, printErr: () => {} }) as Promise<Record<string, unknown>>);
    modules.set(name, module);
  }
  return (await module)[name] as new () => EmbindEncoder;
}

function run(Encoder: new () => EmbindEncoder, info: EncoderFrameInfo, samples: Uint8Array | Uint16Array | Int16Array, configure: (e: EmbindEncoder) => void): Uint8Array {
  const encoder = new Encoder();
  try {
    const input = encoder.getDecodedBuffer(info);
    input.set(new Uint8Array(samples.buffer, samples.byteOffset, samples.byteLength));
    configure(encoder);
    encoder.encode();
    return encoder.getEncodedBuffer().slice();
  } finally {
    encoder.delete();
  }
}

const call = (e: EmbindEncoder, method: string, ...args: unknown[]): void => {
  (e[method] as (...a: unknown[]) => void).call(e, ...args);
};

/** Baseline (non-progressive) JPEG; `subsampling` is TurboJPEG's TJSAMP (0 = 4:4:4, 1 = 4:2:2). */
export async function encodeBaselineJpeg(samples: Uint8Array, width: number, height: number, components: 1 | 3, quality: number, subsampling = 0): Promise<Uint8Array> {
  const Encoder = await encoderClass(() => import('@cornerstonejs/codec-libjpeg-turbo-8bit/wasmjs'), 'JPEGEncoder');
  return run(Encoder, { width, height, bitsPerSample: 8, componentCount: components, isSigned: false }, samples, (e) => {
    call(e, 'setProgressive', 0); // the wrapper defaults to progressive, which DICOM's baseline syntax forbids
    call(e, 'setQuality', quality);
    call(e, 'setSubSampling', components === 1 ? 3 : subsampling);
  });
}

/** JPEG-LS; near = 0 is lossless. Samples are unsigned bit patterns. */
export async function encodeJpegLs(samples: Uint8Array | Uint16Array, width: number, height: number, bits: number, near: number): Promise<Uint8Array> {
  const Encoder = await encoderClass(() => import('@cornerstonejs/codec-charls/wasmjs'), 'JpegLSEncoder');
  return run(Encoder, { width, height, bitsPerSample: bits, componentCount: 1, isSigned: false }, samples, (e) => call(e, 'setNearLossless', near));
}

/** JPEG 2000 codestream; lossless (5/3) or irreversible (9/7) at the given compression ratio. */
export async function encodeJpeg2000(samples: Uint16Array | Int16Array, width: number, height: number, bits: number, signed: boolean, lossless: boolean, ratio = 10): Promise<Uint8Array> {
  const Encoder = await encoderClass(() => import('@cornerstonejs/codec-openjpeg/wasmjs'), 'J2KEncoder');
  return run(Encoder, { width, height, bitsPerSample: bits, componentCount: 1, isSigned: signed, isUsingColorTransform: false }, samples, (e) => {
    call(e, 'setDecompositions', 3); // 61 × 45 is too small for the default five levels
    call(e, 'setQuality', lossless, 0);
    if (!lossless) call(e, 'setCompressionRatio', 0, ratio);
  });
}
