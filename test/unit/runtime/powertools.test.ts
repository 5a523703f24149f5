import { Tracer } from '@aws-lambda-powertools/tracer';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { isSdkTracingEnabled } from '../../../shared/runtime/powertools';

/** A fresh copy of the module, evaluated with `POWERTOOLS_TRACE_ENABLED` set to `value`. */
async function powertoolsWith(value: string | undefined) {
  vi.resetModules();
  if (value === undefined) vi.stubEnv('POWERTOOLS_TRACE_ENABLED', undefined);
  else vi.stubEnv('POWERTOOLS_TRACE_ENABLED', value);
  return import('../../../shared/runtime/powertools');
}

afterEach(() => {
  vi.unstubAllEnvs();
});

describe('Function: isSdkTracingEnabled', () => {
  it.each([
    ['false', false],
    [' FALSE ', false],
    ['true', true],
    ['', true],
    [undefined, true],
  ])('reads POWERTOOLS_TRACE_ENABLED=%j as %s, as Powertools does', (value, expected) => {
    expect(isSdkTracingEnabled({ POWERTOOLS_TRACE_ENABLED: value })).toBe(expected);
  });
});

describe('Function: createPowertools', () => {
  it('hands SDK clients back untouched when tracing is off', async () => {
    // Prepare
    const { createPowertools } = await powertoolsWith('false');
    const client = new DynamoDBClient({ region: 'us-east-1' });
    const middleware = client.middlewareStack.identify();

    // Act
    const tools = createPowertools('test-service');
    const captured = tools.tracer.captureAWSv3Client(client);

    // Assess
    expect(captured).toBe(client);
    expect(client.middlewareStack.identify()).toEqual(middleware);
    expect(tools.tracer).not.toBeInstanceOf(Tracer);
  });

  it('uses the Powertools tracer when tracing is not switched off', async () => {
    // Act
    const { createPowertools } = await powertoolsWith(undefined);
    const tools = createPowertools('test-service');

    // Assess
    expect(tools.tracer).toBeInstanceOf(Tracer);
  });
});
