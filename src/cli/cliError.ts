import { UserFacingError, describeThrown, oneLine } from '../core/userFacingError';
import { wasmFailureText } from '../engine/wasm/wasmFailure';

/**
 * An error whose message is meant for the user as it is: printed as one line, exit status set. It is
 * the product's UserFacingError (src/core/userFacingError.ts) with the exit status the CLI returns.
 */
export class CliError extends UserFacingError {
  constructor(
    message: string,
    readonly exitCode = 1,
    code = 'error',
    details?: string,
  ) {
    super(code, message, details === undefined ? {} : { details });
    this.name = 'CliError';
  }
}

/** `--verbose` anywhere on the command line asks for details after a failure; it is taken out before parsing. */
export function takeVerboseFlag(argv: readonly string[]): { argv: string[]; verbose: boolean } {
  const rest = argv.filter((a) => a !== '--verbose');
  return { argv: rest, verbose: rest.length !== argv.length || Boolean(process.env.IFIM_DEBUG) };
}

export interface CliFailure {
  /** What goes to stderr: one line, then (with --verbose) the details and, for unexpected errors, the stack. */
  readonly lines: string[];
  readonly exitCode: number;
}

/**
 * The one line printed for a failure that is not a UserFacingError: a WebAssembly abort or trap says
 * so and what to do; anything else is an unexpected error. Never a stack or engine source.
 */
export function unexpectedFailureLine(error: unknown): string {
  const wasm = wasmFailureText(error);
  if (wasm !== null) return `ifim: the WebAssembly engine failed (${wasm}); the command stopped — rerun with --backend cpu, or add --verbose for details`;
  return `ifim: unexpected error: ${describeThrown(error)}; please report it with the command you ran`;
}

/**
 * Any error → what the CLI prints. A UserFacingError is one line "ifim: <message>"; its details
 * (a library's own words) only with --verbose. Anything else is a bug or an engine failure: still
 * one line first, the stack only with --verbose.
 */
export function cliFailure(error: unknown, verbose: boolean): CliFailure {
  if (error instanceof UserFacingError) {
    const lines = [`ifim: ${error.message}`];
    if (verbose && error.details) lines.push(`ifim: details: ${error.details}`);
    return { lines, exitCode: error instanceof CliError ? error.exitCode : 1 };
  }
  const lines = [unexpectedFailureLine(error)];
  if (verbose && error instanceof Error && error.stack) lines.push(...error.stack.split('\n').map((l) => `ifim: ${oneLine(l)}`));
  return { lines, exitCode: 3 };
}

/**
 * A failure outside the command's promise chain (a WebAssembly trap in a timer, a stray rejection):
 * still one line and exit status 3, never Node's dump of the throwing source line.
 */
export function installFatalHandlers(verbose = false): void {
  const fatal = (error: unknown) => {
    for (const line of cliFailure(error, verbose).lines) console.error(line);
    process.exit(3);
  };
  process.on('uncaughtException', fatal);
  process.on('unhandledRejection', fatal);
}
