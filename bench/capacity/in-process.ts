import { randomUUID } from 'node:crypto';
import { pathToFileURL } from 'node:url';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { APIGatewayProxyEventV2, SQSEvent } from 'aws-lambda';
import type { LambdaFunctionRuntime } from '../../local/services/lambda/runtime/LambdaFunctionRuntime';
import { DynamoDbEventStore } from '../../shared/event-store/dynamodb';
import type { RecordedEvent } from '../../shared/event-store/types';
import { toEnvelope } from '../../shared/events/entry';
import { NOTIFIED_EVENTS } from '../../shared/notifications/order-emails';
import { paymentIdFor } from '../../shared/saga/deterministic-ids';

type Handler = (event: unknown, context: unknown) => Promise<unknown>;

/** The functions of one order's path, loaded in this thread. */
export interface InProcessFunctions {
  placeOrder: Handler;
  sagaSteps: Handler;
  projector: Handler;
  notifier: Handler;
}

/** Which deployed function plays each part (by logical-id fragment in its name). */
const PARTS = {
  placeOrder: /PlaceOrder/,
  sagaSteps: /OrderSagaSteps/,
  projector: /Projector/,
  notifier: /Notifier/,
} as const;

/**
 * Imports the very bundles the local cloud runs (from `cdk.out`) into this
 * thread, each with its own resolved environment set while it loads (the
 * handlers read it at module scope), DynamoDB pointed straight at DynamoDB
 * Local (`AWS_ENDPOINT_URL_DYNAMODB`) and SES at the local cloud's endpoint.
 */
export async function loadInProcess(
  functions: Map<string, LambdaFunctionRuntime>,
  dynamoDbEndpoint: string,
): Promise<InProcessFunctions> {
  const loaded: Partial<Record<keyof typeof PARTS, Handler>> = {};
  for (const [part, pattern] of Object.entries(PARTS) as [keyof typeof PARTS, RegExp][]) {
    const runtime = [...functions.entries()].find(([name]) => pattern.test(name))?.[1];
    if (!runtime)
      throw new Error(`no function matches ${pattern}: ${[...functions.keys()].join(', ')}`);
    Object.assign(process.env, runtime.props.environment, {
      AWS_ENDPOINT_URL_DYNAMODB: dynamoDbEndpoint,
    });
    const mod = (await import(pathToFileURL(runtime.props.modulePath).href)) as Record<
      string,
      unknown
    >;
    const handler = mod[runtime.props.handlerName];
    if (typeof handler !== 'function')
      throw new Error(`${runtime.props.modulePath} exports no ${runtime.props.handlerName}`);
    loaded[part] = handler as Handler;
  }
  return loaded as InProcessFunctions;
}

const context = (functionName: string) => {
  const deadline = Date.now() + 30_000;
  return {
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:us-east-1:000000000000:function:${functionName}`,
    memoryLimitInMB: '512',
    awsRequestId: randomUUID(),
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: 'in-process',
    callbackWaitsForEmptyEventLoop: true,
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done() {},
    fail() {},
    succeed() {},
  };
};

function postOrders(body: string, correlationId: string): APIGatewayProxyEventV2 {
  return {
    version: '2.0',
    routeKey: 'POST /orders',
    rawPath: '/orders',
    rawQueryString: '',
    headers: { 'content-type': 'application/json', 'x-correlation-id': correlationId },
    requestContext: {
      accountId: '000000000000',
      apiId: 'in-process',
      domainName: 'localhost',
      domainPrefix: 'localhost',
      http: {
        method: 'POST',
        path: '/orders',
        protocol: 'HTTP/1.1',
        sourceIp: '127.0.0.1',
        userAgent: 'bench',
      },
      requestId: randomUUID(),
      routeKey: 'POST /orders',
      stage: '$default',
      time: new Date().toUTCString(),
      timeEpoch: Date.now(),
    },
    body,
    isBase64Encoded: false,
  };
}

/** An SQS event of the EventBridge events a rule would deliver for these stored events. */
function sqsEventOf(events: readonly RecordedEvent[]): SQSEvent {
  return {
    Records: events.map((recorded) => {
      const envelope = toEnvelope(recorded);
      const body = JSON.stringify({
        version: '0',
        id: randomUUID(),
        'detail-type': envelope.type,
        source: envelope.source,
        account: '000000000000',
        time: new Date().toISOString().replace(/\.\d{3}Z$/, 'Z'),
        region: 'us-east-1',
        resources: [],
        detail: { metadata: envelope.metadata, data: envelope.data },
      });
      return {
        messageId: randomUUID(),
        receiptHandle: randomUUID(),
        body,
        attributes: {
          ApproximateReceiveCount: '1',
          SentTimestamp: String(Date.now()),
          SenderId: 'AIDAEVENTS',
          ApproximateFirstReceiveTimestamp: String(Date.now()),
        },
        messageAttributes: {},
        md5OfBody: '',
        eventSource: 'aws:sqs',
        eventSourceARN: 'arn:aws:sqs:us-east-1:000000000000:in-process',
        awsRegion: 'us-east-1',
      };
    }),
  };
}

/**
 * One order through the same handlers, called directly: place it (the
 * command function), run the saga's steps in the state machine's order
 * (load, reserve its one line, charge, confirm), then hand every event the
 * order produced (its order, inventory and payment streams, read back from
 * the store in place of the outbox and the bus) to the projector and the
 * notifier in one batch each, as a queue would.
 */
export async function orderInProcess(
  fns: InProcessFunctions,
  store: DynamoDbEventStore,
  body: string,
  sku: string,
  stockVersion: number,
): Promise<void> {
  const correlationId = randomUUID();
  const placed = (await fns.placeOrder(
    postOrders(body, correlationId),
    context('place-order'),
  )) as {
    statusCode: number;
    body: string;
  };
  if (placed.statusCode !== 201)
    throw new Error(`place-order answered ${placed.statusCode}: ${placed.body}`);
  const { orderId } = JSON.parse(placed.body) as { orderId: string };
  const base = { orderId, correlationId, execution: `order-${orderId}` };
  const loaded = (await fns.sagaSteps({ step: 'LoadOrder', ...base }, context('saga'))) as {
    lines: { sku: string; quantity: number }[];
  };
  for (const line of loaded.lines)
    await fns.sagaSteps({ step: 'ReserveStock', ...base, line }, context('saga'));
  await fns.sagaSteps({ step: 'ChargePayment', ...base }, context('saga'));
  await fns.sagaSteps({ step: 'ConfirmOrder', ...base }, context('saga'));
  const events = [
    ...(await store.read(`order-${orderId}`)).events,
    ...(await store.read(`inventory-${sku}`, { fromVersion: stockVersion + 1 })).events,
    ...(await store.read(`payment-${paymentIdFor(orderId)}`)).events,
  ];
  if (!events.some((e) => e.type === 'OrderConfirmed'))
    throw new Error(`order ${orderId} was not confirmed in process`);
  await fns.projector(sqsEventOf(events), context('projector'));
  const notified = events.filter((e) => (NOTIFIED_EVENTS as readonly string[]).includes(e.type));
  await fns.notifier(sqsEventOf(notified), context('notifier'));
}

/** A store reading the event table straight from DynamoDB Local. */
export function directStore(dynamoDbEndpoint: string, tableName: string): DynamoDbEventStore {
  return new DynamoDbEventStore({
    client: new DynamoDBClient({
      endpoint: dynamoDbEndpoint,
      region: 'us-east-1',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    }),
    tableName,
  });
}
