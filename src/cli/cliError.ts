import { wasmFailureText } from '../engine/wasm/wasmFailure';

/** An error whose message is meant for the user as it is: printed as one line, exit status set. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode = 1,
    readonly code = 'error',
  ) {
    super(message);
    this.name = 'CliError';
  }
}

/**
 * The one line printed for a failure that is not a CliError: a WebAssembly abort or trap says so
 * and what to do; anything else is an unexpected error. Never a stack or engine source (those
 * only with IFIM_DEBUG).
 */
export function unexpectedFailureLine(error: unknown): string {
  const wasm = wasmFailureText(error);
  if (wasm !== null) return `ifim: the WebAssembly engine failed (${wasm}); the command stopped — rerun with --backend cpu, or set IFIM_DEBUG=1 for details`;
  const message = error instanceof Error ? error.message : String(error);
  const first = message.split('\n')[0].trim();
  return `ifim: unexpected error: ${first.length > 300 ? `${first.slice(0, 297)}…` : first}`;
}

/**
 * A failure outside the command's promise chain (a WebAssembly trap in a timer, a stray rejection):
 * still one line and exit status 3, never Node's dump of the throwing source line.
 */
export function installFatalHandlers(): void {
  const fatal = (error: unknown) => {
    console.error(unexpectedFailureLine(error));
    if (process.env.IFIM_DEBUG) console.error(error);
    process.exit(3);
  };
  process.on('uncaughtException', fatal);
  process.on('unhandledRejection', fatal);
}
