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
import { putEventsEntrySize } from '../../shared/events/entry';

/** How the fake answers one accepted call: per entry, undefined = success or an error code. */
export type EntryOutcome = (entry: PutEventsRequestEntry, call: number) => string | undefined;

/**
 * An EventBridge client mock that refuses what AWS refuses — more than 10
 * entries or more than 1 MB in one PutEvents call (`ValidationException`) —
 * and otherwise answers per entry as `outcome` says. Records every accepted call.
 */
export function strictEventBridgeMock(outcome: EntryOutcome = () => undefined) {
  const mock = mockClient(EventBridgeClient);
  const calls: PutEventsRequestEntry[][] = [];
  mock
    .on(PutEventsCommand)
    .callsFake(async (input: PutEventsCommandInput): Promise<PutEventsCommandOutput> => {
      const entries = input.Entries ?? [];
      const bytes = entries.reduce((sum, e) => sum + putEventsEntrySize(e), 0);
      if (entries.length < 1 || entries.length > 10) {
        throw validation(`Entries: ${entries.length} entries; PutEvents takes 1 to 10`);
      }
      if (bytes > 1024 * 1024) throw validation(`Total size ${bytes} bytes is over 1048576`);
      calls.push(entries);
      const call = calls.length;
      const results: PutEventsResultEntry[] = entries.map((entry, i) => {
        const code = outcome(entry, call);
        return code
          ? { ErrorCode: code, ErrorMessage: `${code} for entry ${i}` }
          : { EventId: `eb-${call}-${i}` };
      });
      return {
        $metadata: {},
        FailedEntryCount: results.filter((r) => r.ErrorCode).length,
        Entries: results,
      };
    });
  return { mock, calls, client: new EventBridgeClient({ region: 'us-east-1' }) };
}

function validation(message: string): EventBridgeServiceException {
  return new EventBridgeServiceException({
    name: 'ValidationException',
    $fault: 'client',
    $metadata: { httpStatusCode: 400 },
    message,
  });
}
