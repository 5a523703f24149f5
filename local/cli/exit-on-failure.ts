import type { RunningApp } from '../run-app';

/**
 * Exit codes of `npm start`: 0 stopped by SIGINT/SIGTERM; 1 could not start;
 * 2 a part the cloud cannot run without failed while it ran (DynamoDB Local
 * exited: its in-memory tables are lost, so the cloud stops rather than
 * restart an empty one).
 */
export const StartExitCode = {
  stopped: 0,
  couldNotStart: 1,
  cloudFailed: 2,
} as const;

// Captured when this module loads, before a console that redirects stderr is set up.
const writeStderr = process.stderr.write.bind(process.stderr);

/**
 * The `onFailure` of `npm start`'s local cloud: says what failed on stderr,
 * stops the app and exits with {@link StartExitCode.cloudFailed}. Called
 * again (a second failure while stopping), it does nothing.
 */
export function exitOnCloudFailure(
  app: () => RunningApp | undefined,
  write: (text: string) => void = (text) => void writeStderr(text),
  exit: (code: number) => void = (code) => process.exit(code),
): (error: Error) => void {
  let failing = false;
  return (error) => {
    if (failing) return;
    failing = true;
    write(`\neventline: ${error.message}\n`);
    write(`eventline: stopping the local cloud (exit code ${StartExitCode.cloudFailed}).\n`);
    void (async () => {
      try {
        await app()?.stop();
      } catch (stopError) {
        write(`eventline: stopping failed too: ${String(stopError)}\n`);
      }
      exit(StartExitCode.cloudFailed);
    })();
  };
}
