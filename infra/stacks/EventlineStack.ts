import type { StackProps } from 'aws-cdk-lib';
import { CfnOutput, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { CommandApi } from '../constructs/CommandApi';
import { DataKey } from '../constructs/DataKey';
import { EventBus } from '../constructs/EventBus';
import { EventStore } from '../constructs/EventStore';
import { Observability } from '../constructs/Observability';
import { OutboxPublisher } from '../constructs/OutboxPublisher';
import type { Stage } from '../stage';

export interface EventlineStackProps extends StackProps {
  /** `prod` retains and protects data and logs; `dev` may be destroyed. */
  readonly stage: Stage;
}

/** The command side: event store, outbox, bus with archive, HTTP API, alarms. Composes only. */
export class EventlineStack extends Stack {
  constructor(scope: Construct, id: string, props: EventlineStackProps) {
    super(scope, id, props);
    const production = props.stage === 'prod';
    const logRemovalPolicy = production ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY;

    // prod: one customer-managed key (rotated) for tables, bus, archive and logs; dev: AWS managed keys.
    const dataKey = production ? new DataKey(this, 'DataKey') : undefined;
    dataKey?.encryptLogGroups(this);
    const encryption = dataKey ? { encryptionKey: dataKey.key } : {};

    const eventStore = new EventStore(this, 'EventStore', { retain: production, ...encryption });
    const eventBus = new EventBus(this, 'EventBus', {
      archiveRetention: Duration.days(production ? 365 : 30),
      ...encryption,
    });
    const outbox = new OutboxPublisher(this, 'Outbox', { eventStore, eventBus, logRemovalPolicy });
    const api = new CommandApi(this, 'Api', { eventStore, logRemovalPolicy, ...encryption });
    new Observability(this, 'Observability', {
      functions: [outbox.function, ...api.functions],
      outboxFunction: outbox.function,
      failureQueues: [outbox.failureQueue],
    });

    new CfnOutput(this, 'ApiUrl', { value: api.url, description: 'Base URL of the HTTP API' });
    new CfnOutput(this, 'EventBusName', {
      value: eventBus.bus.eventBusName,
      description: 'Custom bus every eventline event is put on',
    });
    new CfnOutput(this, 'EventTableName', {
      value: eventStore.table.tableName,
      description: 'Event store table',
    });
    new CfnOutput(this, 'OutboxFailureQueueUrl', {
      value: outbox.failureQueue.queueUrl,
      description: 'Where stream batches the outbox could not publish wait for an operator',
    });
  }
}
