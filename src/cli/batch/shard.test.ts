import { describe, expect, it } from 'vitest';
import { parseShard, shardOfPosition, shardPositions, summaryBaseName } from './shard';

describe('--shard i/n', () => {
  it('reads 0-based i/n and refuses anything else with the convention in the message', () => {
    expect(parseShard('0/4')).toEqual({ index: 0, count: 4 });
    expect(parseShard(' 3 / 4 ')).toEqual({ index: 3, count: 4 });
    expect(() => parseShard('4/4')).toThrow(/0-based and must be below n \(0 … 3\); with Slurm use --array=0-3/);
    expect(() => parseShard('1/0')).toThrow(/n must be at least 1/);
    expect(() => parseShard('-1/4')).toThrow(/must be i\/n/);
    expect(() => parseShard('1')).toThrow(/must be i\/n/);
    expect(() => parseShard('a/b')).toThrow(/must be i\/n/);
  });

  it.each([
    [0, 1],
    [1, 1],
    [7, 3],
    [10, 4],
    [101, 7],
    [3, 5],
  ])('%i images in %i shards: disjoint, union is every image, sizes differ by at most one', (length, count) => {
    const parts = Array.from({ length: count }, (_, index) => shardPositions(length, { index, count }));
    const all = parts.flat().sort((a, b) => a - b);
    expect(all).toEqual(Array.from({ length }, (_, j) => j));
    const sizes = parts.map((p) => p.length);
    expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
    parts.forEach((p, index) => {
      for (const j of p) expect(shardOfPosition(j, count)).toBe(index);
    });
  });

  it('names shard summaries so that shards writing into one folder never collide', () => {
    expect(summaryBaseName({ index: 0, count: 1 })).toBe('summary');
    expect(summaryBaseName({ index: 2, count: 8 })).toBe('summary-shard-2-of-8');
  });
});
