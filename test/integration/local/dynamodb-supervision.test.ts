import { readdirSync, readFileSync } from 'node:fs';
import { connect } from 'node:net';
import { networkInterfaces } from 'node:os';
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { LocalCloud } from '../../../local/cloud';
import { startLocalCloud } from '../../../local/cloud';
import { ManualClock } from '../../../local/core/clock';
import { memoryLogger } from '../../../local/core/console-logger';

/** The command line of the DynamoDB Local JVM listening on `port`, with its pid (Linux /proc). */
function dynamoDbLocalProcess(port: number): { pid: number; args: string[] } | undefined {
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let args: string[];
    try {
      args = readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0');
    } catch {
      continue;
    }
    const at = args.indexOf('-port');
    if (args.some((a) => a.endsWith('java')) && at >= 0 && args[at + 1] === String(port)) {
      return { pid: Number(entry), args };
    }
  }
  return undefined;
}

/** Whether a TCP connection to host:port is accepted. */
function accepts(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host, port, timeout: 2_000 });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
    socket.once('timeout', () => {
      socket.destroy();
      resolve(false);
    });
  });
}

/** An IPv4 address of this machine other than loopback, if it has one. */
const externalAddress = Object.values(networkInterfaces())
  .flat()
  .find((address) => address && address.family === 'IPv4' && !address.internal)?.address;

const portOf = (endpoint: string) => Number(new URL(endpoint).port);

describe('DynamoDB Local of the local cloud', () => {
  let cloud: LocalCloud;
  const logger = memoryLogger();
  const failures: Error[] = [];
  let failed: () => void = () => {};
  /** Resolves at the cloud's first failure report (the JVM's exit is an OS event, not clock time). */
  const firstFailure = new Promise<void>((resolve) => {
    failed = resolve;
  });

  beforeAll(async () => {
    cloud = await startLocalCloud({
      clock: new ManualClock(),
      logger,
      dynamodb: 'start',
      onFailure: (error) => {
        failures.push(error);
        failed();
      },
    });
  }, 90_000);

  afterAll(async () => {
    await cloud?.stop();
  });

  it('runs with -disableTelemetry, listening on 127.0.0.1 only', async () => {
    // Prepare
    const port = portOf(cloud.dynamoDbEndpoint);

    // Act
    const jvm = dynamoDbLocalProcess(port);

    // Assess
    expect(jvm?.args).toContain('-disableTelemetry');
    expect(await accepts('127.0.0.1', port)).toBe(true);
    if (externalAddress) expect(await accepts(externalAddress, port)).toBe(false);
  });

  it('listens on 127.0.0.1 only for the test run too (global setup)', async () => {
    const port = portOf(inject('dynamoDbEndpoint'));
    expect(dynamoDbLocalProcess(port)?.args).toContain('-disableTelemetry');
    expect(await accepts('127.0.0.1', port)).toBe(true);
    if (externalAddress) expect(await accepts(externalAddress, port)).toBe(false);
  });

  it('notices a kill -9 of its JVM, says so, and answers DynamoDB requests 503 instead of restarting it', async () => {
    // Prepare
    const client = new DynamoDBClient({
      endpoint: cloud.url,
      region: cloud.region,
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
      maxAttempts: 1,
    });
    await client.send(new ListTablesCommand({}));
    const jvm = dynamoDbLocalProcess(portOf(cloud.dynamoDbEndpoint));
    expect(jvm).toBeDefined();

    // Act
    process.kill(jvm?.pid as number, 'SIGKILL');
    await firstFailure;

    // Assess: the cloud's owner is told, the log says what is lost ...
    expect(failures).toHaveLength(1);
    expect(failures[0]?.message).toMatch(/DynamoDB Local exited unexpectedly \(signal SIGKILL\)/);
    expect(failures[0]?.message).toMatch(/in-memory tables and streams are lost/);
    expect(logger.lines.filter((l) => l.startsWith('error'))).toEqual([
      expect.stringMatching(/^error DynamoDB Local exited unexpectedly \(signal SIGKILL\)/),
    ]);
    // ... and DynamoDB requests get a clear 503 rather than a generic 500.
    const answer = await client.send(new ListTablesCommand({})).catch((error: unknown) => error);
    expect(answer).toMatchObject({
      name: 'ServiceUnavailable',
      $metadata: { httpStatusCode: 503 },
    });
    expect((answer as Error).message).toMatch(/Restart the local cloud/);
    // Nothing was restarted on that port.
    expect(await accepts('127.0.0.1', portOf(cloud.dynamoDbEndpoint))).toBe(false);
  }, 30_000);
});
