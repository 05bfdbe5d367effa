import { ImageDecodeError } from '../../imageDecodeError';
import type { PixelLayout } from '../pixelLayout';
import type { FrameDecoder, RawFrame } from '../rawFrame';
import { loadEmscriptenCodec, runDecoder, samplesOf } from './emscriptenCodec';

/**
 * JPEG 2000 (1.2.4.90/.91) through OpenJPEG. A codestream with a multi-component transform
 * (YBR_RCT / YBR_ICT) is returned as RGB by the codec itself.
 */
export async function loadJpeg2000Decoder(layout: PixelLayout): Promise<FrameDecoder> {
  const codec = await loadEmscriptenCodec('openjpeg', () => import('@cornerstonejs/codec-openjpeg/decodewasmjs'), 'J2KDecoder');
  return (encoded): RawFrame => {
    const output = runDecoder(codec, encoded, 'JPEG 2000');
    const { width, height, componentCount } = output.info;
    if (width === 0 || height === 0 || componentCount === 0) {
      throw new ImageDecodeError('corrupt-stream', 'the JPEG 2000 stream could not be decoded: its image header (SIZ) is damaged');
    }
    if (width !== layout.columns || height !== layout.rows || componentCount !== layout.samplesPerPixel) {
      throw new ImageDecodeError('corrupt-stream', `the JPEG 2000 stream is ${width}×${height}×${componentCount} but the DICOM header says ${layout.columns}×${layout.rows}×${layout.samplesPerPixel}`);
    }
    return { samples: samplesOf(output), components: layout.samplesPerPixel, colourIsRgb: false, bitsPerSample: output.info.bitsPerSample };
  };
}
