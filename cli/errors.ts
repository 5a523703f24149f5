/** Exit codes of `eventline`: 0 done, 1 failed, 2 usage error. */
export const ExitCode = {
  done: 0,
  failed: 1,
  usage: 2,
} as const;

/** Base of the errors the command line reports by message (no stack). */
export class CliError extends Error {
  readonly exitCode: number = ExitCode.failed;

  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'CliError';
  }
}

/** Bad or missing arguments, or an action that needs `--yes`: nothing was changed. */
export class UsageError extends CliError {
  override readonly exitCode: number = ExitCode.usage;

  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** A deployed resource the command needs is not in the stack's outputs. */
export class MissingResourceError extends CliError {
  constructor(what: string, where: string) {
    super(`${what} is not among the outputs of ${where}`);
    this.name = 'MissingResourceError';
  }
}
