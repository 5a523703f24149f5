import { randomUUID } from 'node:crypto';
import { CreateTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { inject } from 'vitest';
import { eventTableDefinition } from '../../shared/event-store/dynamodb/table-definition';

/** A DynamoDB client for the run's DynamoDB Local, with throwaway credentials. */
export function dynamoDbClient(): DynamoDBClient {
  return new DynamoDBClient({
    endpoint: inject('dynamoDbEndpoint'),
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
}

/** Creates an event table with a name no other test uses; resolves with its name. */
export async function createEventTable(client: DynamoDBClient, prefix = 'events'): Promise<string> {
  const name = `${prefix}-${randomUUID()}`;
  await client.send(new CreateTableCommand(eventTableDefinition(name)));
  return name;
}
