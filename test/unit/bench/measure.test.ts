import { afterEach, describe, expect, it, vi } from 'vitest';
import { lambdaEnvironment } from '../../../bench/coldstart/bench-targets';
import { spread } from '../../../bench/coldstart/measure-imports';

describe('Function: spread', () => {
  it('takes the middle value of an odd count', () => {
    expect(spread([9, 1, 5, 7, 3])).toEqual({ median: 5, min: 1, max: 9 });
  });

  it('takes the mean of the middle two of an even count', () => {
    expect(spread([4, 1, 3, 2])).toEqual({ median: 2.5, min: 1, max: 4 });
  });

  it('refuses an empty series', () => {
    expect(() => spread([])).toThrow('spread of no values');
  });
});

describe('Function: lambdaEnvironment', () => {
  afterEach(() => {
    vi.unstubAllEnvs();
  });

  const input = {
    functionName: 'Fn',
    handler: 'index.handler',
    runtime: 'nodejs24.x',
    memorySize: 512,
    activeTracing: true,
    taskRoot: '/tmp/asset',
    variables: { POWERTOOLS_SERVICE_NAME: 'place-order', TZ: 'Europe/Paris' },
  };

  it('sets what the Lambda runtime sets, then the function variables over it', () => {
    // Act
    const env = lambdaEnvironment(input);

    // Assess
    expect(env).toMatchObject({
      AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs24.x',
      AWS_LAMBDA_FUNCTION_MEMORY_SIZE: '512',
      LAMBDA_TASK_ROOT: '/tmp/asset',
      _HANDLER: 'index.handler',
      AWS_XRAY_DAEMON_ADDRESS: expect.stringMatching(/^[\d.]+:2000$/),
      POWERTOOLS_SERVICE_NAME: 'place-order',
      TZ: 'Europe/Paris',
    });
  });

  it("inherits nothing from the benchmark's own environment but PATH", () => {
    // Prepare
    vi.stubEnv('AWS_PROFILE', 'someone');
    vi.stubEnv('NODE_OPTIONS', '--inspect');

    // Act
    const env = lambdaEnvironment({ ...input, activeTracing: false });

    // Assess
    expect(env.AWS_PROFILE).toBeUndefined();
    expect(env.NODE_OPTIONS).toBeUndefined();
    expect(env.AWS_XRAY_DAEMON_ADDRESS).toBeUndefined();
    expect(env.PATH).toBe(process.env.PATH);
  });
});
