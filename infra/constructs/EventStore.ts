import { AttributeType, StreamViewType, Table } from 'aws-cdk-lib/aws-dynamodb';
import type { IGrantable } from 'aws-cdk-lib/aws-iam';
import { Grant } from 'aws-cdk-lib/aws-iam';
import type { Function as LambdaFunction } from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';
import { StreamIds } from '../../shared/domain/stream-ids';
import type { DurableTableOptions } from './durable-table';
import { durableTableProps } from './durable-table';
import { KEY_READ_ACTIONS, KEY_WRITE_ACTIONS } from './table-key-actions';

/** What a function may do with the event store. */
export type EventStoreAccess = 'read' | 'append';

/** The aggregates whose streams a function may touch (`order` → streams `order-*`). */
export type StreamOwner = keyof typeof StreamIds;

/** Retention and encryption of the event-store table. */
export type EventStoreProps = DurableTableOptions;

/**
 * The event-store table, with the DynamoDB adapter's key schema
 * (`streamId` S, `version` N — see `shared/event-store/dynamodb`), on-demand
 * capacity, a `NEW_IMAGE` stream for the outbox, point-in-time recovery, and
 * encryption at rest: with the AWS managed key (`aws/dynamodb`) by default,
 * which costs nothing and needs no key policy, or with a customer-managed key
 * when one is given (production: rotation and a key policy under our control).
 *
 * Grants are per aggregate: every item's partition key is its stream id
 * (`order-<id>`, `inventory-<sku>`), so a `dynamodb:LeadingKeys` condition
 * limits a function to the streams it owns. IAM evaluates it for each key a
 * request names — the key of GetItem and PutItem, the partition of a Query,
 * each Put of a TransactWriteItems.
 */
export class EventStore extends Construct {
  readonly table: Table;

  constructor(scope: Construct, id: string, props: EventStoreProps = {}) {
    super(scope, id);
    this.table = new Table(this, 'Resource', {
      partitionKey: { name: 'streamId', type: AttributeType.STRING },
      sortKey: { name: 'version', type: AttributeType.NUMBER },
      stream: StreamViewType.NEW_IMAGE,
      ...durableTableProps(props),
    });
  }

  /**
   * Lets a function read the streams (and snapshots) of the given aggregates.
   * IAM actions: `dynamodb:GetItem`, `dynamodb:Query`, on this table, for
   * partition keys `<aggregate>-*` only; `kms:Decrypt`, `kms:DescribeKey` on
   * the table's key when it has a customer-managed one.
   * @throws Error when no aggregate is named.
   */
  grantReadEvents(grantee: IGrantable, owners: readonly StreamOwner[]): Grant {
    this.table.encryptionKey?.grant(grantee, ...KEY_READ_ACTIONS);
    return this.#grantOnStreams(grantee, owners, ['dynamodb:GetItem', 'dynamodb:Query']);
  }

  /**
   * Lets a function load and append to the streams of the given aggregates
   * (commands). IAM actions: `dynamodb:GetItem`, `dynamodb:Query`,
   * `dynamodb:PutItem` (transactional puts need no other action), for
   * partition keys `<aggregate>-*` only; `kms:Decrypt`, `kms:DescribeKey`,
   * `kms:Encrypt`, `kms:GenerateDataKey` on a customer-managed key.
   * @throws Error when no aggregate is named.
   */
  grantAppend(grantee: IGrantable, owners: readonly StreamOwner[]): Grant {
    this.table.encryptionKey?.grant(grantee, ...KEY_WRITE_ACTIONS);
    return this.#grantOnStreams(grantee, owners, [
      'dynamodb:GetItem',
      'dynamodb:Query',
      'dynamodb:PutItem',
    ]);
  }

  /**
   * Sets `EVENT_TABLE_NAME` on the function and grants it the matching access
   * together, so no function knows the table without being allowed to use it.
   * @param access `'read'` for queries, `'append'` for command handlers
   * @param owners the aggregates whose streams it reads or appends to
   */
  bindTo(fn: LambdaFunction, access: EventStoreAccess, owners: readonly StreamOwner[]): void {
    fn.addEnvironment('EVENT_TABLE_NAME', this.table.tableName);
    if (access === 'append') this.grantAppend(fn, owners);
    else this.grantReadEvents(fn, owners);
  }

  #grantOnStreams(grantee: IGrantable, owners: readonly StreamOwner[], actions: string[]): Grant {
    if (owners.length === 0) {
      throw new Error('a grant on the event store must name the aggregates it covers, got none');
    }
    return Grant.addToPrincipal({
      grantee,
      actions,
      resourceArns: [this.table.tableArn],
      conditions: {
        // ForAllValues: every partition key the request names must match one pattern.
        'ForAllValues:StringLike': {
          'dynamodb:LeadingKeys': [...new Set(owners)].map((owner) => `${StreamIds[owner]('')}*`),
        },
      },
    });
  }
}
