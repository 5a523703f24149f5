import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import type { AttemptCounter } from './types';

/** Key prefix of the sandbox's counters in the table they share. */
export const ATTEMPT_KEY_PREFIX = 'sandbox-attempts#';

/**
 * Counts attempts in a DynamoDB table keyed `id` with a TTL attribute
 * `expiration` (the idempotency table's shape): an atomic `ADD`, so two
 * environments never read the same count. Items expire after a day.
 */
export class DynamoDbAttemptCounter implements AttemptCounter {
  readonly #client: DynamoDBClient;
  readonly #tableName: string;
  readonly #now: () => number;

  constructor(client: DynamoDBClient, tableName: string, now: () => number = Date.now) {
    this.#client = client;
    this.#tableName = tableName;
    this.#now = now;
  }

  async increment(key: string): Promise<number> {
    const out = await this.#client.send(
      new UpdateItemCommand({
        TableName: this.#tableName,
        Key: { id: { S: `${ATTEMPT_KEY_PREFIX}${key}` } },
        UpdateExpression: 'ADD attempts :one SET expiration = :exp',
        ExpressionAttributeValues: {
          ':one': { N: '1' },
          ':exp': { N: String(Math.floor(this.#now() / 1000) + 86_400) },
        },
        ReturnValues: 'UPDATED_NEW',
      }),
    );
    return Number(out.Attributes?.attempts?.N ?? '1');
  }
}
