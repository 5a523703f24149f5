export type { DynamoDbBackend, DynamoDbOption } from './DynamoDbBackend';
export { DYNAMODB_TARGET_PREFIXES, openDynamoDbBackend, proxyDynamoDb } from './DynamoDbBackend';
