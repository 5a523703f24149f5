import type {
  AttributeDefinition,
  CreateTableCommandInput,
  GlobalSecondaryIndex,
  KeySchemaElement,
  LocalSecondaryIndex,
} from '@aws-sdk/client-dynamodb';
import { CreateTableCommand } from '@aws-sdk/client-dynamodb';
import type { Provisioner } from '../types';
import { list, obj, str } from './util';

/**
 * `AWS::DynamoDB::Table` and `AWS::DynamoDB::GlobalTable` (what `TableV2`
 * synthesizes) become tables in DynamoDB Local, with their keys, indexes and
 * stream. PITR, encryption, deletion protection and replicas have no local
 * meaning and are accepted.
 */
export const provisionTable: Provisioner = async (request, ctx) => {
  const p = request.properties;
  const tableName = str(p, 'TableName') ?? ctx.physicalName(request, 255);
  const stream = obj(p, 'StreamSpecification');
  const viewType = str(stream, 'StreamViewType');
  const input: CreateTableCommandInput = {
    TableName: tableName,
    KeySchema: list(p, 'KeySchema') as unknown as KeySchemaElement[],
    AttributeDefinitions: list(p, 'AttributeDefinitions') as unknown as AttributeDefinition[],
    BillingMode: 'PAY_PER_REQUEST',
    ...(list(p, 'GlobalSecondaryIndexes').length > 0
      ? {
          GlobalSecondaryIndexes: list(p, 'GlobalSecondaryIndexes').map(
            (gsi) =>
              ({
                IndexName: gsi.IndexName,
                KeySchema: gsi.KeySchema,
                Projection: gsi.Projection,
              }) as GlobalSecondaryIndex,
          ),
        }
      : {}),
    ...(list(p, 'LocalSecondaryIndexes').length > 0
      ? {
          LocalSecondaryIndexes: list(
            p,
            'LocalSecondaryIndexes',
          ) as unknown as LocalSecondaryIndex[],
        }
      : {}),
    ...(viewType
      ? {
          StreamSpecification: {
            StreamEnabled: true,
            StreamViewType: viewType as
              | 'NEW_IMAGE'
              | 'OLD_IMAGE'
              | 'NEW_AND_OLD_IMAGES'
              | 'KEYS_ONLY',
          },
        }
      : {}),
  };
  const out = await ctx.clients.dynamodb.send(new CreateTableCommand(input));
  const arn = ctx.arn('dynamodb', `table/${tableName}`);
  return {
    ref: tableName,
    attributes: {
      Arn: arn,
      // DynamoDB Local's own stream ARN: the stream poller reads it back.
      StreamArn: out.TableDescription?.LatestStreamArn,
      TableName: tableName,
    },
  };
};
