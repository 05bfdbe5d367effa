import { seededRng } from '../../core/perturbation/seededRng';
import { UserFacingError } from '../../core/userFacingError';
import { decodeNpyBatch, encodeNpyFloat32 } from '../npy';
import { mutate } from './mutations';
import type { FuzzFailure, FuzzSummary } from './imageFuzzRun';
import type { Verdict } from './verdict';
import { unclearReason } from './verdict';

/**
 * .npy batches for `ifim predict` under the same mutations: the reader either refuses with one clear
 * line or returns a non-empty batch whose shape matches its data and whose values are all finite.
 */
function batchFixture(seed: number): Uint8Array {
  const { uniform } = seededRng(seed);
  return encodeNpyFloat32(Float32Array.from({ length: 2 * 6 * 6 * 1 }, () => uniform()), [2, 6, 6, 1]);
}

export function runNpyFuzz(cases: number, seed: number): FuzzSummary {
  const counts: Record<Verdict, number> = { decoded: 0, warned: 0, refused: 0, crash: 0, unclear: 0, silent: 0 };
  const failures: FuzzFailure[] = [];
  const original = batchFixture(seed);
  for (let index = 0; index < cases; index++) {
    const mutant = mutate(original, seed, index);
    let verdict: Verdict = 'decoded';
    let detail = '';
    try {
      const batch = decodeNpyBatch(mutant.bytes, 'batch.npy');
      const size = batch.shape.reduce((a, d) => a * d, 1);
      const firstBad = batch.data.findIndex((v) => !Number.isFinite(v));
      if (size !== batch.data.length || !(batch.shape[0] >= 1) || firstBad >= 0) {
        verdict = 'silent';
        detail = `shape (${batch.shape.join(', ')}) with ${batch.data.length} values${firstBad >= 0 ? `, ${batch.data[firstBad]} at ${firstBad}` : ''}`;
      }
    } catch (error) {
      if (!(error instanceof UserFacingError)) {
        verdict = 'crash';
        detail = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
      } else {
        const reason = unclearReason(error.message);
        verdict = reason ? 'unclear' : 'refused';
        detail = reason ? `${reason}: ${error.message}` : error.message;
      }
    }
    counts[verdict]++;
    if (verdict === 'crash' || verdict === 'unclear' || verdict === 'silent') failures.push({ fixture: 'batch.npy', index, kind: mutant.kind, mutation: mutant.description, verdict, detail });
  }
  return { cases, counts, failures };
}
