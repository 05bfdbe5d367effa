import { UserFacingError, describeThrown, oneLine } from '../core/userFacingError';

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
 * Any error → what the CLI prints. A UserFacingError is one line "ifim: <message>"; its details
 * (a library's own words) only with --verbose. Anything else is a bug: still one line first,
 * the stack only with --verbose.
 */
export function cliFailure(error: unknown, verbose: boolean): CliFailure {
  if (error instanceof UserFacingError) {
    const lines = [`ifim: ${error.message}`];
    if (verbose && error.details) lines.push(`ifim: details: ${error.details}`);
    return { lines, exitCode: error instanceof CliError ? error.exitCode : 1 };
  }
  const lines = [`ifim: unexpected error: ${describeThrown(error)}; please report it with the command you ran`];
  if (verbose && error instanceof Error && error.stack) lines.push(...error.stack.split('\n').map((l) => `ifim: ${oneLine(l)}`));
  return { lines, exitCode: 3 };
}
