export { archiveNameOf, EventBridgeArns } from './arns';
export { DlqAttributes, EventBridgeLimits } from './constants';
export { createEventBridgeService } from './createEventBridgeService';
export type { DeliveryContext } from './delivery/input-transformer';
export {
  ReservedVariables,
  renderInputTemplate,
  renderTargetInput,
} from './delivery/input-transformer';
export { evaluateJsonPath, JsonPathSyntaxError, parseJsonPath } from './delivery/json-path';
export type { EventBridgeServiceOptions } from './EventBridgeService';
export { EventBridgeService } from './EventBridgeService';
export { EventBridgeErrorCode, EventBridgeErrors } from './errors';
export { eventTime, putEventsEntrySize } from './operations/events';
export type {
  InjectedPutEventsFault,
  PutEventsEntryErrorCode,
  PutEventsFault,
  PutEventsFaultRule,
  PutEventsSubject,
} from './PutEventsFaults';
export { PutEventsFaults } from './PutEventsFaults';
export type { ReplayOrderOptions } from './replay-order';
export { REPLAY_SLICE_MS, replaySequence } from './replay-order';
export type {
  BusActivity,
  BusActivityListener,
  BusEvent,
  DeliveryActivity,
  DeliveryListener,
  EventMatcher,
  PatternCompiler,
} from './types';
