import type { Price } from './prices';
import { dollars, PRICES } from './prices';

/** What a run of the flow used, added up over its orders. */
export interface FlowUsage {
  readonly orders: number;
  readonly apiRequests: number;
  readonly lambdaInvocations: number;
  /** Σ billed duration (s) × memory (GB). */
  readonly lambdaGbSeconds: number;
  readonly dynamoDbReadUnits: number;
  readonly dynamoDbWriteUnits: number;
  /** PutEvents entries in 64 KB chunks (what EventBridge bills). */
  readonly eventBridgeEvents: number;
  /** Bytes of the events put on the bus, all of which the archive takes in. */
  readonly archivedBytes: number;
  readonly sqsRequests: number;
  readonly stateTransitions: number;
  readonly sesMessages: number;
}

/** One line of the bill. */
export interface CostLine {
  readonly service: string;
  readonly item: string;
  /** Billing units per order. */
  readonly perOrder: number;
  readonly usdPerMillionOrders: number;
  readonly price: Price;
}

const GB = 1024 ** 3;

/** The bill of a million orders like the run's, line by line, largest first. */
export function priceFlow(usage: FlowUsage): CostLine[] {
  const n = usage.orders;
  const line = (service: string, item: string, total: number, price: Price): CostLine => ({
    service,
    item,
    perOrder: total / n,
    usdPerMillionOrders: dollars(price, (total / n) * 1e6),
    price,
  });
  return [
    line('API Gateway', 'HTTP API requests', usage.apiRequests, PRICES.apiGatewayHttpRequest),
    line('Lambda', 'requests', usage.lambdaInvocations, PRICES.lambdaRequest),
    line('Lambda', 'duration (GB-s, Arm)', usage.lambdaGbSeconds, PRICES.lambdaArmGbSecond),
    line(
      'DynamoDB',
      'write request units',
      usage.dynamoDbWriteUnits,
      PRICES.dynamoDbWriteRequestUnit,
    ),
    line('DynamoDB', 'read request units', usage.dynamoDbReadUnits, PRICES.dynamoDbReadRequestUnit),
    line('EventBridge', 'events published', usage.eventBridgeEvents, PRICES.eventBridgeCustomEvent),
    line(
      'EventBridge',
      'archive (GB processed)',
      usage.archivedBytes / GB,
      PRICES.eventBridgeArchiveGb,
    ),
    line('SQS', 'requests', usage.sqsRequests, PRICES.sqsStandardRequest),
    line(
      'Step Functions',
      'Standard state transitions',
      usage.stateTransitions,
      PRICES.stepFunctionsStandardTransition,
    ),
    line('SES', 'messages', usage.sesMessages, PRICES.sesOutboundMessage),
  ].sort((a, b) => b.usdPerMillionOrders - a.usdPerMillionOrders);
}

/**
 * What the saga would cost per execution as an Express workflow: one request,
 * plus its duration rounded up to 100 ms times its memory in 64 MB chunks
 * (the smallest, 64 MB, for a definition and payloads this small).
 */
export function expressExecutionUsd(durationMs: number, memoryMb = 64): number {
  const seconds = Math.ceil(durationMs / 100) / 10;
  const gb = (Math.ceil(memoryMb / 64) * 64) / 1024;
  return (
    dollars(PRICES.stepFunctionsExpressRequest, 1) +
    dollars(PRICES.stepFunctionsExpressGbSecond, seconds * gb)
  );
}
