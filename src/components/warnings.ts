import type { AppState } from '../store';

/** One warning of an analysis: a stable code for programs, a plain sentence for people (result.json `warnings`). */
export interface AnalysisWarningView {
  readonly code: string;
  readonly message: string;
}

const NONE: readonly AnalysisWarningView[] = [];

/** The warnings the worker attached to the analysis on screen (none before an analysis). */
export function analysisWarnings(s: Pick<AppState, 'payload'>): readonly AnalysisWarningView[] {
  return s.payload?.warnings ?? NONE;
}

/** The codes that say the image itself is unlike the training images (core/domainCheckWarnings). */
const OUT_OF_DOMAIN = new Set(['modality-mismatch', 'colour-mismatch', 'aspect-ratio', 'intensity-out-of-domain', 'structure-out-of-domain', 'confident-out-of-domain']);

export function isOutOfDomain(w: AnalysisWarningView): boolean {
  return OUT_OF_DOMAIN.has(w.code);
}

/** The banner's first sentence, then each warning's own. */
export function bannerHeadline(warnings: readonly AnalysisWarningView[]): string | null {
  if (warnings.length === 0) return null;
  if (warnings.some(isOutOfDomain)) return 'This image looks unlike the images this model was trained on: read its answer and its sensitivity with care.';
  if (warnings.every((w) => w.code === 'insensitive-model')) return 'The model barely reacts to changes of this image.';
  return 'Read this result with care.';
}

/** The warnings as text lines of an exported figure, wrapped at word boundaries to `maxChars`. */
export function figureWarningLines(warnings: readonly AnalysisWarningView[], maxChars: number): string[] {
  if (warnings.length === 0) return [];
  const lines: string[] = [];
  for (const [i, w] of warnings.entries()) {
    let line = i === 0 ? 'Warning: ' : '';
    for (const word of w.message.split(/\s+/)) {
      if (line.length > 0 && line.length + word.length + 1 > maxChars) {
        lines.push(line.trimEnd());
        line = '';
      }
      line += `${word} `;
    }
    if (line.trim()) lines.push(line.trimEnd());
  }
  return lines;
}
