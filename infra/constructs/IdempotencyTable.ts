import { RemovalPolicy } from 'aws-cdk-lib';
import { AttributeType, BillingMode, Table, TableEncryption } from 'aws-cdk-lib/aws-dynamodb';
import type { IGrantable } from 'aws-cdk-lib/aws-iam';
import { Grant } from 'aws-cdk-lib/aws-iam';
import type { Function as LambdaFunction } from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';
import { ATTEMPT_KEY_PREFIX } from '../../shared/payments/DynamoDbAttemptCounter';

/**
 * The table of Powertools idempotency records, with the key and TTL
 * attribute Powertools' DynamoDB persistence layer uses by default (`id`,
 * `expiration`), PITR and encryption at rest.
 */
export class IdempotencyTable extends Construct {
  readonly table: Table;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    this.table = new Table(this, 'Resource', {
      partitionKey: { name: 'id', type: AttributeType.STRING },
      timeToLiveAttribute: 'expiration',
      billingMode: BillingMode.PAY_PER_REQUEST,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      encryption: TableEncryption.AWS_MANAGED,
      // Records only guard against repeats; losing them with a dev stack is fine.
      removalPolicy: RemovalPolicy.DESTROY,
    });
  }

  /**
   * What Powertools' DynamoDB persistence layer calls.
   * IAM actions: `dynamodb:GetItem`, `dynamodb:PutItem`, `dynamodb:UpdateItem`, `dynamodb:DeleteItem`.
   */
  grantIdempotency(grantee: IGrantable) {
    return this.table.grant(
      grantee,
      'dynamodb:GetItem',
      'dynamodb:PutItem',
      'dynamodb:UpdateItem',
      'dynamodb:DeleteItem',
    );
  }

  /**
   * Lets the payment sandbox count attempts in this table (items keyed
   * `sandbox-attempts#…`, expiring after a day).
   * IAM action: `dynamodb:UpdateItem`, on items whose key starts with that prefix.
   */
  grantAttemptCounter(grantee: IGrantable) {
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

  /** Sets `IDEMPOTENCY_TABLE_NAME` and grants the access together. */
  bindTo(fn: LambdaFunction): void {
    fn.addEnvironment('IDEMPOTENCY_TABLE_NAME', this.table.tableName);
    this.grantIdempotency(fn);
  }
}
