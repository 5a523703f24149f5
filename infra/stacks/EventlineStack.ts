import type { StackProps } from 'aws-cdk-lib';
import { CfnOutput, Duration, Stack } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { CommandApi } from '../constructs/CommandApi';
import { EventBus } from '../constructs/EventBus';
import { EventStore } from '../constructs/EventStore';
import { Observability } from '../constructs/Observability';
import { OutboxPublisher } from '../constructs/OutboxPublisher';
import { acknowledge } from '../nag-suppressions';
import type { Stage } from '../stage';

export interface EventlineStackProps extends StackProps {
  readonly stage: Stage;
}

/** The command side: event store, outbox, bus with archive, HTTP API, alarms. Composes only. */
export class EventlineStack extends Stack {
  constructor(scope: Construct, id: string, props: EventlineStackProps) {
    super(scope, id, props);
    const production = props.stage === 'prod';
    const eventStore = new EventStore(this, 'EventStore', { retain: production });
    const eventBus = new EventBus(this, 'EventBus', {
      archiveRetention: Duration.days(production ? 365 : 30),
    });
    const outbox = new OutboxPublisher(this, 'Outbox', { eventStore, eventBus });
    const api = new CommandApi(this, 'Api', { eventStore });
    new Observability(this, 'Observability', {
      functions: [outbox.function, ...api.functions],
      outboxFunction: outbox.function,
      failureQueues: [outbox.failureQueue],
    });
    acknowledge(this, [
      {
        id: 'AwsSolutions::AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
        reason:
          "Functions use AWS's AWSLambdaBasicExecutionRole, which only lets a function write its own CloudWatch log streams.",
      },
      {
        id: 'AwsSolutions::AwsSolutions-IAM5[Resource::*]',
        reason:
          'Only X-Ray tracing (xray:PutTraceSegments, xray:PutTelemetryRecords) uses Resource "*": these actions support no resource-level permissions.',
      },
    ]);

    new CfnOutput(this, 'ApiUrl', { value: api.url, description: 'Base URL of the HTTP API' });
    new CfnOutput(this, 'EventBusName', { value: eventBus.bus.eventBusName });
    new CfnOutput(this, 'EventTableName', { value: eventStore.table.tableName });
    new CfnOutput(this, 'OutboxFailureQueueUrl', { value: outbox.failureQueue.queueUrl });
  }
}
