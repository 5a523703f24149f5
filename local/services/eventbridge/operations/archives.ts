import type {
  CreateArchiveCommandInput,
  CreateArchiveCommandOutput,
  DeleteArchiveCommandInput,
  DeleteArchiveCommandOutput,
  DescribeArchiveCommandInput,
  DescribeArchiveCommandOutput,
  ListArchivesCommandInput,
  ListArchivesCommandOutput,
  UpdateArchiveCommandInput,
  UpdateArchiveCommandOutput,
} from '@aws-sdk/client-eventbridge';
import type { Answer, OperationOn, Request } from '../../../core/operations';
import { busNameOf } from '../arns';
import { NamePatterns } from '../constants';
import type { EventBridgeState } from '../EventBridgeState';
import { EventBridgeErrors } from '../errors';
import { listByName, optionalInteger, optionalString, requiredString } from '../request';
import type { ArchiveRecord } from '../types';

const ARCHIVE_NAME = { min: 1, max: 48, pattern: NamePatterns.RESOURCE } as const;
const seconds = (ms: number) => ms / 1000;

function summary(a: ArchiveRecord) {
  return {
    ArchiveName: a.name,
    EventSourceArn: a.eventSourceArn,
    State: 'ENABLED' as const,
    RetentionDays: a.retentionDays,
    SizeBytes: a.events.reduce((sum, e) => sum + e.sizeBytes, 0),
    EventCount: a.events.length,
    CreationTime: seconds(a.creationTime),
  };
}

/**
 * CreateArchive: keeps every event later put on the source bus that matches
 * the optional pattern (replays excluded), for `RetentionDays` (0 = forever).
 */
export function createArchive(
  state: EventBridgeState,
  input: Request<CreateArchiveCommandInput>,
): Answer<CreateArchiveCommandOutput> {
  const name = requiredString(input, 'ArchiveName', ARCHIVE_NAME);
  const sourceArn = requiredString(input, 'EventSourceArn', { min: 1, max: 1600 });
  const description = optionalString(input, 'Description', { max: 512 });
  const pattern = optionalString(input, 'EventPattern');
  const retentionDays = optionalInteger(input, 'RetentionDays', 0, Number.MAX_SAFE_INTEGER) ?? 0;
  if (!sourceArn.startsWith('arn:') || !sourceArn.includes(':event-bus/')) {
    throw EventBridgeErrors.invalidParameter(
      'EventSourceArn',
      `'${sourceArn}' is not an event bus ARN.`,
    );
  }
  const bus = state.bus(busNameOf(sourceArn));
  const matcher = pattern === undefined ? undefined : state.compile(pattern);
  if (state.archives.has(name))
    throw EventBridgeErrors.alreadyExists(`Archive ${name} already exists.`);
  const record: ArchiveRecord = {
    name,
    arn: state.arns.archive(name),
    eventSourceArn: bus.arn,
    busName: bus.name,
    ...(description !== undefined ? { description } : {}),
    ...(pattern !== undefined ? { eventPattern: pattern, matcher } : {}),
    retentionDays,
    creationTime: state.clock.now(),
    events: [],
  };
  state.archives.set(name, record);
  return { ArchiveArn: record.arn, State: 'ENABLED', CreationTime: seconds(record.creationTime) };
}

export function describeArchive(
  state: EventBridgeState,
  input: Request<DescribeArchiveCommandInput>,
): Answer<DescribeArchiveCommandOutput> {
  const name = requiredString(input, 'ArchiveName', ARCHIVE_NAME);
  state.expireArchives();
  const a = state.archive(name);
  return {
    ArchiveArn: a.arn,
    ...summary(a),
    ...(a.description !== undefined ? { Description: a.description } : {}),
    ...(a.eventPattern !== undefined ? { EventPattern: a.eventPattern } : {}),
  };
}

export function listArchives(
  state: EventBridgeState,
  input: Request<ListArchivesCommandInput>,
): Answer<ListArchivesCommandOutput> {
  const sourceArn = optionalString(input, 'EventSourceArn', { min: 1, max: 1600 });
  const archiveState = optionalString(input, 'State');
  state.expireArchives();
  const { items, next } = listByName(
    state.archives.values(),
    input,
    48,
    (a) =>
      (sourceArn === undefined || a.eventSourceArn === sourceArn) &&
      (archiveState === undefined || archiveState === 'ENABLED'),
  );
  return { Archives: items.map(summary), ...next };
}

/** UpdateArchive: changes only the fields given; a new pattern applies to events archived from now on. */
export function updateArchive(
  state: EventBridgeState,
  input: Request<UpdateArchiveCommandInput>,
): Answer<UpdateArchiveCommandOutput> {
  const name = requiredString(input, 'ArchiveName', ARCHIVE_NAME);
  const description = optionalString(input, 'Description', { max: 512 });
  const pattern = optionalString(input, 'EventPattern');
  const retentionDays = optionalInteger(input, 'RetentionDays', 0, Number.MAX_SAFE_INTEGER);
  const a = state.archive(name);
  const matcher = pattern === undefined ? undefined : state.compile(pattern);
  if (description !== undefined) a.description = description;
  if (pattern !== undefined) {
    a.eventPattern = pattern;
    a.matcher = matcher;
  }
  if (retentionDays !== undefined) a.retentionDays = retentionDays;
  return { ArchiveArn: a.arn, State: 'ENABLED', CreationTime: seconds(a.creationTime) };
}

export function deleteArchive(
  state: EventBridgeState,
  input: Request<DeleteArchiveCommandInput>,
): Answer<DeleteArchiveCommandOutput> {
  const name = requiredString(input, 'ArchiveName', ARCHIVE_NAME);
  state.archive(name);
  state.archives.delete(name);
  return {};
}

/** CreateArchive, DescribeArchive, ListArchives, UpdateArchive, DeleteArchive, over the bus state. */
export const archiveOperations: Readonly<Record<string, OperationOn<EventBridgeState>>> = {
  CreateArchive: createArchive,
  DescribeArchive: describeArchive,
  ListArchives: listArchives,
  UpdateArchive: updateArchive,
  DeleteArchive: deleteArchive,
};
