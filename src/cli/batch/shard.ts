import { CliError } from '../cliError';

/**
 * `--shard i/n`: this process takes part i of n. **i is 0-based** (0 … n−1), as Slurm's
 * `$SLURM_ARRAY_TASK_ID` under `--array=0-(n−1)` and a Kubernetes Indexed Job's
 * `$JOB_COMPLETION_INDEX` are, so either can be passed through unchanged.
 */
export interface Shard {
  readonly index: number;
  readonly count: number;
}

export const WHOLE_LIST: Shard = { index: 0, count: 1 };

export function parseShard(text: string): Shard {
  const match = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(text);
  if (!match) throw new CliError(`--shard must be i/n with whole numbers, 0 ≤ i < n (e.g. --shard 0/4), not "${text}"`);
  const index = Number(match[1]);
  const count = Number(match[2]);
  if (count < 1) throw new CliError(`--shard ${text}: n must be at least 1`);
  if (index >= count) {
    throw new CliError(
      `--shard ${text}: i is 0-based and must be below n (0 … ${count - 1}); with Slurm use --array=0-${count - 1}, or pass $((SLURM_ARRAY_TASK_ID - 1)) for --array=1-${count}`,
    );
  }
  return { index, count };
}

/**
 * Image j of the sorted list belongs to shard j mod n: shards are disjoint, their union is the
 * list, sizes differ by at most one, and neighbours in the sorted order (often one patient or one
 * scanner) spread over the shards instead of landing in one. Returns the list positions.
 */
export function shardPositions(listLength: number, shard: Shard): number[] {
  const positions: number[] = [];
  for (let j = shard.index; j < listLength; j += shard.count) positions.push(j);
  return positions;
}

export function shardOfPosition(position: number, count: number): number {
  return position % count;
}

/** How summary files of this shard are named: `summary` alone, or `summary-shard-i-of-n`. */
export function summaryBaseName(shard: Shard): string {
  return shard.count === 1 ? 'summary' : `summary-shard-${shard.index}-of-${shard.count}`;
}

