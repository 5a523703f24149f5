import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { CreateQueueCommand, ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import type { Context } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ManualClock } from '../../../local/core/clock';
import { startServiceEndpoint } from '../../helpers/local-endpoint';

let env: Awaited<ReturnType<typeof startServiceEndpoint>>;
let lambda: LambdaClient;
let clock: ManualClock;
const seen: unknown[] = [];
let flakyCalls = 0;
beforeAll(async () => {
  env = await startServiceEndpoint();
  clock = env.clock as ManualClock;
  lambda = new LambdaClient(env.clientConfig);
  env.lambda.registerFunction(
    'echo',
    async (event, context: Context) => {
      seen.push(event);
      return {
        got: event,
        functionName: context.functionName,
        invokedFunctionArn: context.invokedFunctionArn,
        awsRequestId: context.awsRequestId,
        memoryLimitInMB: context.memoryLimitInMB,
        remaining: context.getRemainingTimeInMillis(),
        logGroupName: context.logGroupName,
        clientContext: context.clientContext ?? null,
      };
    },
    { timeoutSeconds: 10, memorySizeMB: 256 },
  );
  env.lambda.registerFunction('boom', async () => {
    throw new RangeError('out of stock');
  });
  env.lambda.registerFunction('slow', () => new Promise(() => {}), { timeoutSeconds: 3 });
  env.lambda.registerFunction('unhurried', async (event) => {
    // Many turns of the event loop, as I/O would take: longer than the clock's own settling.
    for (let turn = 0; turn < 50; turn++) await new Promise((resolve) => setImmediate(resolve));
    seen.push(event);
  });
  env.lambda.registerFunction('flaky', async () => {
    flakyCalls++;
    throw new Error('still broken');
  });
});
afterAll(() => env.stop());

const decode = (payload: Uint8Array | undefined) =>
  JSON.parse(Buffer.from(payload ?? []).toString('utf8'));

describe('Class: LambdaService (Invoke, through @aws-sdk/client-lambda)', () => {
  describe('Method: Invoke (RequestResponse)', () => {
    it('returns the handler result, with a Lambda context object', async () => {
      // Act
      const out = await lambda.send(
        new InvokeCommand({ FunctionName: 'echo', Payload: JSON.stringify({ a: 1 }) }),
      );

      // Assess
      expect(out.StatusCode).toBe(200);
      expect(out.FunctionError).toBeUndefined();
      expect(out.ExecutedVersion).toBe('$LATEST');
      const body = decode(out.Payload);
      expect(body).toMatchObject({
        got: { a: 1 },
        functionName: 'echo',
        invokedFunctionArn: 'arn:aws:lambda:us-east-1:000000000000:function:echo',
        memoryLimitInMB: '256',
        remaining: 10_000,
        logGroupName: '/aws/lambda/echo',
      });
      expect(body.awsRequestId).toBe(out.$metadata.requestId);
    });

    it('accepts a full ARN, a $LATEST qualifier and a client context; an empty payload is {}', async () => {
      const out = await lambda.send(
        new InvokeCommand({
          FunctionName: 'arn:aws:lambda:us-east-1:000000000000:function:echo',
          Qualifier: '$LATEST',
          ClientContext: Buffer.from(
            JSON.stringify({ custom: { tenant: 't1' }, client: {}, env: {} }),
          ).toString('base64'),
        }),
      );

      expect(decode(out.Payload)).toMatchObject({
        got: {},
        clientContext: { custom: { tenant: 't1' } },
      });
    });

    it('reports a thrown error as an Unhandled function error with the Node.js runtime payload', async () => {
      const out = await lambda.send(new InvokeCommand({ FunctionName: 'boom' }));

      expect(out.StatusCode).toBe(200);
      expect(out.FunctionError).toBe('Unhandled');
      const body = decode(out.Payload);
      expect(body).toMatchObject({ errorType: 'RangeError', errorMessage: 'out of stock' });
      expect(body.trace[0]).toBe('RangeError: out of stock');
    });

    it("times out on the cloud's clock after the function timeout", async () => {
      const running = clock.nextTimer((t) => t.delayMs === 3_000);
      const pending = lambda.send(new InvokeCommand({ FunctionName: 'slow' }));
      await running;

      await clock.advance(3_000);
      const out = await pending;

      expect(out.FunctionError).toBe('Unhandled');
      expect(decode(out.Payload)).toMatchObject({
        errorType: 'Sandbox.Timedout',
        errorMessage: expect.stringContaining('Task timed out after 3.00 seconds'),
      });
    });

    it('returns the log tail when asked', async () => {
      const out = await lambda.send(new InvokeCommand({ FunctionName: 'echo', LogType: 'Tail' }));

      const log = Buffer.from(out.LogResult ?? '', 'base64').toString('utf8');
      expect(log).toContain(`START RequestId: ${out.$metadata.requestId}`);
      expect(log).toContain('REPORT RequestId');
    });

    it('throws ResourceNotFoundException (404) for an unknown function or qualifier', async () => {
      await expect(lambda.send(new InvokeCommand({ FunctionName: 'nope' }))).rejects.toMatchObject({
        name: 'ResourceNotFoundException',
        message: expect.stringContaining('function:nope'),
        $metadata: { httpStatusCode: 404 },
      });
      await expect(
        lambda.send(new InvokeCommand({ FunctionName: 'echo', Qualifier: 'v1' })),
      ).rejects.toMatchObject({ name: 'ResourceNotFoundException' });
    });

    it('throws InvalidRequestContentException for a payload that is not JSON', async () => {
      await expect(
        lambda.send(new InvokeCommand({ FunctionName: 'echo', Payload: Buffer.from('{not json') })),
      ).rejects.toMatchObject({ name: 'InvalidRequestContentException' });
    });

    it('throws RequestTooLargeException (413) over 6 MB', async () => {
      const big = JSON.stringify({ pad: 'x'.repeat(6_291_456) });

      await expect(
        lambda.send(new InvokeCommand({ FunctionName: 'echo', Payload: Buffer.from(big) })),
      ).rejects.toMatchObject({
        name: 'RequestTooLargeException',
        $metadata: { httpStatusCode: 413 },
      });
    });
  });

  describe('Method: Invoke (Event and DryRun)', () => {
    it('answers 202 and runs the function in the background', async () => {
      const out = await lambda.send(
        new InvokeCommand({
          FunctionName: 'echo',
          InvocationType: 'Event',
          Payload: JSON.stringify({ bg: true }),
        }),
      );
      await clock.idle();

      expect(out.StatusCode).toBe(202);
      expect(seen).toContainEqual({ bg: true });
    });

    it('counts a queued or running Event invocation as work in flight on the clock', async () => {
      // Act
      await lambda.send(
        new InvokeCommand({
          FunctionName: 'unhurried',
          InvocationType: 'Event',
          Payload: JSON.stringify({ unhurried: true }),
        }),
      );
      await clock.idle();

      // Assess: idle returned only once the invocation had run.
      expect(seen).toContainEqual({ unhurried: true });
    });

    it('retries a failing event twice, 1 then 2 minutes later, then sends the record to onFailure', async () => {
      // Prepare
      const sqs = new SQSClient(env.clientConfig);
      const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: 'lambda-failures' }));
      env.lambda.setEventInvokeConfig('flaky', {
        onFailure: 'arn:aws:sqs:us-east-1:000000000000:lambda-failures',
      });
      flakyCalls = 0;

      // Act
      await lambda.send(
        new InvokeCommand({
          FunctionName: 'flaky',
          InvocationType: 'Event',
          Payload: JSON.stringify({ n: 1 }),
        }),
      );
      await clock.idle();
      const afterFirst = flakyCalls;
      await clock.advance(59_999);
      const beforeRetry = flakyCalls;
      await clock.advance(1);
      await clock.idle();
      const afterSecond = flakyCalls;
      await clock.advance(120_000);
      await clock.idle();

      // Assess
      expect([afterFirst, beforeRetry, afterSecond, flakyCalls]).toEqual([1, 1, 2, 3]);
      const { Messages } = await sqs.send(new ReceiveMessageCommand({ QueueUrl }));
      expect(JSON.parse(Messages?.[0]?.Body ?? '{}')).toMatchObject({
        version: '1.0',
        requestContext: {
          condition: 'RetriesExhausted',
          approximateInvokeCount: 3,
          functionArn: 'arn:aws:lambda:us-east-1:000000000000:function:flaky:$LATEST',
        },
        requestPayload: { n: 1 },
        responseContext: { statusCode: 200, functionError: 'Unhandled' },
        responsePayload: { errorMessage: 'still broken' },
      });
    });

    it('throws RequestTooLargeException for an event over 1 MB', async () => {
      const big = JSON.stringify({ pad: 'x'.repeat(1_048_576) });

      await expect(
        lambda.send(
          new InvokeCommand({
            FunctionName: 'echo',
            InvocationType: 'Event',
            Payload: Buffer.from(big),
          }),
        ),
      ).rejects.toMatchObject({ name: 'RequestTooLargeException' });
    });

    it('answers 204 to a DryRun of a known function without running it', async () => {
      const before = seen.length;

      const out = await lambda.send(
        new InvokeCommand({ FunctionName: 'echo', InvocationType: 'DryRun' }),
      );

      expect(out.StatusCode).toBe(204);
      expect(seen).toHaveLength(before);
    });
  });
});
