import type { Browser, Page } from '@playwright/test';

/**
 * Chromium's own record of the renderer main thread, to tell a task that *worked* for 50 ms from
 * one that was merely *descheduled* that long. On a machine with two cores and a software GPU
 * (SwiftShader runs WebGPU on the CPU), the OS can park the main thread mid-task; the Long Tasks
 * API, which measures wall time, then reports a 10 ms task as 60 ms. The trace's thread time
 * (`tdur`) counts only the time the thread ran.
 */
export interface MainThreadTask {
  /** Start in the page's performance.now() time base, ms. */
  readonly start: number;
  readonly wallMs: number;
  readonly cpuMs: number;
}

interface TraceEvent {
  readonly name: string;
  readonly ph: string;
  readonly pid: number;
  readonly tid: number;
  readonly ts: number;
  readonly dur?: number;
  readonly tdur?: number;
  readonly args?: { readonly name?: string };
}

export async function startMainThreadTrace(browser: Browser, page: Page): Promise<void> {
  await browser.startTracing(page, { categories: ['toplevel', 'blink.user_timing', 'disabled-by-default-devtools.timeline'] });
}

/**
 * Stops tracing and returns the main thread's tasks, in the page's time base: `anchorMark` is a
 * User Timing mark whose performance.now() time the caller knows (`anchorTime`).
 */
export async function stopMainThreadTrace(browser: Browser, anchorMark: string, anchorTime: number): Promise<MainThreadTask[]> {
  const buffer = await browser.stopTracing();
  const parsed = JSON.parse(buffer.toString()) as { traceEvents?: TraceEvent[] } | TraceEvent[];
  const events = Array.isArray(parsed) ? parsed : (parsed.traceEvents ?? []);
  const threadNames = new Map(events.filter((e) => e.name === 'thread_name').map((e) => [`${e.pid}:${e.tid}`, e.args?.name]));
  const onMain = (e: TraceEvent): boolean => threadNames.get(`${e.pid}:${e.tid}`) === 'CrRendererMain';
  const anchor = events.find((e) => e.name === anchorMark && onMain(e));
  if (!anchor) throw new Error(`the trace holds no ${anchorMark} mark`);
  const offsetMs = anchor.ts / 1000 - anchorTime;
  return events
    .filter((e) => onMain(e) && e.name === 'RunTask' && e.ph === 'X' && e.dur != null)
    .map((e) => ({ start: e.ts / 1000 - offsetMs, wallMs: (e.dur ?? 0) / 1000, cpuMs: (e.tdur ?? e.dur ?? 0) / 1000 }));
}

/** The traced task that a Long Tasks entry describes: the longest one overlapping it. */
export function matchTask(tasks: readonly MainThreadTask[], start: number, duration: number): MainThreadTask | null {
  let best: MainThreadTask | null = null;
  for (const t of tasks) {
    const overlap = Math.min(t.start + t.wallMs, start + duration) - Math.max(t.start, start);
    if (overlap > 0 && (!best || t.wallMs > best.wallMs)) best = t;
  }
  return best;
}
