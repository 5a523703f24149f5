import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { describe, expect, it } from 'vitest';
import { createDynamoDbClient } from '../../../shared/runtime/dynamodb';
import type { SdkTracer } from '../../../shared/runtime/powertools';

describe('Function: createDynamoDbClient', () => {
  it('creates a DynamoDB client and hands it to the tracer, returning what the tracer returns', () => {
    // Prepare: a tracer that records the client and answers a wrapped one.
    const seen: unknown[] = [];
    const wrapped = new DynamoDBClient({ region: 'eu-west-1' });
    const tracer: SdkTracer = {
      captureAWSv3Client: <T>(client: T): T => {
        seen.push(client);
        return wrapped as T;
      },
    };

    // Act
    const client = createDynamoDbClient(tracer);

    // Assess
    expect(seen).toHaveLength(1);
    expect(seen[0]).toBeInstanceOf(DynamoDBClient);
    expect(client).toBe(wrapped);
  });
});
