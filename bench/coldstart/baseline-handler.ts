import { DynamoDBClient } from '@aws-sdk/client-dynamodb';

// The cold-start baseline: a function that bundles only the DynamoDB client
// and creates it at module scope, as eventline's functions create theirs.
const client = new DynamoDBClient({});

/** Answers with the client's configured region; the benchmark never calls it. */
export async function handler(): Promise<string> {
  return client.config.region();
}
