import { describe, expect, it } from 'vitest';
import { latestWins } from './latestWins';

function deferred<T>() {
  let resolve: (v: T) => void = () => {};
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

describe('latestWins', () => {
  it('runs one call at a time and only the latest of those that waited', async () => {
    const started: number[] = [];
    const gates = new Map<number, ReturnType<typeof deferred<void>>>();
    const call = latestWins(async (n: number) => {
      started.push(n);
      const gate = deferred<void>();
      gates.set(n, gate);
      await gate.promise;
      return n * 10;
    });
    const a = call(1);
    const b = call(2);
    const c = call(3);
    expect(call.busy).toBe(true);
    expect(started).toEqual([1]);
    expect(await b).toBeNull(); // superseded before it started
    gates.get(1)?.resolve();
    expect(await a).toBe(10);
    await Promise.resolve();
    expect(started).toEqual([1, 3]);
    gates.get(3)?.resolve();
    expect(await c).toBe(30);
    expect(call.busy).toBe(false);
  });

  it('passes errors to their own caller and goes on', async () => {
    const call = latestWins(async (n: number) => {
      if (n < 0) throw new Error('negative');
      return n;
    });
    await expect(call(-1)).rejects.toThrow('negative');
    expect(await call(4)).toBe(4);
  });
});
