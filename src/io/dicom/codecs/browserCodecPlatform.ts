// Bundled with the app (Vite emits them as same-origin assets), so no request leaves the origin.
// Import this only from browser entry points: `setCodecPlatform(browserCodecPlatform)`.
import charlsWasm from '@cornerstonejs/codec-charls/decodewasm?url';
import libjpegTurboWasm from '@cornerstonejs/codec-libjpeg-turbo-8bit/decodewasm?url';
import openjpegWasm from '@cornerstonejs/codec-openjpeg/decodewasm?url';
import type { CodecName, CodecPlatform } from './codecPlatform';

const URLS: Readonly<Record<CodecName, string>> = {
  'libjpeg-turbo-8bit': libjpegTurboWasm,
  charls: charlsWasm,
  openjpeg: openjpegWasm,
};

export const browserCodecPlatform: CodecPlatform = { wasmUrl: (codec) => URLS[codec] };
