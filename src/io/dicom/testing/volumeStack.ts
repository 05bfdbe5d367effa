import type { DicomElement } from './dicomWriter';
import { pixelWords, sequence, text, writeDicomFile } from './dicomWriter';
import { ENHANCED_MR, imageAttributes } from './fixtureDatasets';

/** Test-fixture support: small enhanced multi-frame stacks with frame geometry (io/volume/dicomVolume). */
export const COLUMNS = 6;
export const ROWS = 5;
const EXPLICIT_LE = '1.2.840.10008.1.2.1';

/** Frame f, pixel p stores 100·f + p: every voxel says where it came from. */
function pixels(frames: number): Uint16Array {
  return Uint16Array.from({ length: frames * ROWS * COLUMNS }, (_, i) => 100 * Math.floor(i / (ROWS * COLUMNS)) + (i % (ROWS * COLUMNS)));
}

/**
 * An enhanced multi-frame object, as scanners write them: orientation and pixel measures in the
 * shared functional groups, each frame's position in its own (PS3.3 C.7.6.16.2.3–4).
 */
export function enhancedStack(orientation: readonly number[], positions: readonly (readonly number[])[], options: { perFrame?: boolean } = {}): Uint8Array {
  const frames = positions.length;
  const shared = sequence(0x52009229, [
    [
      sequence(0x00289110, [[text(0x00280030, 'DS', '0.5\\0.8'), text(0x00180050, 'DS', '2.5')]]),
      sequence(0x00209116, [[text(0x00200037, 'DS', orientation.join('\\'))]]),
    ],
  ]);
  const perFrame: DicomElement[] =
    options.perFrame === false
      ? [text(0x00200032, 'DS', positions[0].join('\\'))]
      : [sequence(0x52009230, positions.map((p) => [sequence(0x00209113, [[text(0x00200032, 'DS', p.join('\\'))]])]))];
  const elements = [
    ...imageAttributes({ sopClassUid: ENHANCED_MR, modality: 'MR', instance: 70, bitsAllocated: 16, bitsStored: 16, frames, rows: ROWS, columns: COLUMNS, description: 'geometry' }),
    shared,
    ...perFrame,
    pixelWords(pixels(frames)),
  ];
  return writeDicomFile(elements, { transferSyntaxUid: EXPLICIT_LE, sopClassUid: ENHANCED_MR });
}

