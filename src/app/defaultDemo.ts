/**
 * What the root URL opens when it says nothing: the chest demo that `npm start` opens, so a first
 * visit shows an analysis (and the tour) instead of four empty panels.
 */
export const DEFAULT_DEMO = { modelId: 'chest-cnn', sampleId: 'chest-all-findings-01' } as const;

/** True for an address with no query at all (a parameter of any kind, even a wrong one, opts out). */
export function isBareAddress(search: string): boolean {
  return new URLSearchParams(search).toString() === '';
}
