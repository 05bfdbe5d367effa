/**
 * Progress of a batch on stderr. `bar`: one line redrawn in place (a terminal). `lines`: a plain
 * line at most every `lineIntervalMs` (job logs: Slurm, kubectl logs), none for a short batch.
 * `none`: silent. Failures are printed in `bar` and `lines` as they happen, one line each.
 * Hand-written: one `\r` line does not justify a dependency.
 */
export type ProgressMode = 'bar' | 'lines' | 'none';

export const PROGRESS_MODES = ['auto', 'bar', 'lines', 'none'] as const;

export interface ProgressSink {
  readonly isTTY?: boolean;
  readonly columns?: number;
  write(text: string): unknown;
}

export interface ProgressReporter {
  /** One image done (analysed, resumed or failed). */
  tick(status: 'analysed' | 'resumed' | 'failed', failure?: string): void;
  finish(): void;
}

export function resolveProgressMode(mode: (typeof PROGRESS_MODES)[number], sink: ProgressSink): ProgressMode {
  return mode === 'auto' ? (sink.isTTY ? 'bar' : 'lines') : mode;
}

function duration(seconds: number): string {
  if (!Number.isFinite(seconds)) return '--:--';
  const s = Math.round(seconds);
  const h = Math.floor(s / 3600);
  const mm = String(Math.floor((s % 3600) / 60)).padStart(2, '0');
  const ss = String(s % 60).padStart(2, '0');
  return h > 0 ? `${h}:${mm}:${ss}` : `${mm}:${ss}`;
}

export function progressReporter(
  mode: ProgressMode,
  total: number,
  sink: ProgressSink,
  options: { readonly label?: string; readonly lineIntervalMs?: number; readonly now?: () => number } = {},
): ProgressReporter {
  const now = options.now ?? (() => performance.now());
  const label = options.label ?? 'ifim analyze';
  const lineInterval = options.lineIntervalMs ?? 30_000;
  const start = now();
  let done = 0;
  let analysed = 0;
  let failed = 0;
  let lastDraw = -Infinity;
  let drawn = false;

  const status = (): string => {
    const elapsed = (now() - start) / 1000;
    // Rate and ETA from the images actually analysed: resumed ones cost nothing.
    const rate = elapsed > 0 ? analysed / elapsed : 0;
    const eta = rate > 0 ? (total - done) / rate : Infinity;
    const percent = total > 0 ? Math.floor((100 * done) / total) : 100;
    return `${done}/${total} (${percent} %) ${(rate * 3600).toFixed(0)} images/h, elapsed ${duration(elapsed)}, left ${duration(eta)}${failed > 0 ? `, ${failed} failed` : ''}`;
  };
  const drawBar = (): void => {
    const text = status();
    const width = Math.max(10, Math.min(40, (sink.columns ?? 80) - text.length - label.length - 6));
    const filled = total > 0 ? Math.round((width * done) / total) : width;
    sink.write(`\r\x1b[2K${label} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${text}`);
    drawn = true;
  };

  // A slow model takes minutes per image: show the bar before the first one ends.
  if (mode === 'bar' && total > 0) drawBar();
  return {
    tick(outcome, failure) {
      done++;
      if (outcome === 'analysed') analysed++;
      if (outcome === 'failed') failed++;
      if (mode === 'none') return;
      if (outcome === 'failed' && failure !== undefined) {
        sink.write(`${mode === 'bar' && drawn ? '\r\x1b[2K' : ''}ifim: ${failure}\n`);
        drawn = false;
      }
      const t = now();
      if (mode === 'bar' && (t - lastDraw >= 100 || done === total)) {
        lastDraw = t;
        drawBar();
      } else if (mode === 'lines' && t - start >= lineInterval && t - lastDraw >= lineInterval) {
        lastDraw = t;
        sink.write(`${label}: ${status()}\n`);
      }
    },
    finish() {
      if (mode === 'bar' && drawn) sink.write('\n');
    },
  };
}
