import { RemovalPolicy } from 'aws-cdk-lib';
import {
  AttributeType,
  BillingMode,
  StreamViewType,
  Table,
  TableEncryption,
} from 'aws-cdk-lib/aws-dynamodb';
import type { IGrantable } from 'aws-cdk-lib/aws-iam';
import type { Function as LambdaFunction } from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';

/** What a function may do with the event store. */
export type EventStoreAccess = 'read' | 'append';

export interface EventStoreProps {
  /**
   * Keep the table (and refuse deletes) when the stack is deleted.
   * @default false - the table is destroyed with the stack (development stages)
   */
  readonly retain?: boolean;
}

/**
 * The event-store table, with the DynamoDB adapter's key schema
 * (`streamId` S, `version` N — see `shared/event-store/dynamodb`), on-demand
 * capacity, a `NEW_IMAGE` stream for the outbox, point-in-time recovery, and
 * encryption at rest with the AWS managed KMS key (`aws/dynamodb`): its use is
 * logged in CloudTrail, and no key policy has to be kept. A customer-managed
 * key would only pay off for cross-account readers, key rotation rules or
 * crypto-shredding, none of which the event store has; it would add a key per
 * stage and KMS requests, and every stream consumer would need `kms:Decrypt`.
 */
export class EventStore extends Construct {
  readonly table: Table;

  constructor(scope: Construct, id: string, props: EventStoreProps = {}) {
    super(scope, id);
    this.table = new Table(this, 'Resource', {
      partitionKey: { name: 'streamId', type: AttributeType.STRING },
      sortKey: { name: 'version', type: AttributeType.NUMBER },
      billingMode: BillingMode.PAY_PER_REQUEST,
      stream: StreamViewType.NEW_IMAGE,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      encryption: TableEncryption.AWS_MANAGED,
      removalPolicy: props.retain ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
      deletionProtection: props.retain === true,
    });
  }

  /**
   * Lets a function read streams and snapshots.
   * IAM actions: `dynamodb:GetItem`, `dynamodb:Query`.
   */
  grantReadEvents(grantee: IGrantable) {
    return this.table.grant(grantee, 'dynamodb:GetItem', 'dynamodb:Query');
  }

  /**
   * Lets a function load and append (commands).
   * IAM actions: `dynamodb:GetItem`, `dynamodb:Query`, `dynamodb:PutItem`
   * (transactional puts need no other action).
   */
  grantAppend(grantee: IGrantable) {
    return this.table.grant(grantee, 'dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:PutItem');
  }

  /**
   * Sets `EVENT_TABLE_NAME` on the function and grants it the matching access
   * together, so no function knows the table without being allowed to use it.
   * @param access `'read'` for queries, `'append'` for command handlers
   */
  bindTo(fn: LambdaFunction, access: EventStoreAccess): void {
    fn.addEnvironment('EVENT_TABLE_NAME', this.table.tableName);
    if (access === 'append') this.grantAppend(fn);
    else this.grantReadEvents(fn);
  }
}
