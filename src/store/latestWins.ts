/**
 * At most one call in flight; while it runs, newer requests replace each other and only the latest
 * runs next. For the walk: a slider dragged across 200 steps costs a handful of forward passes,
 * and the last position is always evaluated. Each request's promise resolves with its own result,
 * or with `null` when a newer request superseded it before it started.
 */
export interface LatestWins<A, R> {
  (args: A): Promise<R | null>;
  /** Requests waiting or running. */
  readonly busy: boolean;
}

export function latestWins<A, R>(task: (args: A) => Promise<R>): LatestWins<A, R> {
  let running = false;
  let pending: { args: A; resolve: (r: R | null) => void; reject: (e: unknown) => void } | null = null;

  const start = (args: A, resolve: (r: R | null) => void, reject: (e: unknown) => void): void => {
    running = true;
    // Hand over to the next request before answering this one, so that `busy` is already right
    // when the caller looks at it.
    const finish = (): void => {
      running = false;
      const next = pending;
      pending = null;
      if (next) start(next.args, next.resolve, next.reject);
    };
    task(args).then(
      (result) => {
        finish();
        resolve(result);
      },
      (error: unknown) => {
        finish();
        reject(error);
      },
    );
  };

  const call = ((args: A) =>
    new Promise<R | null>((resolve, reject) => {
      if (!running) return start(args, resolve, reject);
      pending?.resolve(null);
      pending = { args, resolve, reject };
    })) as LatestWins<A, R>;
  Object.defineProperty(call, 'busy', { get: () => running || pending !== null });
  return call;
}
