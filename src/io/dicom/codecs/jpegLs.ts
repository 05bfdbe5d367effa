import { ImageDecodeError } from '../../imageDecodeError';
import type { PixelLayout } from '../pixelLayout';
import type { FrameDecoder, RawFrame } from '../rawFrame';
import { loadEmscriptenCodec, runDecoder, samplesOf } from './emscriptenCodec';

/** JPEG-LS (1.2.4.80/.81) through CharLS. Interleave mode 0 ("none") comes back plane by plane. */
export async function loadJpegLsDecoder(layout: PixelLayout): Promise<FrameDecoder> {
  const codec = await loadEmscriptenCodec('charls', () => import('@cornerstonejs/codec-charls/decodewasmjs'), 'JpegLSDecoder');
  return (encoded): RawFrame => {
    const output = runDecoder(codec, encoded, 'JPEG-LS');
    const { width, height, componentCount } = output.info;
    if (width !== layout.columns || height !== layout.rows || componentCount !== layout.samplesPerPixel) {
      throw new ImageDecodeError('corrupt-stream', `the JPEG-LS stream is ${width}×${height}×${componentCount} but the DICOM header says ${layout.columns}×${layout.rows}×${layout.samplesPerPixel}`);
    }
    let samples = samplesOf(output);
    if (componentCount === 3 && output.interleaveMode === 0) samples = interleave(samples, width * height);
    return { samples, components: layout.samplesPerPixel, colourIsRgb: false, bitsPerSample: output.info.bitsPerSample };
  };
}

function interleave<T extends Uint8Array | Uint16Array | Int16Array>(planar: T, pixels: number): T {
  const out = new (planar.constructor as new (n: number) => T)(planar.length);
  for (let p = 0; p < pixels; p++) for (let c = 0; c < 3; c++) out[p * 3 + c] = planar[c * pixels + p];
  return out;
}
