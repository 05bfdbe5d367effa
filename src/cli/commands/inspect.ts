import { readFile } from 'node:fs/promises';
import { ImageDecodeError, decodeImageFile } from '../../io/decodeImage';
import type { DecodedImage } from '../../io/decodeImage';
import { CliError } from '../cliError';
import { volumeLines, volumeSummary } from './volumeSlice';

/** Exit status for a file that cannot be read as an image (usage errors stay at 1). */
const UNREADABLE = 2;

export interface InspectOptions {
  readonly image: string;
  readonly json: boolean;
}

/** The fields `ifim inspect --json` prints, in this order (docs/cli.md). */
export interface InspectSummary {
  readonly width: number;
  readonly height: number;
  readonly frames: number;
  readonly channels: number;
  readonly bitsAllocated: number;
  readonly photometricInterpretation: string | null;
  readonly transferSyntaxUid: string | null;
  readonly storedMin: number;
  readonly storedMax: number;
  readonly rescaledMin: number | null;
  readonly rescaledMax: number | null;
  readonly windowCenter: number | null;
  readonly windowWidth: number | null;
  /** Problems found while decoding that did not stop it (the header contradicting the data, …). */
  readonly warnings: readonly { readonly code: string; readonly message: string }[];
  /** Volumes only (NIfTI, multi-frame DICOM with geometry): dims, spacing, orientation. */
  readonly volume?: ReturnType<typeof volumeSummary>;
}

/** Rasters report their integer samples as "stored" values; DICOM-only fields are null. */
export function summarize(decoded: DecodedImage): InspectSummary {
  if (decoded.kind === 'dicom') {
    const d = decoded.dicom;
    const preset = d.windowPresets[0];
    return {
      width: d.width,
      height: d.height,
      frames: d.frames,
      channels: d.channels,
      bitsAllocated: d.bitsAllocated,
      photometricInterpretation: d.photometricInterpretation,
      transferSyntaxUid: d.transferSyntaxUid,
      storedMin: d.storedMin,
      storedMax: d.storedMax,
      rescaledMin: d.rescaledMin,
      rescaledMax: d.rescaledMax,
      windowCenter: preset?.center ?? null,
      windowWidth: preset?.width ?? null,
      warnings: d.warnings ?? [],
      ...(decoded.volume ? { volume: volumeSummary(decoded.volume) } : {}),
    };
  }
  const { image } = decoded;
  const scale = 2 ** image.bitDepth - 1;
  let min = Infinity;
  let max = -Infinity;
  for (const v of image.data) {
    const sample = Math.round(v * scale);
    if (sample < min) min = sample;
    if (sample > max) max = sample;
  }
  return {
    width: image.width,
    height: image.height,
    frames: 1,
    channels: image.channels,
    bitsAllocated: image.bitDepth,
    photometricInterpretation: null,
    transferSyntaxUid: null,
    storedMin: min,
    storedMax: max,
    rescaledMin: null,
    rescaledMax: null,
    windowCenter: null,
    windowWidth: null,
    warnings: image.warnings ?? [],
  };
}

/** Human-readable lines; identifying attributes (patient, dates, UIDs) are never printed. */
function describe(path: string, decoded: DecodedImage, s: InspectSummary): string {
  const lines: [string, string][] = [['file', path]];
  const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;
  if (decoded.kind === 'raster') {
    lines.push(['format', decoded.format.toUpperCase()]);
    lines.push(['size', `${s.width} × ${s.height}, ${plural(s.channels, 'channel')}, ${s.bitsAllocated}-bit samples`]);
    lines.push(['sample range', `${s.storedMin} … ${s.storedMax}`]);
    for (const w of s.warnings) lines.push(['warning', w.message]);
    return lines.map(([k, v]) => `${k.padEnd(16)}${v}`).join('\n');
  }
  const d = decoded.dicom;
  if (decoded.volume && decoded.volume.format !== 'DICOM multi-frame') {
    lines.push(['format', decoded.volume.format], ...volumeLines(decoded.volume), ['value range', `${d.rescaledMin} … ${d.rescaledMax}`]);
    for (const note of d.notes) lines.push(['note', note]);
    return lines.map(([k, v]) => `${k.padEnd(16)}${v}`).join('\n');
  }
  lines.push(['format', `DICOM, ${d.transferSyntaxName} (${d.transferSyntaxUid})`]);
  if (d.tags.sopClassName || d.modality) lines.push(['object', [d.modality, d.tags.sopClassName].filter(Boolean).join(' — ')]);
  lines.push(['size', `${s.width} × ${s.height}, ${plural(s.frames, 'frame')}, ${plural(s.channels, 'channel')}`]);
  lines.push(['pixels', `${d.photometricInterpretation}, ${d.bitsAllocated} bits allocated, ${d.bitsStored} stored, ${d.pixelRepresentation ? 'signed' : 'unsigned'}`]);
  lines.push(['stored range', `${s.storedMin} … ${s.storedMax}`]);
  lines.push(['rescaled range', `${s.rescaledMin} … ${s.rescaledMax} (slope ${d.rescaleSlope}, intercept ${d.rescaleIntercept})`]);
  const windows = d.windowPresets.map((w) => `${w.center}/${w.width}${w.explanation ? ` ${w.explanation}` : ''}`).join(', ');
  lines.push(['windows', windows || 'none in the file (default display: 1st–99th percentile)']);
  if (d.pixelSpacing) lines.push(['pixel spacing', `${d.pixelSpacing[0]} × ${d.pixelSpacing[1]} mm`]);
  if (decoded.volume) lines.push(...volumeLines(decoded.volume));
  for (const note of d.notes) lines.push(['note', note]);
  for (const w of s.warnings) lines.push(['warning', w.message]);
  return lines.map(([k, v]) => `${k.padEnd(16)}${v}`).join('\n');
}

/** A file that could not be read at all (missing, a folder, no permission). */
class InspectFailure extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

async function readBytes(path: string): Promise<Uint8Array> {
  try {
    return new Uint8Array(await readFile(path));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new InspectFailure('not-found', `${path} not found`);
    if (code === 'EISDIR') throw new InspectFailure('is-a-directory', `${path} is a folder, not a file`);
    throw new InspectFailure('unreadable', `cannot read ${path}: ${(error as Error).message}`);
  }
}

/**
 * `ifim inspect --image FILE [--json]`: what the file is and its value ranges. A file that cannot
 * be read exits with status 2; in JSON mode the error is printed as `{"error": {code, message}}`.
 */
export async function inspectCommand(options: InspectOptions): Promise<string> {
  let decoded: DecodedImage;
  try {
    decoded = await decodeImageFile(await readBytes(options.image), options.image);
  } catch (error) {
    if (!(error instanceof ImageDecodeError || error instanceof InspectFailure)) throw error;
    const details = error instanceof ImageDecodeError ? error.details : undefined;
    if (!options.json) throw new CliError(error.message, UNREADABLE, error.code, details);
    // JSON consumers read stdout; the status still says it failed.
    process.exitCode = UNREADABLE;
    return JSON.stringify({ error: { code: error.code, message: error.message, ...(details ? { details } : {}) } }, null, 2);
  }
  const summary = summarize(decoded);
  return options.json ? JSON.stringify(summary, null, 2) : describe(options.image, decoded, summary);
}
