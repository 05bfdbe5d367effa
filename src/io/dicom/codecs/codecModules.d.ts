// The @cornerstonejs codec packages ship Emscripten glue without type declarations; emscriptenCodec.ts
// narrows these factories to the embind classes it uses.
declare module '@cornerstonejs/codec-libjpeg-turbo-8bit/decodewasmjs' {
  const factory: (options?: object) => Promise<object>;
  export default factory;
}
declare module '@cornerstonejs/codec-charls/decodewasmjs' {
  const factory: (options?: object) => Promise<object>;
  export default factory;
}
declare module '@cornerstonejs/codec-openjpeg/decodewasmjs' {
  const factory: (options?: object) => Promise<object>;
  export default factory;
}
// Its package.json names a declaration file that the release does not contain.
declare module 'jpeg-lossless-decoder-js' {
  export class Decoder {
    decode(buffer?: ArrayBuffer, offset?: number, length?: number, numBytes?: number): Uint8Array | Uint16Array;
  }
}
// Full builds with the encoders, used only by the fixture script (src/io/dicom/testing/wasmEncoders.ts).
declare module '@cornerstonejs/codec-libjpeg-turbo-8bit/wasmjs' {
  const factory: (options?: object) => Promise<object>;
  export default factory;
}
declare module '@cornerstonejs/codec-charls/wasmjs' {
  const factory: (options?: object) => Promise<object>;
  export default factory;
}
declare module '@cornerstonejs/codec-openjpeg/wasmjs' {
  const factory: (options?: object) => Promise<object>;
  export default factory;
}
