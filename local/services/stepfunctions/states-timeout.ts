import type { StateMachineDefinition } from 'aws-local-stepfunctions';
import { StateMachine } from 'aws-local-stepfunctions';

let timeoutClass: Promise<new () => Error> | undefined;

/**
 * A `States.Timeout` error the interpreter recognises as a timeout. Its
 * Retry/Catch matching tells a timeout from other task failures by its own
 * error class (so `States.TaskFailed` does not match `States.Timeout`, as in
 * AWS), which it does not export; the cloud measures task timeouts on its
 * clock and must fail the task with that class. One probe run, whose task
 * times out after 1 ms of real time, yields it; it is kept for the process.
 */
export async function statesTimeoutError(message: string): Promise<Error> {
  timeoutClass ??= probeTimeoutClass();
  const error = new (await timeoutClass)();
  error.message = message;
  return error;
}

async function probeTimeoutClass(): Promise<new () => Error> {
  const probe = new StateMachine(
    {
      StartAt: 'Probe',
      States: {
        Probe: {
          Type: 'Task',
          Resource: 'arn:aws:lambda:us-east-1:000000000000:function:probe',
          TimeoutSeconds: 0.001,
          End: true,
        },
      },
    } as unknown as StateMachineDefinition,
    { validationOptions: { noValidate: true } },
  );
  const run = probe.run(
    {},
    { overrides: { taskResourceLocalHandlers: { Probe: () => new Promise(() => {}) } } },
  );
  try {
    await run.result;
  } catch (error) {
    const cause = (error as { cause?: unknown }).cause;
    if (cause instanceof Error && cause.name === 'States.Timeout')
      return cause.constructor as new () => Error;
  }
  throw new Error('aws-local-stepfunctions no longer fails a timed-out task with States.Timeout');
}
