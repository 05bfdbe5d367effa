import { UserFacingError } from '../../core/userFacingError';
import { decodeImageFile } from '../decodeImage';
import type { DecodedImage } from '../decodeImage';
import type { Mutant } from './mutations';

/**
 * What happened to one mutated input, judged by the product's promises: only a UserFacingError
 * escapes (else 'crash'); its message is one line without a library's internals (else 'unclear');
 * a header edit that contradicts the data is refused or warned about (else 'silent'); whatever
 * decodes has a size and finite values (else 'silent').
 */
export type Verdict = 'decoded' | 'warned' | 'refused' | 'crash' | 'unclear' | 'silent';

export const FAILING_VERDICTS: readonly Verdict[] = ['crash', 'unclear', 'silent'];

export interface CaseResult {
  readonly verdict: Verdict;
  readonly detail: string;
}

/** Words that only a library or the engine would say: the user can do nothing with them. */
const INTERNALS: readonly RegExp[] = [
  /\bundefined\b/,
  /\bnull\b/,
  /\bNaN\b/,
  /\[object /,
  /Cannot read propert/,
  /DataView/,
  /Offset is outside/,
  /Invalid typed array length/,
  /Maximum call stack/,
  /memory access out of bounds/,
  /\bat \S+ \(.*:\d+:\d+\)/, // a stack frame
  /\.[cm]?[jt]s:\d+/, // a source position
  /dicomParser/,
  /readFixedString|readUint16|parseDicom/,
  /buffer overrun/,
  /\b(TypeError|RangeError|SyntaxError|ReferenceError)\b/,
  /incorrect header check|invalid (block type|distance|code lengths|stored block)|unexpected end of file/i, // zlib
  /SOI not found|marker was not found|Unsupported filter|unknown (chunk|filter)/i, // jpeg-js, fast-png
  /Unsupported bitDepth|Unsupported color type|Unsupported interlace/i,
  /\[ERROR\]|\[INFO\]/, // codec logs
  /an unknown transfer syntax \(/,
];

export function unclearReason(message: string): string | null {
  if (message.trim() === '') return 'empty message';
  if (/[\r\n]/.test(message)) return 'more than one line';
  if (message.length > 400) return `${message.length} characters long`;
  for (const pattern of INTERNALS) if (pattern.test(message)) return `internals (${pattern.source})`;
  return null;
}

function warningsOf(decoded: DecodedImage): readonly { code: string; message: string }[] {
  const record = decoded.kind === 'dicom' ? decoded.dicom : decoded.image;
  return (record as { warnings?: readonly { code: string; message: string }[] }).warnings ?? [];
}

/** Sizes and values of a decoded image that could not have come from a valid file. */
function implausible(decoded: DecodedImage): string | null {
  const image = decoded.kind === 'dicom' ? decoded.dicom : decoded.image;
  if (!(image.width > 0 && image.height > 0)) return `decoded to ${image.width}×${image.height}`;
  const planes = decoded.kind === 'dicom' ? decoded.dicom.frameData : [decoded.image.data];
  for (const data of planes) {
    if (data.length !== image.width * image.height * image.channels) return `a frame of ${data.length} values for ${image.width}×${image.height}×${image.channels}`;
    for (let i = 0; i < data.length; i++) if (!Number.isFinite(data[i])) return `value ${data[i]} at index ${i}`;
  }
  return null;
}

export async function judgeImageCase(mutant: Mutant, name: string): Promise<CaseResult> {
  let decoded: DecodedImage;
  try {
    decoded = await decodeImageFile(mutant.bytes, name);
  } catch (error) {
    if (!(error instanceof UserFacingError)) {
      const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
      return { verdict: 'crash', detail: message.split('\n')[0] };
    }
    const reason = unclearReason(error.message);
    if (reason) return { verdict: 'unclear', detail: `${reason}: ${error.message}` };
    return { verdict: 'refused', detail: `${error.code}: ${error.message}` };
  }
  const warnings = warningsOf(decoded);
  for (const w of warnings) {
    const reason = unclearReason(w.message);
    if (reason) return { verdict: 'unclear', detail: `warning ${reason}: ${w.message}` };
  }
  const wrong = implausible(decoded);
  if (wrong && warnings.length === 0) return { verdict: 'silent', detail: wrong };
  if (warnings.length > 0) return { verdict: 'warned', detail: warnings.map((w) => w.code).join(', ') };
  if (mutant.contradictsHeader) return { verdict: 'silent', detail: `${mutant.description} decoded without a word` };
  return { verdict: 'decoded', detail: '' };
}
