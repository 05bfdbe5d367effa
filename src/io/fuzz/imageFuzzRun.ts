import { mutate } from './mutations';
import type { MutationKind } from './mutations';
import { judgeImageCase } from './verdict';
import type { Verdict } from './verdict';

/** One fuzz run over a set of fixtures: counts by verdict and the failing cases, for the test and scripts/fuzz.ts. */
export interface FuzzFailure {
  readonly fixture: string;
  readonly index: number;
  readonly kind: MutationKind;
  readonly mutation: string;
  readonly verdict: Verdict;
  readonly detail: string;
}

export interface FuzzSummary {
  readonly cases: number;
  readonly counts: Readonly<Record<Verdict, number>>;
  readonly failures: readonly FuzzFailure[];
}

export async function runImageFuzz(fixtures: ReadonlyArray<readonly [string, Uint8Array]>, perFixture: number, seed: number, firstIndex = 0): Promise<FuzzSummary> {
  const counts: Record<Verdict, number> = { decoded: 0, warned: 0, refused: 0, crash: 0, unclear: 0, silent: 0 };
  const failures: FuzzFailure[] = [];
  let cases = 0;
  for (const [name, original] of fixtures) {
    if (original.length === 0) continue;
    for (let index = firstIndex; index < firstIndex + perFixture; index++) {
      const mutant = mutate(original, seed, index);
      const result = await judgeImageCase(mutant, name);
      cases++;
      counts[result.verdict]++;
      if (result.verdict === 'crash' || result.verdict === 'unclear' || result.verdict === 'silent') {
        failures.push({ fixture: name, index, kind: mutant.kind, mutation: mutant.description, verdict: result.verdict, detail: result.detail });
      }
    }
  }
  return { cases, counts, failures };
}
