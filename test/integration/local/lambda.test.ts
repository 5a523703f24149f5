import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServiceEndpoint } from '../../helpers/local-endpoint';

let env: Awaited<ReturnType<typeof startServiceEndpoint>>;
let lambda: LambdaClient;
beforeAll(async () => {
  env = await startServiceEndpoint();
  lambda = new LambdaClient(env.clientConfig);
  env.lambda.registerHandler(
    'echo',
    'arn:aws:lambda:us-east-1:000000000000:function:echo',
    async (event) => ({ got: event }),
  );
  env.lambda.registerHandler(
    'boom',
    'arn:aws:lambda:us-east-1:000000000000:function:boom',
    async () => {
      throw new RangeError('out of stock');
    },
  );
});
afterAll(() => env.stop());

const decode = (payload: Uint8Array | undefined) =>
  JSON.parse(Buffer.from(payload ?? []).toString('utf8'));

describe('Local Lambda Invoke through @aws-sdk/client-lambda', () => {
  it('returns the handler result', async () => {
    const out = await lambda.send(
      new InvokeCommand({ FunctionName: 'echo', Payload: JSON.stringify({ a: 1 }) }),
    );
    expect(out.StatusCode).toBe(200);
    expect(out.FunctionError).toBeUndefined();
    expect(decode(out.Payload)).toEqual({ got: { a: 1 } });
  });

  it('reports a thrown error as an Unhandled function error', async () => {
    const out = await lambda.send(
      new InvokeCommand({ FunctionName: 'arn:aws:lambda:us-east-1:000000000000:function:boom' }),
    );
    expect(out.FunctionError).toBe('Unhandled');
    expect(decode(out.Payload)).toMatchObject({
      errorType: 'RangeError',
      errorMessage: 'out of stock',
    });
  });

  it('answers 202 to an asynchronous invocation', async () => {
    const out = await lambda.send(
      new InvokeCommand({ FunctionName: 'echo', InvocationType: 'Event' }),
    );
    expect(out.StatusCode).toBe(202);
    await env.lambda.idle();
  });

  it('fails with ResourceNotFoundException for an unknown function', async () => {
    await expect(lambda.send(new InvokeCommand({ FunctionName: 'nope' }))).rejects.toMatchObject({
      name: 'ResourceNotFoundException',
    });
  });
});
