export { SqsLimits } from './constants';
export type { SqsDeliveryOptions } from './DeliveryFaults';
export { DeliveryFaults } from './DeliveryFaults';
export { SqsErrors } from './errors';
export type { MoveTask, MoveTaskStatus } from './MessageMoveTasks';
export { MessageMoveTasks } from './MessageMoveTasks';
export type { MessageAttributeValue } from './md5';
export { md5Hex, md5OfAttributes } from './md5';
export {
  checkMessageText,
  messageAttributesSize,
  validateMessageAttributes,
} from './message-attributes';
export type { PreparedMessage } from './prepare-message';
export { prepareMessage } from './prepare-message';
export type { QueueCounts, QueueWaiter, StoredMessage } from './Queue';
export { Queue } from './Queue';
export { QueueMessages } from './QueueMessages';
export { QueueRegistry } from './QueueRegistry';
export type { RedriveAllowPolicy, RedrivePolicy } from './queue-attributes';
export {
  normalizeQueueAttributes,
  parseRedriveAllowPolicy,
  parseRedrivePolicy,
  redriveAllowed,
} from './queue-attributes';
export { SqsService } from './SqsService';
export type { ReceiveMessagesOptions, SendMessageOptions, SentMessage, WireMessage } from './types';
