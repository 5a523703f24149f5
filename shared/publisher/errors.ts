import { EventlineError } from '../errors';

/** Why a stream record can never become a PutEvents entry that EventBridge accepts. */
export const UnpublishableReason = {
  /** Over EventBridge's entry size limit. */
  tooLarge: 'too-large',
  /** Not an event item the codec can decode, or a type the catalog does not know. */
  undecodable: 'undecodable',
  /** EventBridge refused the entry itself (`MalformedDetail`, `InvalidArgument`). */
  refused: 'refused',
} as const;
export type UnpublishableReason = (typeof UnpublishableReason)[keyof typeof UnpublishableReason];

/**
 * A stream record that can never be published, at the head of its batch.
 * Thrown (rather than reported as a batch item failure) so that the event
 * source mapping bisects the batch down to this one record and, after its
 * retries, sends only it to the on-failure destination; the valid events
 * behind it are then published.
 */
export class UnpublishableEventError extends EventlineError {
  /** `dynamodb.SequenceNumber` of the record. */
  readonly sequenceNumber: string;
  readonly reason: UnpublishableReason;
  /** `streamId@version`, when the record's key could be read. */
  readonly position: string | undefined;

  constructor(
    sequenceNumber: string,
    reason: UnpublishableReason,
    position: string | undefined,
    detail: string,
    options?: ErrorOptions,
  ) {
    super(
      `Stream record ${sequenceNumber}${position ? ` (${position})` : ''} cannot be published (${reason}): ${detail}`,
      options,
    );
    this.name = 'UnpublishableEventError';
    this.sequenceNumber = sequenceNumber;
    this.reason = reason;
    this.position = position;
  }
}
