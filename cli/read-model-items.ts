import { setTimeout as sleep } from 'node:timers/promises';
import type { AttributeValue, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { BatchWriteItemCommand, ScanCommand } from '@aws-sdk/client-dynamodb';
import type { ReadModelName } from '../shared/read-models';

/** What the read-model table holds of one version of one read model. */
export interface VersionSummary {
  readonly model: ReadModelName;
  readonly version: number;
  readonly items: number;
  /** The newest `updatedAt` among its items: the time of the newest event applied. */
  readonly newestEvent?: string;
}

// Partition keys carry model and version: `OrderSummary@2#<id>`, `StockLevel@1` (see shared/read-models/keys.ts).
const PK = /^([A-Za-z]+)@(\d+)(#|$)/;

/**
 * Scans the read-model table once (keys and `updatedAt` only) and sums it up
 * per model and version. A full scan: its cost grows with the table.
 */
export async function summarizeVersions(
  client: DynamoDBClient,
  tableName: string,
): Promise<VersionSummary[]> {
  const byKey = new Map<
    string,
    { model: ReadModelName; version: number; items: number; newestEvent?: string }
  >();
  let start: Record<string, AttributeValue> | undefined;
  do {
    const out = await client.send(
      new ScanCommand({
        TableName: tableName,
        ProjectionExpression: 'pk, updatedAt',
        ...(start ? { ExclusiveStartKey: start } : {}),
      }),
    );
    for (const item of out.Items ?? []) {
      const match = PK.exec(item.pk?.S ?? '');
      if (!match) continue;
      const key = `${match[1]}@${match[2]}`;
      const entry = byKey.get(key) ?? {
        model: match[1] as ReadModelName,
        version: Number(match[2]),
        items: 0,
      };
      entry.items += 1;
      const updated = item.updatedAt?.S;
      if (updated && (!entry.newestEvent || updated > entry.newestEvent))
        entry.newestEvent = updated;
      byKey.set(key, entry);
    }
    start = out.LastEvaluatedKey;
  } while (start);
  return [...byKey.values()];
}

/**
 * Deletes every item of one version of the given read models (partition keys
 * `<model>@<version>` and `<model>@<version>#…`), 25 keys a call, retrying
 * `UnprocessedItems` with back-off.
 * @returns the number of items deleted.
 */
export async function dropVersion(
  client: DynamoDBClient,
  tableName: string,
  models: readonly ReadModelName[],
  version: number,
): Promise<number> {
  let deleted = 0;
  let start: Record<string, AttributeValue> | undefined;
  do {
    const out = await client.send(
      new ScanCommand({
        TableName: tableName,
        ProjectionExpression: 'pk, sk',
        ...(start ? { ExclusiveStartKey: start } : {}),
      }),
    );
    const keys = (out.Items ?? []).filter((item) => {
      const match = PK.exec(item.pk?.S ?? '');
      return match && models.includes(match[1] as ReadModelName) && Number(match[2]) === version;
    });
    for (let i = 0; i < keys.length; i += 25) {
      let requests = keys.slice(i, i + 25).map((key) => ({
        DeleteRequest: { Key: { pk: key.pk as AttributeValue, sk: key.sk as AttributeValue } },
      }));
      for (let attempt = 0; requests.length > 0; attempt++) {
        if (attempt > 0) await sleep(Math.min(2000, 50 * 2 ** attempt));
        const result = await client.send(
          new BatchWriteItemCommand({ RequestItems: { [tableName]: requests } }),
        );
        const left = result.UnprocessedItems?.[tableName] ?? [];
        deleted += requests.length - left.length;
        requests = left as typeof requests;
        if (attempt >= 10 && requests.length > 0)
          throw new Error(`${requests.length} items not deleted after 10 retries`);
      }
    }
    start = out.LastEvaluatedKey;
  } while (start);
  return deleted;
}
