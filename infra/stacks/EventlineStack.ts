import type { StackProps } from 'aws-cdk-lib';
import { CfnOutput, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import type { EventType } from '../../shared/events/catalog';
import { EventCatalog } from '../../shared/events/catalog';
import { NOTIFIED_EVENTS } from '../../shared/notifications/order-emails';
import { CommandApi } from '../constructs/CommandApi';
import { DataKey } from '../constructs/DataKey';
import { EventBus } from '../constructs/EventBus';
import { EventStore } from '../constructs/EventStore';
import { Notifications } from '../constructs/Notifications';
import { Observability } from '../constructs/Observability';
import { OrderSaga } from '../constructs/OrderSaga';
import { OutboxPublisher } from '../constructs/OutboxPublisher';
import { QueryApi } from '../constructs/QueryApi';
import { QueueConsumer } from '../constructs/QueueConsumer';
import { ReadModels } from '../constructs/ReadModels';
import type { Stage } from '../stage';
import { parseSenderEmail } from '../stage';

export interface EventlineStackProps extends StackProps {
  /** `prod` retains and protects data and logs; `dev` may be destroyed. */
  readonly stage: Stage;
  /**
   * The SES-verified sender of customer emails (`-c senderEmail=`).
   * @default - `DEV_SENDER_EMAIL` in dev; required in prod (the synth fails without it)
   */
  readonly senderEmail?: string;
}

/**
 * The whole app: the command side (event store, outbox, bus with archive,
 * HTTP API) and the consuming side (projector and read models, notifier,
 * query routes), with alarms. Composes only.
 */
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

    const readModels = new ReadModels(this, 'ReadModels', { retain: production, ...encryption });
    // One idempotency table: HTTP keys, the notifier's records and the payment sandbox's counters, each under its own key prefix.
    const idempotency = api.idempotencyTable;
    const notifications = new Notifications(this, 'Notifications', {
      senderEmail: parseSenderEmail(props.senderEmail, props.stage),
    });
    const projector = new QueueConsumer(this, 'Projector', {
      eventBus: eventBus.bus,
      events: Object.keys(EventCatalog) as EventType[],
      sideEffects: false,
      functionDir: 'projector',
      logRemovalPolicy,
    });
    readModels.bindTo(projector.function, 'project');
    eventStore.bindTo(projector.function, 'read', ['order', 'inventory', 'payment']);
    const notifier = new QueueConsumer(this, 'Notifier', {
      eventBus: eventBus.bus,
      events: NOTIFIED_EVENTS,
      sideEffects: true,
      functionDir: 'notifier',
      logRemovalPolicy,
    });
    idempotency.bindTo(notifier.function, 'send-order-email');
    eventStore.bindTo(notifier.function, 'read', ['order']);
    notifications.bindSender(notifier.function);
    const queries = new QueryApi(this, 'Queries', {
      httpApi: api.api,
      readModels,
      logRemovalPolicy,
    });
    const saga = new OrderSaga(this, 'OrderSaga', { eventBus: eventBus.bus, logRemovalPolicy });
    eventStore.bindTo(saga.stepsFunction, 'append', ['order', 'inventory', 'payment']);
    idempotency.bindCounter(saga.stepsFunction);
    const cancellation = new QueueConsumer(this, 'Cancellation', {
      eventBus: eventBus.bus,
      events: ['OrderCancelled'],
      sideEffects: true,
      functionDir: 'order-cancellation',
      logRemovalPolicy,
    });
    eventStore.bindTo(cancellation.function, 'append', ['order', 'inventory', 'payment']);
    idempotency.bindCounter(cancellation.function);
    const consumers = [projector, notifier, saga.starter, cancellation];

    new Observability(this, 'Observability', {
      functions: [
        outbox.function,
        ...api.functions,
        ...queries.functions,
        ...consumers.map((c) => c.function),
        saga.stepsFunction,
      ],
      outboxFunction: outbox.function,
      failureQueues: [outbox.failureQueue, ...consumers.flatMap((c) => c.deadLetterQueues)],
      consumerQueues: consumers.map((c) => c.queue),
      rules: consumers.map((c) => c.rule),
      sagas: [
        {
          stateMachine: saga.stateMachine,
          compensationFailed: saga.compensationFailures.metric({ statistic: 'Sum' }),
        },
      ],
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
    new CfnOutput(this, 'ReadModelTableName', {
      value: readModels.table.tableName,
      description: 'Read models (OrderSummary, CustomerOrders, StockLevel, SalesDaily)',
    });
    new CfnOutput(this, 'OrderSagaStateMachineArn', {
      value: saga.stateMachine.stateMachineArn,
      description: 'The order saga (executions are named order-<orderId>)',
    });
    for (const [name, consumer] of [
      ['Projector', projector],
      ['Notifier', notifier],
      ['SagaStarter', saga.starter],
      ['Cancellation', cancellation],
    ] as const) {
      new CfnOutput(this, `${name}QueueUrl`, {
        value: consumer.queue.queueUrl,
        description: `Queue of the ${name.toLowerCase()}`,
      });
      new CfnOutput(this, `${name}DeadLetterQueueUrl`, {
        value: consumer.deadLetterQueue.queueUrl,
        description: `Messages the ${name.toLowerCase()} failed ${'maxReceiveCount'} times`,
      });
      new CfnOutput(this, `${name}TargetDeadLetterQueueUrl`, {
        value: consumer.targetDeadLetterQueue.queueUrl,
        description: `Events the ${name.toLowerCase()}'s rule could not deliver to its queue`,
      });
    }
    new CfnOutput(this, 'OutboxFailureQueueUrl', {
      value: outbox.failureQueue.queueUrl,
      description: 'Where stream batches the outbox could not publish wait for an operator',
    });
  }
}
