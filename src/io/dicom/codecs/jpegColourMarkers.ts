/**
 * Which colour space a 3-component JPEG is in, when the stream does not say. libjpeg assumes
 * YCbCr unless a JFIF APP0 says YCbCr, an Adobe APP14 gives the transform, or the component IDs
 * are 'R','G','B'. DICOM files from some writers hold RGB JPEGs with none of these: the
 * Photometric Interpretation RGB is then what says "no colour transform" (pydicom, GDCM and DCMTK
 * read it so). Rather than patch the codec, the stream is given the marker it lacks: an Adobe APP14
 * with transform 0, which libjpeg-turbo follows.
 */

/** The APP segments before the first SOF: whether a JFIF APP0 or an Adobe APP14 is present. */
function colourMarkers(bytes: Uint8Array): { jfif: boolean; adobe: boolean } {
  let jfif = false;
  let adobe = false;
  let i = 2;
  while (i + 4 <= bytes.length && bytes[i] === 0xff) {
    const marker = bytes[i + 1];
    if (marker === 0xff) {
      i++;
      continue;
    }
    if ((marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) || marker === 0xda) break;
    const length = (bytes[i + 2] << 8) | bytes[i + 3];
    const id = String.fromCharCode(...bytes.subarray(i + 4, i + 9));
    if (marker === 0xe0 && id === 'JFIF\0') jfif = true;
    // libjpeg ignores an APP14 shorter than its 12 data bytes (some writers emit 10): it does not count.
    if (marker === 0xee && id === 'Adobe' && length >= 14) adobe = true;
    i += 2 + length;
  }
  return { jfif, adobe };
}

/** Component IDs 'R','G','B' in the frame header also tell libjpeg the stream is RGB. */
function hasRgbComponentIds(bytes: Uint8Array): boolean {
  for (let i = 2; i + 16 < bytes.length; i++) {
    if (bytes[i] === 0xff && bytes[i + 1] >= 0xc0 && bytes[i + 1] <= 0xc2 && bytes[i + 9] === 3) {
      return bytes[i + 10] === 0x52 && bytes[i + 13] === 0x47 && bytes[i + 16] === 0x42;
    }
  }
  return false;
}

const ADOBE_NO_TRANSFORM = Uint8Array.from([0xff, 0xee, 0x00, 0x0e, 0x41, 0x64, 0x6f, 0x62, 0x65, 0x00, 0x64, 0x00, 0x00, 0x00, 0x00, 0x00]);

/** For Photometric Interpretation RGB: the stream, with an Adobe "no transform" marker when it names no colour space. */
export function markRgbIfUnmarked(stream: Uint8Array): Uint8Array {
  if (stream[0] !== 0xff || stream[1] !== 0xd8) return stream;
  const { jfif, adobe } = colourMarkers(stream);
  if (jfif || adobe || hasRgbComponentIds(stream)) return stream;
  const out = new Uint8Array(stream.length + ADOBE_NO_TRANSFORM.length);
  out.set(stream.subarray(0, 2), 0);
  out.set(ADOBE_NO_TRANSFORM, 2);
  out.set(stream.subarray(2), 2 + ADOBE_NO_TRANSFORM.length);
  return out;
}
