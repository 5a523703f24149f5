/**
 * KMS actions a function needs on a table's customer-managed key, beside its
 * DynamoDB actions. DynamoDB calls KMS with the caller's authorization
 * (`kms:ViaService` dynamodb): to decrypt the table key when reading, and to
 * encrypt and generate data keys when writing. Listed one by one, no
 * wildcard: `grantEncryptDecrypt` would add `kms:ReEncrypt*` and
 * `kms:GenerateDataKey*`, which no item operation needs.
 */
export const KEY_READ_ACTIONS = ['kms:Decrypt', 'kms:DescribeKey'] as const;

/** KMS actions of a function that reads and writes items of a table under a customer-managed key. */
export const KEY_WRITE_ACTIONS = [
  ...KEY_READ_ACTIONS,
  'kms:Encrypt',
  'kms:GenerateDataKey',
] as const;
