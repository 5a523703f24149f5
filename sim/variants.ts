import { randomUUID } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import type { DynamoDBStreamEvent } from 'aws-lambda';
import type { RunningApp } from '../local/run-app';
import type { LambdaFunctionRuntime } from '../local/services/lambda/runtime/LambdaFunctionRuntime';
import { DynamoDbEventStore } from '../shared/event-store/dynamodb';
import { OutboxPublisher } from '../shared/publisher';
import type { ProjectedEvent } from '../shared/read-models';
import {
  fromItem,
  fromRecorded,
  Keys,
  PROJECTIONS,
  Projector,
  ReadModelTable,
  readProjectionStates,
} from '../shared/read-models';
import { versionsToWrite } from '../shared/read-models/projection-states';
import type { StockLevel } from '../shared/read-models/stock-level';
import {
  applyToStockLevel,
  emptyStockLevel,
  stockContribution,
} from '../shared/read-models/stock-level';
import type { Variant } from './simulation';

/**
 * Deliberately broken variants of the app, made through the local cloud's
 * hooks after the deploy (the app's code is never edited): each imitates one
 * classic mistake, so a test can show the simulator finds it.
 */
export const VARIANTS = {
  /**
   * The notifier without its idempotency guard: every delivery of an
   * `OrderConfirmed`/`OrderCancelled` sends an email, duplicates included.
   */
  'notifier-without-idempotency': (app) => {
    const runtime = functionNamed(app, 'NotifierFunction');
    const ses = new SESv2Client({
      endpoint: app.cloud.url,
      region: app.cloud.region,
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    });
    // The event source mapping holds the runtime itself, so the runtime's invoke is swapped.
    runtime.invoke = async (event) => {
      const records = (event as { Records?: { body: string }[] }).Records ?? [];
      for (const record of records) {
        const body = JSON.parse(record.body) as {
          'detail-type'?: string;
          detail?: { data?: { orderId?: string } };
        };
        const orderId = body.detail?.data?.orderId;
        const kind = body['detail-type'] === 'OrderConfirmed' ? 'confirmed' : 'cancelled';
        if (!orderId) continue;
        await ses.send(
          new SendEmailCommand({
            FromEmailAddress: 'orders@eventline.example',
            Destination: { ToAddresses: ['customer@sim.example'] },
            Content: {
              Simple: {
                Subject: { Data: `Your order ${orderId} is ${kind}` },
                Body: { Text: { Data: 'sent without an idempotency guard' } },
              },
            },
          }),
        );
      }
      return { payload: JSON.stringify({ batchItemFailures: [] }), requestId: randomUUID() };
    };
  },
  /**
   * A saga whose `ReleaseStock` compensation does nothing — and without the
   * cancellation consumer's sweep behind it, which would otherwise release
   * what the saga left (two layers, so both are removed): a declined or
   * rejected order is cancelled but keeps its stock.
   */
  'saga-without-release': (app) => {
    const sweeper = functionNamed(app, 'CancellationFunction');
    sweeper.invoke = async () => ({
      payload: JSON.stringify({ batchItemFailures: [] }),
      requestId: randomUUID(),
    });
    const runtime = functionNamed(app, 'OrderSagaSteps');
    const { functionName, functionArn } = runtime.props;
    // Step Functions invokes through the Lambda service: a function registered under the same name replaces it.
    app.cloud.lambda.register({
      functionName,
      functionArn,
      invoke: async (event) =>
        (event as { step?: string }).step === 'ReleaseStock'
          ? { payload: JSON.stringify({ released: [] }), requestId: randomUUID() }
          : runtime.invoke(event),
    });
  },
  /**
   * A projector without its version check on `StockLevel`: every delivered
   * inventory event is applied to the SKU's level, a duplicate or an older
   * version included (the other projections are the app's own). The
   * revision check stays, so it is not a write race: only the event-version
   * check is gone.
   */
  'projection-without-version-check': (app) => {
    const runtime = functionNamed(app, 'ProjectorFunction');
    const env = runtime.props.environment;
    const client = new DynamoDBClient(clientConfig(app));
    const table = new ReadModelTable({ client, tableName: env.READ_MODEL_TABLE_NAME as string });
    const store = new DynamoDbEventStore({ client, tableName: env.EVENT_TABLE_NAME as string });
    const projector = new Projector({ table, store });
    runtime.invoke = async (event) => {
      const records = (event as { Records?: { messageId: string; body: string }[] }).Records ?? [];
      const batchItemFailures: { itemIdentifier: string }[] = [];
      for (const record of records) {
        try {
          const metadata = (
            JSON.parse(record.body) as {
              detail: { metadata: { streamId: string; version: number } };
            }
          ).detail.metadata;
          const page = await store.read(metadata.streamId, {
            fromVersion: metadata.version,
            maxCount: 1,
          });
          const recorded = page.events[0];
          if (!recorded) continue;
          const projected = fromRecorded(recorded);
          const states = await readProjectionStates(table);
          for (const projection of PROJECTIONS)
            for (const version of versionsToWrite(states[projection])) {
              if (projection === 'StockLevel')
                await applyWithoutVersionCheck(table, version, projected);
              else await projector.apply(projection, version, projected);
            }
        } catch {
          batchItemFailures.push({ itemIdentifier: record.messageId });
        }
      }
      return { payload: JSON.stringify({ batchItemFailures }), requestId: randomUUID() };
    };
  },
  /**
   * An outbox publisher that reads only thrown errors, never
   * `FailedEntryCount`: an entry EventBridge failed counts as published, and
   * the stream moves past it. The app's own publisher otherwise.
   */
  'outbox-drops-failed-entries': (app) => {
    const runtime = functionNamed(app, 'OutboxFunction');
    const events = new EventBridgeClient(clientConfig(app));
    const blind = {
      send: async (command: Parameters<EventBridgeClient['send']>[0]) => {
        const out = (await events.send(command as never)) as {
          Entries?: { ErrorCode?: string; EventId?: string }[];
        };
        return {
          ...out,
          FailedEntryCount: 0,
          Entries: (out.Entries ?? []).map((e) => (e.ErrorCode ? { EventId: randomUUID() } : e)),
        };
      },
    } as unknown as EventBridgeClient;
    const publisher = new OutboxPublisher({
      client: blind,
      eventBusName: runtime.props.environment.EVENT_BUS_NAME as string,
    });
    runtime.invoke = async (event) => {
      const result = await publisher.publish((event as DynamoDBStreamEvent).Records);
      return {
        payload: JSON.stringify({ batchItemFailures: result.batchItemFailures }),
        requestId: randomUUID(),
      };
    };
  },
} satisfies Record<string, Variant>;

/** SDK settings for the local cloud's endpoint. */
function clientConfig(app: RunningApp) {
  return {
    endpoint: app.cloud.url,
    region: app.cloud.region,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  };
}

/** Applies an inventory event to its SKU's level — the mistake: whatever its version. */
async function applyWithoutVersionCheck(
  table: ReadModelTable,
  version: number,
  event: ProjectedEvent,
): Promise<void> {
  const sku = stockContribution(event);
  if (sku === undefined) return;
  const key = Keys.stockLevel(version, sku);
  for (let attempt = 0; attempt < 8; attempt++) {
    const stored = await table.get(key);
    const level = stored ? (fromItem(stored) as unknown as StockLevel) : emptyStockLevel(sku);
    const next = applyToStockLevel(level, event);
    const rev = stored ? Number(stored.rev) : undefined;
    if (await table.putRevision(key, { model: 'StockLevel', ...next }, rev)) return;
  }
  throw new Error(`StockLevel ${sku}: the revision kept changing`);
}

export type VariantName = keyof typeof VARIANTS;

function functionNamed(app: RunningApp, part: string): LambdaFunctionRuntime {
  for (const [name, runtime] of app.deployment.runtime.functions)
    if (name.includes(part)) return runtime;
  throw new Error(`no deployed function named like ${part}`);
}
