import type { CreateTableCommandInput } from '@aws-sdk/client-dynamodb';

/**
 * The event table: partition key `streamId` (S), sort key `version` (N),
 * on-demand capacity, and a stream of new images for the outbox publisher.
 * The CDK construct `EventStore` declares the same keys and stream.
 */
export function eventTableDefinition(tableName: string): CreateTableCommandInput {
  return {
    TableName: tableName,
    KeySchema: [
      { AttributeName: 'streamId', KeyType: 'HASH' },
      { AttributeName: 'version', KeyType: 'RANGE' },
    ],
    AttributeDefinitions: [
      { AttributeName: 'streamId', AttributeType: 'S' },
      { AttributeName: 'version', AttributeType: 'N' },
    ],
    BillingMode: 'PAY_PER_REQUEST',
    StreamSpecification: { StreamEnabled: true, StreamViewType: 'NEW_IMAGE' },
  };
}
