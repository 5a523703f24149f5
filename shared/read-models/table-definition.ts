import type { CreateTableCommandInput } from '@aws-sdk/client-dynamodb';

/**
 * The read-model table: partition key `pk` (S), sort key `sk` (S), on-demand.
 * The CDK construct `ReadModels` declares the same keys.
 */
export function readModelTableDefinition(tableName: string): CreateTableCommandInput {
  return {
    TableName: tableName,
    KeySchema: [
      { AttributeName: 'pk', KeyType: 'HASH' },
      { AttributeName: 'sk', KeyType: 'RANGE' },
    ],
    AttributeDefinitions: [
      { AttributeName: 'pk', AttributeType: 'S' },
      { AttributeName: 'sk', AttributeType: 'S' },
    ],
    BillingMode: 'PAY_PER_REQUEST',
  };
}
