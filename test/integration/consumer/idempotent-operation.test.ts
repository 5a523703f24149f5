import { randomUUID } from 'node:crypto';
import { CreateTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { LocalCloud } from '../../../local/cloud';
import { startLocalCloud } from '../../../local/cloud';
import { ManualClock } from '../../../local/core/clock';
import { memoryLogger } from '../../../local/core/console-logger';
import { idempotentOperation } from '../../../shared/consumer/idempotent-operation';
import type { TypedEnvelope } from '../../../shared/events/entry';

let cloud: LocalCloud;
let client: DynamoDBClient;
const tableName = `idempotent-operation-${randomUUID().slice(0, 8)}`;

beforeAll(async () => {
  // DynamoDB Local behind the local cloud, whose fault hook throttles requests as DynamoDB
  // does; the client makes one attempt per call, so each injected throttle reaches the code.
  cloud = await startLocalCloud({
    clock: new ManualClock(),
    logger: memoryLogger(),
    dynamodb: { endpoint: inject('dynamoDbEndpoint') },
  });
  client = new DynamoDBClient({
    endpoint: cloud.url,
    region: cloud.region,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    maxAttempts: 1,
  });
  await client.send(
    new CreateTableCommand({
      TableName: tableName,
      KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
      AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
      BillingMode: 'PAY_PER_REQUEST',
    }),
  );
});

afterAll(async () => {
  await cloud?.stop();
});

const envelope = () => ({ metadata: { eventId: randomUUID() } }) as unknown as TypedEnvelope;

/** Throttles the first `count` UpdateItem calls (Powertools records a result with UpdateItem). */
function throttleRecording(count: number): () => void {
  let left = count;
  return cloud.faults.dynamodb.add(({ operation }) =>
    operation === 'UpdateItem' && left-- > 0 ? { kind: 'throttling' } : undefined,
  );
}

describe('idempotentOperation: recording a side effect that ran', () => {
  it('tries again when the store refuses the record, so a redelivery does not run the side effect twice (sim seeds 7 and 16)', async () => {
    // Prepare
    let sent = 0;
    const email = idempotentOperation(
      'send-email',
      async () => {
        sent++;
        return { messageId: `m-${sent}` };
      },
      { tableName, client, recordRetry: { sleep: async () => {} } },
    );
    const event = envelope();
    const remove = throttleRecording(2);

    // Act
    const first = await email.run(event);
    remove();
    const redelivered = await email.run(event);

    // Assess
    expect(cloud.faults.dynamodb.injected.filter((f) => f.operation === 'UpdateItem')).toHaveLength(
      2,
    );
    expect(first).toEqual({ messageId: 'm-1' });
    expect(redelivered).toEqual({ messageId: 'm-1' });
    expect(sent).toBe(1);
  });

  it("fails with Powertools' error when every try is refused (the message is retried, as before)", async () => {
    // Prepare
    const email = idempotentOperation('send-email-refused', async () => ({ messageId: 'm' }), {
      tableName,
      client,
      recordRetry: { maxAttempts: 3, sleep: async () => {} },
    });
    const remove = throttleRecording(3);

    // Act
    const outcome = await email.run(envelope()).catch((e: unknown) => e);
    remove();

    // Assess
    expect(outcome).toMatchObject({
      name: 'IdempotencyPersistenceLayerError',
      message: expect.stringMatching(/^Failed to update success record/),
    });
  });
});
