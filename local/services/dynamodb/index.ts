export type { DynamoDbBackend, DynamoDbOption } from './DynamoDbBackend';
export {
  DYNAMODB_TARGET_PREFIXES,
  DynamoDbLocalExitedError,
  openDynamoDbBackend,
  proxyDynamoDb,
} from './DynamoDbBackend';
