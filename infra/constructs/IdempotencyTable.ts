import { AttributeType, Table } from 'aws-cdk-lib/aws-dynamodb';
import type { IGrantable } from 'aws-cdk-lib/aws-iam';
import { Grant } from 'aws-cdk-lib/aws-iam';
import type { Function as LambdaFunction } from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';
import { ATTEMPT_KEY_PREFIX } from '../../shared/payments/DynamoDbAttemptCounter';
import type { DurableTableOptions } from './durable-table';
import { durableTableProps } from './durable-table';
import { KEY_WRITE_ACTIONS } from './table-key-actions';

/** Record prefixes are function folder names (`place-order`): kebab case. */
const KEY_PREFIX = /^[a-z][a-z0-9-]*$/;

/**
 * Encryption of the idempotency table. Its records live 24 hours — nothing in
 * it outlives a retry window — so it is never retained, in any stage.
 */
export type IdempotencyTableProps = Pick<DurableTableOptions, 'encryptionKey'>;

/**
 * The table of Powertools idempotency records (`Idempotency-Key` requests):
 * the layout Powertools' DynamoDB persistence expects (partition key `id`,
 * string; expiry in `expiration`, epoch seconds, which DynamoDB's TTL reads),
 * on-demand capacity, point-in-time recovery and encryption at rest. Records
 * are `<function prefix>#<hash>`, so each function is granted its own prefix.
 */
export class IdempotencyTable extends Construct {
  readonly table: Table;

  constructor(scope: Construct, id: string, props: IdempotencyTableProps = {}) {
    super(scope, id);
    this.table = new Table(this, 'Resource', {
      partitionKey: { name: 'id', type: AttributeType.STRING },
      timeToLiveAttribute: 'expiration',
      ...durableTableProps(props),
    });
  }

  /**
   * Lets a function keep idempotency records under its own prefix.
   * IAM actions (those Powertools' DynamoDB persistence documents):
   * `dynamodb:GetItem`, `dynamodb:PutItem`, `dynamodb:UpdateItem`,
   * `dynamodb:DeleteItem`, on this table, for partition keys `<keyPrefix>#*`
   * only; `kms:Decrypt`, `kms:DescribeKey`, `kms:Encrypt`,
   * `kms:GenerateDataKey` on a customer-managed key.
   * @throws Error when the prefix is not a kebab-case name, showing it.
   */
  grantRecords(grantee: IGrantable, keyPrefix: string): Grant {
    if (!KEY_PREFIX.test(keyPrefix)) {
      throw new Error(`keyPrefix must be a kebab-case name, got ${JSON.stringify(keyPrefix)}`);
    }
    this.table.encryptionKey?.grant(grantee, ...KEY_WRITE_ACTIONS);
    return Grant.addToPrincipal({
      grantee,
      actions: [
        'dynamodb:GetItem',
        'dynamodb:PutItem',
        'dynamodb:UpdateItem',
        'dynamodb:DeleteItem',
      ],
      resourceArns: [this.table.tableArn],
      conditions: {
        'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': [`${keyPrefix}#*`] },
      },
    });
  }

  /**
   * Lets the payment sandbox count attempts in this table (items keyed
   * `sandbox-attempts#…`, expiring after a day).
   * IAM actions: `dynamodb:UpdateItem` on items whose key starts with that
   * prefix; the KMS actions of `grantRecords` on a customer-managed key.
   */
  grantAttemptCounter(grantee: IGrantable): Grant {
    this.table.encryptionKey?.grant(grantee, ...KEY_WRITE_ACTIONS);
    return Grant.addToPrincipal({
      grantee,
      actions: ['dynamodb:UpdateItem'],
      resourceArns: [this.table.tableArn],
      conditions: {
        'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': [`${ATTEMPT_KEY_PREFIX}*`] },
      },
    });
  }

  /** Sets `IDEMPOTENCY_TABLE_NAME` and grants the attempt counter's access together. */
  bindCounter(fn: LambdaFunction): void {
    fn.addEnvironment('IDEMPOTENCY_TABLE_NAME', this.table.tableName);
    this.grantAttemptCounter(fn);
  }

  /**
   * Sets `IDEMPOTENCY_TABLE_NAME` on the function and grants it its records
   * (`grantRecords`) together.
   */
  bindTo(fn: LambdaFunction, keyPrefix: string): void {
    fn.addEnvironment('IDEMPOTENCY_TABLE_NAME', this.table.tableName);
    this.grantRecords(fn, keyPrefix);
  }
}
