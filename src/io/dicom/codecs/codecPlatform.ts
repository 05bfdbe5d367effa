/**
 * Where each codec's WebAssembly binary comes from. In Node the Emscripten glue finds its .wasm
 * beside itself in node_modules, so nothing needs setting; a browser build registers Vite asset
 * URLs once (see browserCodecPlatform.ts), the way src/engine/browserPlatform.ts does for tfjs-wasm.
 * Glue and binary always come from the same package version: a mismatch fails at instantiation.
 */

export type CodecName = 'libjpeg-turbo-8bit' | 'charls' | 'openjpeg';

export interface CodecPlatform {
  /** URL of the codec's decoder .wasm, or undefined to let the glue locate it. */
  wasmUrl(codec: CodecName): string | undefined;
}

let platform: CodecPlatform = { wasmUrl: () => undefined };

export function setCodecPlatform(next: CodecPlatform): void {
  platform = next;
}

export function codecWasmUrl(codec: CodecName): string | undefined {
  return platform.wasmUrl(codec);
}
