/**
 * AWS's public on-demand prices in us-east-1 (N. Virginia), as listed on
 * each service's pricing page on the date below, first paid tier, free tiers
 * left out (a bill at a million orders is past them). Each price names its
 * unit and its source.
 */
export const PRICES_AS_OF = '2026-11-27';

export interface Price {
  /** US dollars per `per` units. */
  readonly usd: number;
  readonly per: number;
  readonly unit: string;
  readonly source: string;
}

export const PRICES = {
  apiGatewayHttpRequest: {
    usd: 1.0,
    per: 1e6,
    unit: 'HTTP API request (first 300 million a month; metered per 512 KB)',
    source: 'https://aws.amazon.com/api-gateway/pricing/',
  },
  lambdaRequest: {
    usd: 0.2,
    per: 1e6,
    unit: 'Lambda request',
    source: 'https://aws.amazon.com/lambda/pricing/',
  },
  lambdaArmGbSecond: {
    usd: 0.0000133334,
    per: 1,
    unit: 'GB-second of Arm (Graviton) duration, first 7.5 billion GB-s a month; billed duration rounded up to 1 ms',
    source: 'https://aws.amazon.com/lambda/pricing/',
  },
  dynamoDbWriteRequestUnit: {
    usd: 0.625,
    per: 1e6,
    unit: 'on-demand write request unit, Standard table class',
    source: 'https://aws.amazon.com/dynamodb/pricing/on-demand/',
  },
  dynamoDbReadRequestUnit: {
    usd: 0.125,
    per: 1e6,
    unit: 'on-demand read request unit, Standard table class',
    source: 'https://aws.amazon.com/dynamodb/pricing/on-demand/',
  },
  eventBridgeCustomEvent: {
    usd: 1.0,
    per: 1e6,
    unit: 'custom event published (PutEvents entry; each 64 KB chunk of an entry is one event)',
    source: 'https://aws.amazon.com/eventbridge/pricing/',
  },
  eventBridgeArchiveGb: {
    usd: 0.1,
    per: 1,
    unit: 'GB of events processed into an archive',
    source: 'https://aws.amazon.com/eventbridge/pricing/',
  },
  sqsStandardRequest: {
    usd: 0.4,
    per: 1e6,
    unit: 'standard queue request (each 64 KB chunk of a payload is one request), first 100 billion a month',
    source: 'https://aws.amazon.com/sqs/pricing/',
  },
  stepFunctionsStandardTransition: {
    usd: 0.025,
    per: 1000,
    unit: 'Standard workflow state transition (retries included)',
    source: 'https://aws.amazon.com/step-functions/pricing/',
  },
  stepFunctionsExpressRequest: {
    usd: 1.0,
    per: 1e6,
    unit: 'Express workflow request (execution started)',
    source: 'https://aws.amazon.com/step-functions/pricing/',
  },
  stepFunctionsExpressGbSecond: {
    usd: 0.00001667,
    per: 1,
    unit: 'GB-second of Express workflow duration (first 1,000 hours; 100 ms rounding, memory in 64 MB chunks)',
    source: 'https://aws.amazon.com/step-functions/pricing/',
  },
  sesOutboundMessage: {
    usd: 0.1,
    per: 1000,
    unit: 'outbound email message (each recipient is one message)',
    source: 'https://aws.amazon.com/ses/pricing/',
  },
} as const satisfies Record<string, Price>;

/** Dollars for `quantity` units at `price`. */
export function dollars(price: Price, quantity: number): number {
  return (quantity * price.usd) / price.per;
}
