import { JSONStringified } from '@aws-lambda-powertools/parser/helpers';
import { EventBridgeSchema } from '@aws-lambda-powertools/parser/schemas/eventbridge';
import { SqsRecordSchema } from '@aws-lambda-powertools/parser/schemas/sqs';
import * as z from 'zod';
import type { TypedEnvelope } from '../events/entry';
import { EventParseError } from '../events/errors';
import { parseEventBridgeEvent } from '../events/parse';

/**
 * An EventBridge event as a rule delivers it, parsed into one of the
 * catalog's typed envelopes: Powertools' `EventBridgeSchema` checks the
 * EventBridge fields (and keeps the optional `replay-name` that replays
 * add), then the catalog checks the source, the metadata, upcasts the data
 * to the current `schemaVersion` and validates it. Every problem becomes a
 * zod issue with its path, so the parser's error names the bad field.
 */
export const DomainEventBridgeEventSchema = EventBridgeSchema.transform(
  (event, ctx): TypedEnvelope => {
    try {
      return parseEventBridgeEvent(event);
    } catch (error) {
      if (!(error instanceof EventParseError)) throw error;
      for (const issue of error.issues) {
        ctx.addIssue({ code: 'custom', message: `${issue.path}: ${issue.message}`, input: event });
      }
      return z.NEVER;
    }
  },
);

/**
 * Our envelope for "an EventBridge event inside an SQS body": Powertools'
 * `SqsRecordSchema` with the body JSON-decoded and parsed by
 * {@link DomainEventBridgeEventSchema}. A rule targeting a queue sends the
 * whole event as the message body, `replay-name` included.
 */
export const EventBridgeInSqsRecordSchema = SqsRecordSchema.extend({
  body: JSONStringified(DomainEventBridgeEventSchema),
});
export type EventBridgeInSqsRecord = z.infer<typeof EventBridgeInSqsRecordSchema>;
