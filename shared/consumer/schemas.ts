import type { TypedEnvelope } from '../events/entry';
import { EventParseError } from '../events/errors';
import { parseEventBridgeEvent } from '../events/parse';
import * as z from '../zod';

// The SQS and EventBridge schemas below are Powertools parser's
// (`@aws-lambda-powertools/parser/schemas/sqs` and `/eventbridge`, v2.35)
// written field for field with zod/mini. Powertools builds its schemas with
// zod classic imported as `{ z }`, which puts all of zod classic (~440 KB) in
// a bundle and cost each consumer ~25 ms of cold start; the parser's `parse`
// accepts any Standard Schema (its README: "Accept a Standard Schema and parse
// incoming payloads"), which zod/mini schemas are. A unit test checks that
// these accept and refuse what Powertools' own schemas do. Field schemas are
// built once and shared (see `shared/events/fields.ts`).

const text = z.string();
const optionalText = z.optional(text);
const nullableOptionalText = z.nullable(optionalText);
const textList = z.array(text);
const optionalTextList = z.optional(textList);

const SqsMessageAttributeSchema = z.object({
  stringValue: nullableOptionalText,
  binaryValue: nullableOptionalText,
  stringListValues: optionalTextList,
  binaryListValues: optionalTextList,
  dataType: z.union([z.literal('String'), z.literal('Number'), z.literal('Binary'), text]),
});

const SqsAttributesSchema = z.object({
  ApproximateReceiveCount: text,
  ApproximateFirstReceiveTimestamp: text,
  MessageDeduplicationId: optionalText,
  MessageGroupId: optionalText,
  SenderId: text,
  SentTimestamp: text,
  SequenceNumber: optionalText,
  AWSTraceHeader: optionalText,
  DeadLetterQueueSourceArn: optionalText,
});

/** One SQS record as Lambda's event source mapping delivers it (Powertools' `SqsRecordSchema`). */
export const SqsRecordSchema = z.object({
  messageId: text,
  receiptHandle: text,
  body: text,
  attributes: SqsAttributesSchema,
  messageAttributes: z.record(text, SqsMessageAttributeSchema),
  md5OfBody: text,
  md5OfMessageAttributes: nullableOptionalText,
  eventSource: z.literal('aws:sqs'),
  eventSourceARN: text,
  awsRegion: text,
});

/** An EventBridge event as a rule delivers it (Powertools' `EventBridgeSchema`). */
export const EventBridgeSchema = z.object({
  version: text,
  id: text,
  source: text,
  account: text,
  time: z.iso.datetime(),
  region: text,
  resources: textList,
  'detail-type': text,
  detail: z.unknown(),
  'replay-name': optionalText,
});

/**
 * An EventBridge event as a rule delivers it, parsed into one of the
 * catalog's typed envelopes: `EventBridgeSchema` checks the EventBridge
 * fields (and keeps the optional `replay-name` that replays add), then the
 * catalog checks the source, the metadata, upcasts the data to the current
 * `schemaVersion` and validates it. Every problem becomes a zod issue with
 * its path, so the parser's error names the bad field.
 */
export const DomainEventBridgeEventSchema = z.pipe(
  EventBridgeSchema,
  z.transform((event, payload): TypedEnvelope => {
    try {
      return parseEventBridgeEvent(event);
    } catch (error) {
      if (!(error instanceof EventParseError)) throw error;
      for (const issue of error.issues) {
        payload.issues.push({
          code: 'custom',
          message: `${issue.path}: ${issue.message}`,
          input: event,
        });
      }
      return z.NEVER;
    }
  }),
);

/**
 * A JSON string parsed, then checked with `schema` (Powertools'
 * `JSONStringified` helper): text that is not JSON is an issue naming
 * JSON.parse's complaint.
 */
export function jsonStringified<T extends z.core.$ZodType>(schema: T) {
  return z.pipe(
    z.pipe(
      z.string(),
      z.transform((text: string, payload): unknown => {
        try {
          return JSON.parse(text);
        } catch (error) {
          payload.issues.push({
            code: 'custom',
            message: `Invalid JSON - ${(error as Error).message}`,
            input: text,
          });
          return z.NEVER;
        }
      }),
    ),
    schema,
  );
}

/**
 * Our envelope for "an EventBridge event inside an SQS body": the SQS record
 * with the body JSON-decoded and parsed by {@link DomainEventBridgeEventSchema}.
 * A rule targeting a queue sends the whole event as the message body,
 * `replay-name` included.
 */
export const EventBridgeInSqsRecordSchema = z.extend(SqsRecordSchema, {
  body: jsonStringified(DomainEventBridgeEventSchema),
});
export type EventBridgeInSqsRecord = z.infer<typeof EventBridgeInSqsRecordSchema>;
