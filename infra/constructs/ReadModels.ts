import { AttributeType, Table } from 'aws-cdk-lib/aws-dynamodb';
import type { IGrantable } from 'aws-cdk-lib/aws-iam';
import type { Function as LambdaFunction } from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';
import type { DurableTableOptions } from './durable-table';
import { durableTableProps } from './durable-table';
import { KEY_READ_ACTIONS, KEY_WRITE_ACTIONS } from './table-key-actions';

/** Retention and encryption of the read-model table. */
export type ReadModelsProps = DurableTableOptions;

/**
 * The read-model table (`pk` S, `sk` S — see `shared/read-models`), on demand,
 * PITR, encrypted at rest (the AWS managed key, or a customer-managed one in prod). Every read model carries its
 * version in its keys, so rebuilds run beside the live version in this table.
 */
export class ReadModels extends Construct {
  readonly table: Table;

  constructor(scope: Construct, id: string, props: ReadModelsProps = {}) {
    super(scope, id);
    this.table = new Table(this, 'Resource', {
      partitionKey: { name: 'pk', type: AttributeType.STRING },
      sortKey: { name: 'sk', type: AttributeType.STRING },
      ...durableTableProps(props),
    });
  }

  /**
   * Lets a projector apply events: read, conditional put, counter update, transactions.
   * IAM actions: `dynamodb:GetItem`, `dynamodb:Query`, `dynamodb:PutItem`, `dynamodb:UpdateItem`.
   */
  grantProject(grantee: IGrantable) {
    this.table.encryptionKey?.grant(grantee, ...KEY_WRITE_ACTIONS);
    return this.table.grant(
      grantee,
      'dynamodb:GetItem',
      'dynamodb:Query',
      'dynamodb:PutItem',
      'dynamodb:UpdateItem',
    );
  }

  /** Lets a query function read. IAM actions: `dynamodb:GetItem`, `dynamodb:Query`. */
  grantQuery(grantee: IGrantable) {
    this.table.encryptionKey?.grant(grantee, ...KEY_READ_ACTIONS);
    return this.table.grant(grantee, 'dynamodb:GetItem', 'dynamodb:Query');
  }

  /**
   * Sets `READ_MODEL_TABLE_NAME` and grants the matching access together.
   * @param access `'project'` for the projector, `'query'` for query routes
   */
  bindTo(fn: LambdaFunction, access: 'project' | 'query'): void {
    fn.addEnvironment('READ_MODEL_TABLE_NAME', this.table.tableName);
    if (access === 'project') this.grantProject(fn);
    else this.grantQuery(fn);
  }
}
