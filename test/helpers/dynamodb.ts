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

/** A call a client was asked to make. */
export interface RecordedCall {
  /** The operation, e.g. `PutItem`. */
  readonly operation: string;
  readonly input: Record<string, unknown>;
}

/**
 * Records every call the client is asked to make, before it is sent (so
 * refused and failed calls are recorded too). Returns the live list; empty it
 * with `calls.length = 0` between steps.
 */
export function recordCalls(client: DynamoDBClient): RecordedCall[] {
  const calls: RecordedCall[] = [];
  client.middlewareStack.add(
    (next, context) => async (args) => {
      calls.push({
        operation: (context.commandName ?? '').replace(/Command$/, ''),
        input: args.input as Record<string, unknown>,
      });
      return next(args);
    },
    { step: 'initialize', name: `recordCalls-${randomUUID()}` },
  );
  return calls;
}
