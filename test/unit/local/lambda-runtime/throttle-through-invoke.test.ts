import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InvokeCommand, LambdaClient, TooManyRequestsException } from '@aws-sdk/client-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ArnDispatcher } from '../../../../local/core/ArnDispatcher';
import { ManualClock } from '../../../../local/core/clock';
import { memoryLogger } from '../../../../local/core/console-logger';
import { AwsEndpoint } from '../../../../local/core/server';
import { LambdaService } from '../../../../local/services/lambda';
import { LambdaFunctionRuntime } from '../../../../local/services/lambda/runtime/LambdaFunctionRuntime';

const endpoint = new AwsEndpoint({ logger: memoryLogger() });
const runtimes: LambdaFunctionRuntime[] = [];
let client: LambdaClient;

function bundledFunction(name: string, reservedConcurrency: number): LambdaFunctionRuntime {
  const dir = mkdtempSync(join(tmpdir(), 'eventline-throttle-'));
  writeFileSync(join(dir, 'index.mjs'), 'export const handler = async () => ({ ok: true });');
  const runtime = new LambdaFunctionRuntime({
    functionName: name,
    functionArn: `arn:aws:lambda:us-east-1:000000000000:function:${name}`,
    modulePath: join(dir, 'index.mjs'),
    handlerName: 'handler',
    environment: {},
    reservedConcurrency,
  });
  runtimes.push(runtime);
  return runtime;
}

beforeAll(async () => {
  const lambda = new LambdaService({
    clock: new ManualClock(),
    region: 'us-east-1',
    accountId: '000000000000',
    logger: memoryLogger(),
    dispatcher: new ArnDispatcher(),
    endpointUrl: () => endpoint.url,
  });
  for (const runtime of [bundledFunction('paused', 0), bundledFunction('open', 5)]) {
    lambda.register({
      functionName: runtime.props.functionName,
      functionArn: runtime.props.functionArn,
      invoke: (event) => runtime.invoke(event),
    });
  }
  endpoint.addRestRoute(lambda.route);
  client = new LambdaClient({
    endpoint: await endpoint.listen(),
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    maxAttempts: 1,
  });
});

afterAll(async () => {
  await endpoint.close();
  await Promise.all(runtimes.map((r) => r.close()));
});

describe('Lambda Invoke of a function at its reserved concurrency', () => {
  it('refuses with 429 TooManyRequestsException and the reason, as Lambda does', async () => {
    // Act
    const error = await client
      .send(new InvokeCommand({ FunctionName: 'paused', Payload: '{}' }))
      .catch((e: unknown) => e);

    // Assess
    expect(error).toBeInstanceOf(TooManyRequestsException);
    expect(error).toMatchObject({
      Reason: 'ReservedFunctionConcurrentInvocationLimitExceeded',
      Type: 'User',
      message: 'Rate Exceeded.',
      $metadata: { httpStatusCode: 429 },
    });
  });

  it('runs a function below its reserved concurrency', async () => {
    const out = await client.send(new InvokeCommand({ FunctionName: 'open', Payload: '{}' }));
    expect(out.StatusCode).toBe(200);
    expect(JSON.parse(Buffer.from(out.Payload as Uint8Array).toString())).toEqual({ ok: true });
  });
});
