import type {
  PutEventsCommandInput,
  PutEventsCommandOutput,
  PutEventsRequestEntry,
  PutEventsResultEntry,
} from '@aws-sdk/client-eventbridge';
import {
  EventBridgeClient,
  EventBridgeServiceException,
  PutEventsCommand,
} from '@aws-sdk/client-eventbridge';
import { mockClient } from 'aws-sdk-client-mock';

/** PutEvents limits as AWS documents them, written here independently of the code under test. */
const MAX_ENTRIES = 10;
const MAX_BYTES = 1_048_576;

/** How the fake answers one entry of an accepted call: undefined = success, or an error code. */
export type EntryOutcome = (entry: PutEventsRequestEntry, call: number) => string | undefined;

/** How the fake answers a whole call: undefined = process it, or the error to throw. */
export type CallOutcome = (
  entries: readonly PutEventsRequestEntry[],
  call: number,
) => Error | undefined;

export interface StrictEventBridgeMockOptions {
  readonly entryOutcome?: EntryOutcome;
  readonly callOutcome?: CallOutcome;
}

/**
 * An EventBridge client whose PutEvents refuses what AWS refuses:
 * - the whole call (`ValidationException`) for 0 or more than 10 entries, or
 *   more than 1 MiB of entries as AWS measures them (14 bytes for `Time`, UTF-8
 *   bytes of `Source`, `DetailType`, `Detail` and each of `Resources`);
 * - one entry (`InvalidArgument`) without `Source`, `DetailType` or `Detail`,
 *   and (`MalformedDetail`) whose `Detail` is not a JSON object.
 * Otherwise each entry is answered as `entryOutcome` says, and a whole call
 * may be failed with `callOutcome` (throttling, say) — after the limits are
 * checked, as AWS validates a request before it throttles it.
 *
 * `calls` holds the entries of every call that got a PutEvents answer
 * (numbered from 1, as `call` in the outcomes); `attempts` counts every call.
 */
export function strictEventBridgeMock(options: StrictEventBridgeMockOptions | EntryOutcome = {}) {
  const { entryOutcome, callOutcome } =
    typeof options === 'function' ? { entryOutcome: options, callOutcome: undefined } : options;
  const mock = mockClient(EventBridgeClient);
  const calls: PutEventsRequestEntry[][] = [];
  let attempts = 0;
  mock
    .on(PutEventsCommand)
    .callsFake(async (input: PutEventsCommandInput): Promise<PutEventsCommandOutput> => {
      attempts += 1;
      const entries = input.Entries ?? [];
      if (entries.length < 1 || entries.length > MAX_ENTRIES) {
        throw serviceError(
          'ValidationException',
          `1 validation error detected: Value at 'entries' failed to satisfy constraint: Member must have length between 1 and 10 (got ${entries.length})`,
        );
      }
      const bytes = entries.reduce((sum, e) => sum + entrySize(e), 0);
      if (bytes > MAX_BYTES) {
        throw serviceError(
          'ValidationException',
          `Total size of the entries in the request is over the limit (${bytes} > ${MAX_BYTES} bytes)`,
        );
      }
      const failure = callOutcome?.(entries, attempts);
      if (failure) throw failure;
      calls.push(entries);
      const call = calls.length;
      const results: PutEventsResultEntry[] = entries.map((entry, i) => {
        const code = invalidEntry(entry) ?? entryOutcome?.(entry, call);
        return code
          ? { ErrorCode: code, ErrorMessage: `${code} for entry ${i}` }
          : { EventId: `eb-${call}-${i}` };
      });
      return {
        $metadata: { httpStatusCode: 200 },
        FailedEntryCount: results.filter((r) => r.ErrorCode).length,
        Entries: results,
      };
    });
  return {
    mock,
    calls,
    attempts: () => attempts,
    client: new EventBridgeClient({ region: 'us-east-1' }),
  };
}

/** A service exception as the SDK raises it for an AWS error response. */
export function serviceError(
  name: string,
  message: string,
  fault: 'client' | 'server' = 'client',
): EventBridgeServiceException {
  return new EventBridgeServiceException({
    name,
    $fault: fault,
    $metadata: { httpStatusCode: fault === 'client' ? 400 : 500 },
    message,
  });
}

function entrySize(entry: PutEventsRequestEntry): number {
  const utf8 = (s: string | undefined) =>
    s === undefined ? 0 : new TextEncoder().encode(s).length;
  return (
    (entry.Time !== undefined ? 14 : 0) +
    utf8(entry.Source) +
    utf8(entry.DetailType) +
    utf8(entry.Detail) +
    (entry.Resources ?? []).reduce((sum, r) => sum + utf8(r), 0)
  );
}

function invalidEntry(entry: PutEventsRequestEntry): string | undefined {
  if (!entry.Source || !entry.DetailType || entry.Detail === undefined) return 'InvalidArgument';
  try {
    const detail: unknown = JSON.parse(entry.Detail);
    return detail !== null && typeof detail === 'object' && !Array.isArray(detail)
      ? undefined
      : 'MalformedDetail';
  } catch {
    return 'MalformedDetail';
  }
}
