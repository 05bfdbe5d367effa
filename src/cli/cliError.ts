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
