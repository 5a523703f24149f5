import { setImmediate as nextTurn } from 'node:timers/promises';
import type {
  CancelReplayCommandInput,
  CancelReplayCommandOutput,
  DescribeReplayCommandInput,
  DescribeReplayCommandOutput,
  ListReplaysCommandInput,
  ListReplaysCommandOutput,
  StartReplayCommandInput,
  StartReplayCommandOutput,
} from '@aws-sdk/client-eventbridge';
import type { Answer, OperationOn, Request } from '../../../core/operations';
import { archiveNameOf } from '../arns';
import { NamePatterns } from '../constants';
import type { EventBridgeState } from '../EventBridgeState';
import { EventBridgeErrors } from '../errors';
import { replaySequence } from '../replay-order';
import {
  listByName,
  optionalList,
  optionalObject,
  optionalString,
  requiredString,
  requiredTimestamp,
  stringList,
} from '../request';
import type { ReplayRecord } from '../types';

const REPLAY_NAME = { min: 1, max: 64, pattern: NamePatterns.RESOURCE } as const;
/** "You can have a maximum of 10 active concurrent replays per account per Region." */
const MAX_ACTIVE_REPLAYS = 10;
const seconds = (ms: number | undefined) => (ms === undefined ? undefined : ms / 1000);
const ACTIVE = new Set(['STARTING', 'RUNNING', 'CANCELLING']);

function summary(r: ReplayRecord) {
  return {
    ReplayName: r.name,
    EventSourceArn: r.eventSourceArn,
    State: r.state,
    ...(r.stateReason !== undefined ? { StateReason: r.stateReason } : {}),
    EventStartTime: seconds(r.eventStartTime),
    EventEndTime: seconds(r.eventEndTime),
    ...(r.eventLastReplayedTime !== undefined
      ? { EventLastReplayedTime: seconds(r.eventLastReplayedTime) }
      : {}),
    ReplayStartTime: seconds(r.replayStartTime),
    ...(r.replayEndTime !== undefined ? { ReplayEndTime: seconds(r.replayEndTime) } : {}),
  };
}

/**
 * StartReplay: re-sends the archived events whose event time lies in
 * [EventStartTime, EventEndTime) to the archive's own bus, each with the
 * top-level `replay-name`, to the rules in `Destination.FilterArns` (or
 * every rule of the bus). Replayed events are never archived again. The
 * replay runs after the call returns, as in AWS; `run` receives its task so
 * the service can await it.
 */
export function startReplay(
  state: EventBridgeState,
  input: Request<StartReplayCommandInput>,
  run: (task: Promise<void>) => void,
): Answer<StartReplayCommandOutput> {
  const name = requiredString(input, 'ReplayName', REPLAY_NAME);
  const description = optionalString(input, 'Description', { max: 512 });
  const sourceArn = requiredString(input, 'EventSourceArn', { min: 1, max: 1600 });
  const start = requiredTimestamp(input, 'EventStartTime');
  const end = requiredTimestamp(input, 'EventEndTime');
  const destination = optionalObject(input, 'Destination');
  if (!destination) {
    throw EventBridgeErrors.invalidParameter('Destination', 'Destination is a required argument.');
  }
  const destinationArn = requiredString(
    destination,
    'Arn',
    { min: 1, max: 1600 },
    'Destination.Arn',
  );
  const filterList = optionalList(destination, 'FilterArns', 0, 100, 'Destination.FilterArns');
  const filterArns = filterList ? stringList(filterList, 'Destination.FilterArns') : undefined;
  const archiveName = archiveNameOf(sourceArn);
  if (archiveName === undefined) {
    throw EventBridgeErrors.invalidParameter(
      'EventSourceArn',
      `'${sourceArn}' is not an archive ARN.`,
    );
  }
  const archive = state.archives.get(archiveName);
  if (!archive) throw EventBridgeErrors.notFound(`Archive ${archiveName} does not exist.`);
  if (start >= end) {
    throw EventBridgeErrors.invalidParameter(
      'EventStartTime',
      'EventStartTime must be before EventEndTime.',
    );
  }
  if (destinationArn !== archive.eventSourceArn) {
    throw EventBridgeErrors.invalidParameter(
      'Destination.Arn',
      'Cross event bus replay is not permitted.',
    );
  }
  const bus = state.bus(archive.busName);
  for (const ruleArn of filterArns ?? []) {
    if (![...bus.rules.values()].some((r) => r.arn === ruleArn)) {
      throw EventBridgeErrors.invalidParameter(
        'Destination.FilterArns',
        `Rule ${ruleArn} does not exist on event bus ${bus.name}.`,
      );
    }
  }
  if (state.replays.has(name))
    throw EventBridgeErrors.alreadyExists(`Replay ${name} already exists.`);
  const active = [...state.replays.values()].filter((r) => ACTIVE.has(r.state)).length;
  if (active >= MAX_ACTIVE_REPLAYS) {
    throw EventBridgeErrors.limitExceeded(
      `At most ${MAX_ACTIVE_REPLAYS} replays may be active at once.`,
    );
  }
  const record: ReplayRecord = {
    name,
    arn: state.arns.replay(name),
    ...(description !== undefined ? { description } : {}),
    eventSourceArn: archive.arn,
    destinationArn,
    ...(filterArns && filterArns.length > 0 ? { filterArns } : {}),
    eventStartTime: start,
    eventEndTime: end,
    state: 'STARTING',
    replayStartTime: state.clock.now(),
  };
  state.replays.set(name, record);
  run(runReplay(state, record));
  return {
    ReplayArn: record.arn,
    State: record.state,
    ReplayStartTime: seconds(record.replayStartTime),
  };
}

async function runReplay(state: EventBridgeState, replay: ReplayRecord): Promise<void> {
  await nextTurn();
  if (replay.state === 'CANCELLING') return finish(state, replay, 'CANCELLED');
  replay.state = 'RUNNING';
  state.expireArchives();
  const archive = state.archives.get(archiveNameOf(replay.eventSourceArn) ?? '');
  const bus = archive ? state.buses.get(archive.busName) : undefined;
  if (!archive || !bus) {
    replay.stateReason = archive
      ? 'The destination event bus no longer exists.'
      : 'The archive no longer exists.';
    return finish(state, replay, 'FAILED');
  }
  // AWS replays minute by minute with no order within a minute: event-time order, or a
  // seeded shuffle within each slice when the cloud was started with `replays.shuffle`.
  const selected = replaySequence(
    archive.events.filter(
      (e) => e.eventTime >= replay.eventStartTime && e.eventTime < replay.eventEndTime,
    ),
    replay.eventStartTime,
    state.replayRandom,
  );
  state.logger.info(
    `events: replay ${replay.name} re-sends ${selected.length} events of archive ${archive.name} to ${bus.name}`,
  );
  for (const archived of selected) {
    if (cancelRequested(replay)) return finish(state, replay, 'CANCELLED');
    state.ingest(
      bus,
      { ...archived.event, 'replay-name': replay.name },
      { replayName: replay.name, ...(replay.filterArns ? { filterArns: replay.filterArns } : {}) },
    );
    // Within a shuffled slice a later event can go first: report the latest time sent.
    replay.eventLastReplayedTime = Math.max(replay.eventLastReplayedTime ?? 0, archived.eventTime);
    await nextTurn();
  }
  finish(state, replay, cancelRequested(replay) ? 'CANCELLED' : 'COMPLETED');
}

/** Read through a call: CancelReplay changes the state while the replay awaits. */
function cancelRequested(replay: ReplayRecord): boolean {
  return replay.state === 'CANCELLING';
}

function finish(state: EventBridgeState, replay: ReplayRecord, end: ReplayRecord['state']): void {
  replay.state = end;
  replay.replayEndTime = state.clock.now();
  state.logger.info(`events: replay ${replay.name} ${end.toLowerCase()}`);
}

export function describeReplay(
  state: EventBridgeState,
  input: Request<DescribeReplayCommandInput>,
): Answer<DescribeReplayCommandOutput> {
  const r = state.replay(requiredString(input, 'ReplayName', REPLAY_NAME));
  return {
    ...summary(r),
    ReplayArn: r.arn,
    ...(r.description !== undefined ? { Description: r.description } : {}),
    Destination: {
      Arn: r.destinationArn,
      ...(r.filterArns ? { FilterArns: [...r.filterArns] } : {}),
    },
  };
}

export function listReplays(
  state: EventBridgeState,
  input: Request<ListReplaysCommandInput>,
): Answer<ListReplaysCommandOutput> {
  const wanted = optionalString(input, 'State');
  const sourceArn = optionalString(input, 'EventSourceArn', { min: 1, max: 1600 });
  const { items, next } = listByName(
    state.replays.values(),
    input,
    64,
    (r) =>
      (wanted === undefined || r.state === wanted) &&
      (sourceArn === undefined || r.eventSourceArn === sourceArn),
  );
  return { Replays: items.map(summary), ...next };
}

/** CancelReplay: only a STARTING or RUNNING replay can be cancelled (IllegalStatusException otherwise). */
export function cancelReplay(
  state: EventBridgeState,
  input: Request<CancelReplayCommandInput>,
): Answer<CancelReplayCommandOutput> {
  const r = state.replay(requiredString(input, 'ReplayName', REPLAY_NAME));
  if (r.state !== 'STARTING' && r.state !== 'RUNNING') {
    throw EventBridgeErrors.illegalStatus(
      `Replay ${r.name} is ${r.state} and cannot be cancelled.`,
    );
  }
  r.state = 'CANCELLING';
  return { ReplayArn: r.arn, State: r.state };
}

/** StartReplay, DescribeReplay, ListReplays, CancelReplay, over the bus state; `run` tracks each replay's background task. */
export function replayOperations(
  run: (task: Promise<void>) => void,
): Readonly<Record<string, OperationOn<EventBridgeState>>> {
  return {
    StartReplay: (state, input) => startReplay(state, input, run),
    DescribeReplay: describeReplay,
    ListReplays: listReplays,
    CancelReplay: cancelReplay,
  };
}
