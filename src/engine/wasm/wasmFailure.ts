/**
 * Failures of the WebAssembly engine (an abort or a trap inside tfjs-backend-wasm) as one line.
 *
 * In Node, the emscripten module of tfjs-backend-wasm does two things that flood a terminal:
 * its `printErr` (console.warn, bound when the module starts) prints "Aborted(…)" before it throws,
 * and it installs process handlers for uncaught exceptions and unhandled rejections that rethrow
 * them from inside its own minified file, so that Node prints that file's one 40 kB source line.
 * startWasmQuietly() starts the backend with console.warn routed (aborts are kept, not printed)
 * and removes the handlers it installed; wasmFailureText() says what failed in a few words.
 */
let lastAbort: string | null = null;

/** The last "Aborted(…)" message emscripten wanted to print, for --verbose / IFIM_DEBUG output. */
export function lastEmscriptenAbort(): string | null {
  return lastAbort;
}

let routed: ((...args: unknown[]) => void) | null = null;

function routeEmscriptenWarning(original: typeof console.warn) {
  return (...args: unknown[]): void => {
    const text = args.map(String).join(' ');
    if (/^Aborted\(/.test(text)) {
      lastAbort = text;
      return;
    }
    // Everything else goes where console.warn goes at the time of the call.
    (console.warn === routed ? original : console.warn)(...args);
  };
}

type Listener = (...args: unknown[]) => void;
type ProcessEvents = { listeners(event: string): Listener[]; removeListener(event: string, listener: Listener): void };
const EVENTS = ['uncaughtException', 'unhandledRejection'] as const;

/** Runs `start` (which initialises the wasm backend) with emscripten's output and process handlers tamed. */
export async function startWasmQuietly<T>(start: () => Promise<T>): Promise<T> {
  const proc = typeof process === 'object' && typeof process.listeners === 'function' ? (process as unknown as ProcessEvents) : null;
  const before = proc ? EVENTS.map((e) => proc.listeners(e)) : [];
  const original = console.warn;
  routed = routeEmscriptenWarning(original);
  console.warn = routed;
  try {
    return await start();
  } finally {
    if (console.warn === routed) console.warn = original;
    if (proc) {
      EVENTS.forEach((event, i) => {
        for (const listener of proc.listeners(event)) if (!before[i].includes(listener)) proc.removeListener(event, listener);
      });
    }
  }
}

/** A few words for a WebAssembly failure ("memory access out of bounds", "Aborted(OOM)"), or null for any other error. */
export function wasmFailureText(error: unknown): string | null {
  const isRuntimeError = typeof WebAssembly === 'object' && error instanceof WebAssembly.RuntimeError;
  const message = error instanceof Error ? error.message : typeof error === 'string' ? error : '';
  if (!isRuntimeError && !/^Aborted\(|memory access out of bounds|^unreachable|table index is out of bounds|call stack exhausted/.test(message)) return null;
  const first = (message.split('\n')[0] ?? '').replace(/\. Build with -sASSERTIONS for more info\.?$/, '').trim();
  return first.length > 160 ? `${first.slice(0, 157)}…` : first || 'WebAssembly runtime error';
}
