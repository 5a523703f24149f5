export type { DynamoDbBackend, DynamoDbOption } from './DynamoDbBackend';
export {
  DYNAMODB_TARGET_PREFIXES,
  DynamoDbLocalExitedError,
  openDynamoDbBackend,
  proxyDynamoDb,
} from './DynamoDbBackend';
export type {
  DynamoDbErrorAnswer,
  DynamoDbFault,
  DynamoDbFaultRule,
  DynamoDbRequestSubject,
  InjectedDynamoDbFault,
} from './DynamoDbFaults';
export { DynamoDbFaults } from './DynamoDbFaults';
