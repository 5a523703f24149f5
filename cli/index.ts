import { Command, CommanderError, Option } from 'commander';
import { registerDlqCommands } from './commands/dlq';
import { registerOutboxCommands } from './commands/outbox';
import { registerProjectionCommands } from './commands/projection';
import { registerReplayCommands } from './commands/replay';
import { registerSagaCommands } from './commands/saga';
import { registerStreamCommands } from './commands/stream';
import { CliError, ExitCode } from './errors';

/** The `eventline` program: global options and every command group. */
export function buildProgram(): Command {
  const program = new Command('eventline')
    .description('Operate eventline: streams, replays, DLQs, the outbox, read models and sagas')
    .addOption(new Option('--stage <stage>', 'the stack is eventline-<stage>').default('dev'))
    .option(
      '--outputs-file <file>',
      'read the stack outputs from a `cdk deploy --outputs-file` file',
    )
    .option('--json', 'write results as NDJSON to stdout')
    .showHelpAfterError()
    .exitOverride();
  registerStreamCommands(program);
  registerReplayCommands(program);
  registerDlqCommands(program);
  registerOutboxCommands(program);
  registerProjectionCommands(program);
  registerSagaCommands(program);
  // Every subcommand reports usage errors by throwing, like the program.
  for (const command of allCommands(program)) command.exitOverride();
  return program;
}

function allCommands(command: Command): Command[] {
  return command.commands.flatMap((c) => [c, ...allCommands(c)]);
}

/**
 * Runs the command line.
 * @returns the exit code: 0 done, 1 failed, 2 usage error.
 */
export async function main(argv: readonly string[]): Promise<number> {
  const program = buildProgram();
  try {
    await program.parseAsync([...argv]);
    return ExitCode.done;
  } catch (error) {
    if (error instanceof CommanderError) {
      // Help and version are "errors" to commander; it printed them already.
      return error.exitCode === 0 ? ExitCode.done : ExitCode.usage;
    }
    if (error instanceof CliError) {
      process.stderr.write(`error: ${error.message}\n`);
      return error.exitCode;
    }
    const detail = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    process.stderr.write(`error: ${detail}\n`);
    return ExitCode.failed;
  }
}
