import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { SESv2Client } from '@aws-sdk/client-sesv2';
import type { Context, SQSEvent } from 'aws-lambda';
import { toDomainEvent } from '../../shared/command/load-aggregate';
import { consumeEventBatch } from '../../shared/consumer';
import { idempotentOperation } from '../../shared/consumer/idempotent-operation';
import type { DomainEvent } from '../../shared/events/catalog';
import type { TypedEnvelope } from '../../shared/events/entry';
import { orderEmail, SesEmailSender } from '../../shared/notifications';
import { createDynamoDbClient } from '../../shared/runtime/dynamodb';
import { createEventStore } from '../../shared/runtime/event-store';
import { publishMetrics } from '../../shared/runtime/metrics';
import { createPowertools, requireEnv } from '../../shared/runtime/powertools';

const tools = createPowertools('notifier');
const dynamodb = createDynamoDbClient(tools.tracer);
const store = createEventStore(dynamodb);
const sender = new SesEmailSender(
  tools.tracer.captureAWSv3Client(new SESv2Client({})),
  requireEnv('SENDER_EMAIL'),
);

/** Sends the customer the email of one order event; the result is what idempotency stores. */
async function notifyCustomer(event: TypedEnvelope): Promise<{ messageId: string | null }> {
  if (event.type !== 'OrderConfirmed' && event.type !== 'OrderCancelled')
    return { messageId: null };
  const placed = await store.read(event.metadata.streamId, { fromVersion: 1, maxCount: 1 });
  const first = placed.events[0];
  const order = first ? toDomainEvent<DomainEvent>(first) : undefined;
  if (order?.type !== 'OrderPlaced') return { messageId: null };
  const email = orderEmail(event, order.data);
  if (!email) return { messageId: null };
  const messageId = await sender.send(email);
  tools.metrics.addMetric('EmailsSent', MetricUnit.Count, 1);
  return { messageId };
}

const sendOnce = idempotentOperation('send-order-email', notifyCustomer, {
  tableName: requireEnv('IDEMPOTENCY_TABLE_NAME'),
  client: dynamodb,
});

/**
 * The notifier: emails the customer when an order is confirmed or
 * cancelled, through SES, at most once per event id (Powertools
 * idempotency). Its rule excludes replays: a replay never emails again.
 */
export const handler = async (event: SQSEvent, context: Context) => {
  tools.logger.addContext(context);
  try {
    return await consumeEventBatch(event, context, {
      logger: tools.logger,
      handle: async (envelope, { logger, lambdaContext }) => {
        const { messageId } = await sendOnce.run(envelope, lambdaContext);
        logger.info(messageId ? 'customer emailed' : 'no email for this order', { messageId });
      },
    });
  } finally {
    publishMetrics(tools.metrics);
  }
};
