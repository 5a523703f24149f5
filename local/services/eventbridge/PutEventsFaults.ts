import { FaultRules } from '../../core/FaultRules';
import { EventBridgeErrors } from './errors';
import type { Input } from './request';

/** One `PutEvents` call, as a fault rule sees it. */
export interface PutEventsSubject {
  /** The request's entries, in order. */
  readonly entries: readonly {
    readonly Source?: unknown;
    readonly DetailType?: unknown;
    readonly EventBusName?: unknown;
  }[];
}

/**
 * The per-entry error codes AWS calls retryable ("Retryable errors include:
 * InternalFailure — The request processing has failed because of an unknown
 * error, exception or failure. ThrottlingException — The request was denied
 * due to request throttling.", API reference, `PutEventsResultEntry.ErrorCode`).
 */
export type PutEventsEntryErrorCode = 'InternalFailure' | 'ThrottlingException';

/**
 * A fault for one call:
 * - `throttle`: the whole call is refused with `ThrottlingException` (HTTP
 *   400), nothing is put;
 * - `partial`: the entries at `failed` (indexes) are not put and answer
 *   `ErrorCode`/`ErrorMessage`; the others are put as usual, and
 *   `FailedEntryCount` counts the failed ones ("A response Entries array
 *   can include both successful and unsuccessful entries. You must detect
 *   unsuccessful entries and include them in a subsequent call.",
 *   EventBridge User Guide, "Sending events with PutEvents").
 */
export type PutEventsFault =
  | { readonly kind: 'throttle' }
  | {
      readonly kind: 'partial';
      readonly failed: readonly number[];
      readonly errorCode: PutEventsEntryErrorCode;
    };

/** Decides, per call, whether to inject a fault (undefined: none). */
export type PutEventsFaultRule = (call: PutEventsSubject) => PutEventsFault | undefined;

/** What one injected fault did, for the caller's count. */
export interface InjectedPutEventsFault {
  readonly kind: PutEventsFault['kind'];
  /** Entries that failed: all of a throttled call's, the chosen ones of a partial failure. */
  readonly entries: number;
}

/** The documented meaning of each code, used as the entry's `ErrorMessage`. */
const MESSAGES: Record<PutEventsEntryErrorCode, string> = {
  InternalFailure:
    'The request processing has failed because of an unknown error, exception or failure.',
  ThrottlingException: 'The request was denied due to request throttling.',
};

interface PutEventsResult {
  readonly FailedEntryCount: number;
  readonly Entries: readonly Record<string, unknown>[];
}

/**
 * The local cloud's fault-injection hook for EventBridge's `PutEvents`:
 * rules may throttle a whole call or fail some of its entries, in the shapes
 * AWS answers with, so a publisher's handling of `FailedEntryCount` is put to
 * the test. Rules are asked in order; the first that answers decides. Every
 * injected fault is recorded.
 */
export class PutEventsFaults extends FaultRules<
  PutEventsSubject,
  PutEventsFault,
  InjectedPutEventsFault
> {
  /**
   * Runs `putEvents` on `input` under the fault a rule decides: refuses the
   * call, or puts the entries that do not fail and merges the failed ones'
   * errors into the answer at their places.
   */
  run(input: Input, putEvents: (input: Input) => unknown): unknown {
    const entries = Array.isArray(input.Entries) ? (input.Entries as Input[]) : [];
    const fault = this.decide({ entries });
    if (!fault) return putEvents(input);
    if (fault.kind === 'throttle') {
      this.injected.push({ kind: 'throttle', entries: entries.length });
      throw EventBridgeErrors.throttled();
    }
    const failed = new Set(fault.failed.filter((i) => i >= 0 && i < entries.length));
    if (failed.size === 0) return putEvents(input);
    const kept = entries.filter((_, i) => !failed.has(i));
    const put =
      kept.length > 0
        ? (putEvents({ ...input, Entries: kept }) as PutEventsResult)
        : { FailedEntryCount: 0, Entries: [] };
    this.injected.push({ kind: 'partial', entries: failed.size });
    const results: Record<string, unknown>[] = [];
    let next = 0;
    for (let i = 0; i < entries.length; i++) {
      if (failed.has(i))
        results.push({ ErrorCode: fault.errorCode, ErrorMessage: MESSAGES[fault.errorCode] });
      else results.push(put.Entries[next++] ?? {});
    }
    return { FailedEntryCount: put.FailedEntryCount + failed.size, Entries: results };
  }
}
