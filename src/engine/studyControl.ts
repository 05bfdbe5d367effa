/** Cancellation and progress shared by the long-running evidence studies (run in the worker). */
export interface StudyControl {
  /** Aborting it stops the study at the next batch boundary with a StudyCancelledError. */
  readonly signal?: AbortSignal;
  /** Called between batches; throwing from it cancels (the convention of analyzeImage). */
  readonly checkCancelled?: () => void;
}

export class StudyCancelledError extends Error {
  constructor() {
    super('the study was cancelled');
    this.name = 'StudyCancelledError';
  }
}

export function throwIfCancelled(control: StudyControl): void {
  if (control.signal?.aborted) throw new StudyCancelledError();
  control.checkCancelled?.();
}

/** Lets a worker's message loop see a cancel message between batches. */
export function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}
