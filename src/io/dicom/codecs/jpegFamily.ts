import { describeThrown } from '../../../core/userFacingError';
import { ImageDecodeError } from '../../imageDecodeError';
import { decodeJpegSequential } from '../jpeg/decodeJpegSequential';
import type { PixelLayout } from '../pixelLayout';
import type { FrameDecoder, RawFrame } from '../rawFrame';
import { loadEmscriptenCodec, runDecoder, samplesOf } from './emscriptenCodec';
import { markRgbIfUnmarked } from './jpegColourMarkers';

/**
 * The JPEG syntaxes (1.2.4.50/.51/.57/.70), routed by what the stream is rather than by the UID
 * it was filed under (mislabelled files exist): 8-bit DCT → libjpeg-turbo, 12-bit DCT → our
 * IJG-exact sequential decoder, lossless (SOF3) → jpeg-lossless-decoder-js.
 */

/** The first start-of-frame marker (0xC0…0xCF except DHT/JPG/DAC) and its sample precision. */
export function jpegFrameKind(bytes: Uint8Array): { sof: number; precision: number } | null {
  if (bytes[0] !== 0xff || bytes[1] !== 0xd8) return null;
  let i = 2;
  while (i + 4 < bytes.length) {
    if (bytes[i] !== 0xff) return null;
    const marker = bytes[i + 1];
    if (marker === 0xff) {
      i++;
      continue;
    }
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) return { sof: marker, precision: bytes[i + 4] };
    if (marker === 0xd8 || (marker >= 0xd0 && marker <= 0xd7)) {
      i += 2;
      continue;
    }
    i += 2 + ((bytes[i + 2] << 8) | bytes[i + 3]);
  }
  return null;
}

const libjpegTurbo = () => loadEmscriptenCodec('libjpeg-turbo-8bit', () => import('@cornerstonejs/codec-libjpeg-turbo-8bit/decodewasmjs'), 'JPEGDecoder');

function checkSize(width: number, height: number, components: number, layout: PixelLayout, what: string): void {
  if (width !== layout.columns || height !== layout.rows || components !== layout.samplesPerPixel) {
    throw new ImageDecodeError(
      'corrupt-stream',
      `the ${what} stream is ${width}×${height}×${components} but the DICOM header says ${layout.columns}×${layout.rows}×${layout.samplesPerPixel}`,
    );
  }
}

/** 12-bit sequential DCT streams decode with our own code, synchronously; null for anything else. */
export function builtInJpegDecoder(firstFrame: Uint8Array, layout: PixelLayout): FrameDecoder | null {
  const kind = jpegFrameKind(firstFrame);
  if (!kind || (kind.sof !== 0xc0 && kind.sof !== 0xc1) || kind.precision <= 8) return null;
  return (encoded): RawFrame => {
    const decoded = decodeJpegSequential(encoded);
    checkSize(decoded.width, decoded.height, decoded.components, layout, `${decoded.precision}-bit JPEG`);
    return { samples: decoded.samples, components: layout.samplesPerPixel, colourIsRgb: decoded.components === 3, bitsPerSample: decoded.precision };
  };
}

export async function loadJpegFamilyDecoder(firstFrame: Uint8Array, layout: PixelLayout): Promise<FrameDecoder> {
  const kind = jpegFrameKind(firstFrame);
  if (!kind) throw new ImageDecodeError('corrupt-stream', 'the JPEG stream has no readable frame header');
  if (kind.sof === 0xc3) {
    const { Decoder } = await import('jpeg-lossless-decoder-js');
    return (encoded) => {
      let samples: Uint8Array | Uint16Array;
      try {
        samples = new Decoder().decode(encoded.buffer as ArrayBuffer, encoded.byteOffset, encoded.length, layout.bitsAllocated > 8 ? 2 : 1) as Uint8Array | Uint16Array;
      } catch (error) {
        throw new ImageDecodeError('corrupt-stream', 'the JPEG Lossless stream could not be decoded: the compressed pixel data is damaged', { details: describeThrown(error) });
      }
      if (samples.length !== layout.rows * layout.columns * layout.samplesPerPixel) {
        throw new ImageDecodeError('corrupt-stream', `the JPEG Lossless stream decoded to ${samples.length} samples; the header needs ${layout.rows * layout.columns * layout.samplesPerPixel}`);
      }
      return { samples, components: layout.samplesPerPixel, colourIsRgb: false, bitsPerSample: jpegFrameKind(encoded)?.precision };
    };
  }
  const builtIn = builtInJpegDecoder(firstFrame, layout);
  if (builtIn) return builtIn;
  const codec = await libjpegTurbo();
  return (encoded): RawFrame => {
    // A 3-component stream that names no colour space is RGB when the DICOM header says RGB.
    const stream = layout.samplesPerPixel === 3 && layout.photometric === 'RGB' ? markRgbIfUnmarked(encoded) : encoded;
    const output = runDecoder(codec, stream, 'JPEG');
    checkSize(output.info.width, output.info.height, output.info.componentCount, layout, 'JPEG');
    // libjpeg-turbo hands back RGB for three components, having followed the JFIF/Adobe markers.
    return { samples: samplesOf(output), components: layout.samplesPerPixel, colourIsRgb: output.info.componentCount === 3, bitsPerSample: output.info.bitsPerSample };
  };
}
