import { Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { EventBus, Rule } from 'aws-cdk-lib/aws-events';
import { Code, Function as LambdaFunction, Runtime } from 'aws-cdk-lib/aws-lambda';
import { Queue } from 'aws-cdk-lib/aws-sqs';
import { describe, expect, it } from 'vitest';
import { Observability } from '../../infra/constructs/Observability';

describe('Construct: Observability', () => {
  it('alarms on the failed deliveries of every rule it is given', () => {
    // Prepare
    const stack = new Stack();
    const fn = new LambdaFunction(stack, 'Fn', {
      runtime: Runtime.NODEJS_24_X,
      handler: 'index.handler',
      code: Code.fromInline('exports.handler = async () => {};'),
    });
    const rule = new Rule(stack, 'Consumer', {
      eventBus: new EventBus(stack, 'Bus'),
      eventPattern: { source: ['eventline.orders'] },
    });

    // Act
    new Observability(stack, 'Obs', {
      functions: [fn],
      outboxFunction: fn,
      failureQueues: [new Queue(stack, 'Q')],
      rules: [rule],
    });

    // Assess
    const alarms = Object.values(
      Template.fromStack(stack).findResources('AWS::CloudWatch::Alarm'),
    ).map((a) => a.Properties);
    const failed = alarms.filter((a) => a.MetricName === 'FailedInvocations');
    expect(failed).toHaveLength(1);
    expect(failed[0]).toMatchObject({
      Namespace: 'AWS/Events',
      Threshold: 1,
      Dimensions: [{ Name: 'RuleName', Value: { Ref: expect.stringMatching(/^Consumer/) } }],
    });
  });
});
