import { randomUUID } from 'node:crypto';
import type { PutEventsCommandInput, PutEventsCommandOutput } from '@aws-sdk/client-eventbridge';
import type { Answer, OperationOn, Request } from '../../../core/operations';
import { modelConstraintMessage } from '../../../core/validators';
import { busNameOf } from '../arns';
import { EventBridgeLimits } from '../constants';
import type { EventBridgeState } from '../EventBridgeState';
import { EventBridgeErrors } from '../errors';
import type { Input } from '../request';
import { optionalTimestamp, requiredList } from '../request';
import type { BusEvent } from '../types';

type EntryResult = { EventId: string } | { ErrorCode: string; ErrorMessage: string };

/**
 * Size of a PutEvents entry as AWS's "Calculating PutEvents event entry
 * size" defines it: 14 bytes for `Time` when given, plus the UTF-8 bytes of
 * `Source`, `DetailType`, `Detail` and each of `Resources`.
 */
export function putEventsEntrySize(entry: Input): number {
  const bytes = (v: unknown) => (typeof v === 'string' ? Buffer.byteLength(v, 'utf8') : 0);
  const resources = Array.isArray(entry.Resources) ? entry.Resources : [];
  return (
    (entry.Time !== undefined && entry.Time !== null ? 14 : 0) +
    bytes(entry.Source) +
    bytes(entry.DetailType) +
    bytes(entry.Detail) +
    resources.reduce((sum: number, r) => sum + bytes(r), 0)
  );
}

/** ISO 8601 at second precision, as EventBridge writes an event's `time`. */
export function eventTime(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/**
 * PutEvents: 1–10 entries and at most `PUT_EVENTS_MAX_BYTES` in total, or
 * the whole call is a ValidationException. Each entry then succeeds (an
 * `EventId`) or fails on its own (`ErrorCode`, `ErrorMessage`), in request
 * order. Deliveries to targets start after the call returns, as in AWS.
 *
 * One deliberate difference: AWS accepts entries for a bus that does not
 * exist and drops them (aws/aws-cli#9186); the local cloud fails the entry,
 * so the mistake shows.
 */
export function putEvents(
  state: EventBridgeState,
  input: Request<PutEventsCommandInput>,
): Answer<PutEventsCommandOutput> {
  const entries = requiredList(input, 'Entries', 1, EventBridgeLimits.PUT_EVENTS_MAX_ENTRIES);
  if (input.EndpointId !== undefined) {
    throw EventBridgeErrors.invalidParameter(
      'EndpointId',
      'global endpoints are not emulated by the local cloud.',
    );
  }
  const objects = entries.map((e) => (typeof e === 'object' && e !== null ? (e as Input) : {}));
  objects.forEach(checkEventBusName);
  const total = objects.reduce((sum, e) => sum + putEventsEntrySize(e), 0);
  if (total > EventBridgeLimits.PUT_EVENTS_MAX_BYTES) {
    throw EventBridgeErrors.validation(
      `Total size of the entries in the request is over the limit: ${total} bytes (the limit is ${EventBridgeLimits.PUT_EVENTS_MAX_BYTES}).`,
    );
  }
  // "If you submit a request in which none of the entries have each of these
  // properties [Detail, DetailType, Source], EventBridge fails the entire
  // request." (PutEventsRequestEntry, API reference)
  if (!objects.some(hasRequiredProperties)) {
    throw EventBridgeErrors.validation(
      'No entry of the request has all of Source, DetailType and Detail; EventBridge fails the entire request.',
    );
  }
  const results = objects.map((entry): EntryResult => putEntry(state, entry));
  return {
    FailedEntryCount: results.filter((r) => 'ErrorCode' in r).length,
    Entries: results,
  };
}

/**
 * `EventBusName` of an entry, as the API model constrains it (1–1600
 * characters, a name or a bus ARN). AWS checks it before anything else and
 * refuses the whole request, naming the member ("1 validation error
 * detected: Value '…' at 'entries.1.member.eventBusName' failed to satisfy
 * constraint", aws/aws-sdk-js-v3#3714).
 */
const EVENT_BUS_NAME_OR_ARN =
  /^(arn:aws[\w-]*:events:[a-z]+-[a-z]+-[\w-]+:[0-9]{12}:event-bus\/)?[/.\-_A-Za-z0-9]+$/;

function checkEventBusName(entry: Input, index: number): void {
  const name = entry.EventBusName;
  if (name === undefined || name === null) return;
  const at = `entries.${index + 1}.member.eventBusName`;
  const { min, max } = EventBridgeLimits.EVENT_BUS_NAME_OR_ARN_LENGTH;
  if (typeof name !== 'string' || name.length < min || name.length > max) {
    throw EventBridgeErrors.validation(
      modelConstraintMessage(at, `Member must have length between ${min} and ${max}`, name),
    );
  }
  if (!EVENT_BUS_NAME_OR_ARN.test(name)) {
    throw EventBridgeErrors.validation(
      modelConstraintMessage(
        at,
        `Member must satisfy regular expression pattern: ${EVENT_BUS_NAME_OR_ARN.source}`,
        name,
      ),
    );
  }
}

const isSet = (value: unknown) => typeof value === 'string' && value !== '';

function hasRequiredProperties(entry: Input): boolean {
  return isSet(entry.Source) && isSet(entry.DetailType) && isSet(entry.Detail);
}

function putEntry(state: EventBridgeState, entry: Input): EntryResult {
  const source = entry.Source;
  const detailType = entry.DetailType;
  const detailText = entry.Detail;
  if (typeof source !== 'string' || source === '') {
    return invalidArgument('Source', 'Source is a required argument.');
  }
  if (typeof detailType !== 'string' || detailType === '') {
    return invalidArgument('DetailType', 'DetailType is a required argument.');
  }
  // "Free-form string, with a maximum of 128 characters" (PutEventsRequestEntry).
  if ([...detailType].length > EventBridgeLimits.DETAIL_TYPE_MAX_CHARS) {
    return invalidArgument(
      'DetailType',
      `DetailType is ${[...detailType].length} characters long; the maximum is ${EventBridgeLimits.DETAIL_TYPE_MAX_CHARS}.`,
    );
  }
  if (typeof detailText !== 'string' || detailText === '') {
    return invalidArgument('Detail', 'Detail is a required argument.');
  }
  let detail: unknown;
  try {
    detail = JSON.parse(detailText);
  } catch {
    return { ErrorCode: 'MalformedDetail', ErrorMessage: 'Detail is malformed.' };
  }
  if (typeof detail !== 'object' || detail === null || Array.isArray(detail)) {
    return { ErrorCode: 'MalformedDetail', ErrorMessage: 'Detail is malformed.' };
  }
  if (source.startsWith('aws.')) {
    return {
      ErrorCode: 'NotAuthorizedForSourceException',
      ErrorMessage: `Not authorized for the source ${source}.`,
    };
  }
  const resources = entry.Resources ?? [];
  if (!Array.isArray(resources) || resources.some((r) => typeof r !== 'string')) {
    return invalidArgument('Resources', 'Resources must be a list of strings.');
  }
  const busName = busNameOf(
    typeof entry.EventBusName === 'string' ? entry.EventBusName : undefined,
  );
  const bus = state.buses.get(busName);
  if (!bus) return invalidArgument('EventBusName', `Event bus ${busName} does not exist.`);
  let time: number;
  try {
    time = optionalTimestamp(entry, 'Time') ?? state.clock.now();
  } catch {
    return invalidArgument('Time', 'Time must be a timestamp.');
  }
  const event: BusEvent = {
    version: '0',
    id: randomUUID(),
    'detail-type': detailType,
    source,
    account: state.accountId,
    time: eventTime(time),
    region: state.region,
    resources: resources as string[],
    detail: detail as Record<string, unknown>,
  };
  state.ingest(bus, event);
  return { EventId: event.id };
}

function invalidArgument(parameter: string, reason: string): EntryResult {
  return {
    ErrorCode: 'InvalidArgument',
    ErrorMessage: `Parameter ${parameter} is not valid. Reason: ${reason}`,
  };
}

/** PutEvents, over the bus state. */
export const eventOperations: Readonly<Record<string, OperationOn<EventBridgeState>>> = {
  PutEvents: putEvents,
};
