/**
 * Timings of page-side work that happens too often to put in reactive state (one scrub redraw
 * per key press or slider step). Mutated in place; `window.ifim.state().timingsMs` reads it.
 */
export interface TimingLog {
  record(name: string, ms: number): void;
  /** The last value per name. */
  last(): Record<string, number>;
  /** Every value recorded under a name (the most recent `capacity`). */
  history(name: string): readonly number[];
}

export function createTimingLog(capacity = 500): TimingLog {
  const lastValues: Record<string, number> = {};
  const histories = new Map<string, number[]>();
  return {
    record(name, ms) {
      lastValues[name] = ms;
      let list = histories.get(name);
      if (!list) histories.set(name, (list = []));
      list.push(ms);
      if (list.length > capacity) list.splice(0, list.length - capacity);
    },
    last: () => ({ ...lastValues }),
    history: (name) => [...(histories.get(name) ?? [])],
  };
}
