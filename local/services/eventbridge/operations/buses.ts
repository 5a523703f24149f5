import type {
  CreateEventBusCommandInput,
  CreateEventBusCommandOutput,
  DeleteEventBusCommandInput,
  DeleteEventBusCommandOutput,
  DescribeEventBusCommandInput,
  DescribeEventBusCommandOutput,
  ListEventBusesCommandInput,
  ListEventBusesCommandOutput,
} from '@aws-sdk/client-eventbridge';
import type { Answer, OperationOn, Request } from '../../../core/operations';
import { DEFAULT_EVENT_BUS, NamePatterns } from '../constants';
import type { EventBridgeState } from '../EventBridgeState';
import { EventBridgeErrors } from '../errors';
import { listByName, optionalString, requiredString } from '../request';
import type { BusRecord } from '../types';

const seconds = (ms: number) => ms / 1000;

function describe(bus: BusRecord) {
  return {
    Name: bus.name,
    Arn: bus.arn,
    ...(bus.description !== undefined ? { Description: bus.description } : {}),
    CreationTime: seconds(bus.creationTime),
    LastModifiedTime: seconds(bus.creationTime),
  };
}

/** CreateEventBus: a custom bus. Partner buses (`EventSourceName`) are not emulated. */
export function createEventBus(
  state: EventBridgeState,
  input: Request<CreateEventBusCommandInput>,
): Answer<CreateEventBusCommandOutput> {
  const name = requiredString(input, 'Name', { min: 1, max: 256, pattern: NamePatterns.EVENT_BUS });
  const description = optionalString(input, 'Description', { max: 512 });
  if (input.EventSourceName !== undefined) {
    throw EventBridgeErrors.invalidParameter(
      'EventSourceName',
      'partner event sources are not emulated by the local cloud.',
    );
  }
  if (name.includes('/')) {
    throw EventBridgeErrors.invalidParameter('Name', 'only partner event buses may contain "/".');
  }
  if (name.startsWith('aws.')) {
    throw EventBridgeErrors.invalidParameter('Name', 'event bus names may not start with "aws.".');
  }
  if (state.buses.has(name))
    throw EventBridgeErrors.alreadyExists(`Event bus ${name} already exists.`);
  const bus: BusRecord = {
    name,
    arn: state.arns.bus(name),
    ...(description !== undefined ? { description } : {}),
    creationTime: state.clock.now(),
    rules: new Map(),
  };
  state.buses.set(name, bus);
  return {
    EventBusArn: bus.arn,
    ...(description !== undefined ? { Description: description } : {}),
  };
}

/**
 * DeleteEventBus: the default bus cannot be deleted; an absent bus is a
 * no-op (AWS lists no not-found error). The user guide says deleting a bus
 * deletes its rules, so they go too — named in the log.
 */
export function deleteEventBus(
  state: EventBridgeState,
  input: Request<DeleteEventBusCommandInput>,
): Answer<DeleteEventBusCommandOutput> {
  const name = requiredString(input, 'Name', { min: 1, max: 256, pattern: NamePatterns.EVENT_BUS });
  if (name === DEFAULT_EVENT_BUS)
    throw EventBridgeErrors.validation('Cannot delete event bus default.');
  const bus = state.buses.get(name);
  if (!bus) return {};
  if (bus.rules.size > 0) {
    state.logger.warn(
      `events: deleting bus ${name} deletes its rules: ${[...bus.rules.keys()].join(', ')}`,
    );
  }
  state.buses.delete(name);
  return {};
}

export function describeEventBus(
  state: EventBridgeState,
  input: Request<DescribeEventBusCommandInput>,
): Answer<DescribeEventBusCommandOutput> {
  const name = optionalString(input, 'Name', { min: 1, max: 1600 });
  return describe(state.bus(name));
}

export function listEventBuses(
  state: EventBridgeState,
  input: Request<ListEventBusesCommandInput>,
): Answer<ListEventBusesCommandOutput> {
  const { items, next } = listByName(state.buses.values(), input, 256);
  return { EventBuses: items.map(describe), ...next };
}

/** CreateEventBus, DeleteEventBus, DescribeEventBus, ListEventBuses, over the bus state. */
export const busOperations: Readonly<Record<string, OperationOn<EventBridgeState>>> = {
  CreateEventBus: createEventBus,
  DeleteEventBus: deleteEventBus,
  DescribeEventBus: describeEventBus,
  ListEventBuses: listEventBuses,
};
