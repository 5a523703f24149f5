import { RemovalPolicy } from 'aws-cdk-lib';
import type { TableProps } from 'aws-cdk-lib/aws-dynamodb';
import { BillingMode, TableEncryption } from 'aws-cdk-lib/aws-dynamodb';
import type { IKey } from 'aws-cdk-lib/aws-kms';

/** What differs between the stages for every table of the app. */
export interface DurableTableOptions {
  /**
   * Customer-managed KMS key that encrypts the table (and its stream).
   * @default - the AWS managed key `aws/dynamodb`
   */
  readonly encryptionKey?: IKey;
  /**
   * Keep the table (and refuse deletes) when the stack is deleted.
   * @default false - the table is destroyed with the stack (development stages)
   */
  readonly retain?: boolean;
}

/**
 * The settings every table of the app shares: on-demand capacity,
 * point-in-time recovery, and encryption at rest — with the AWS managed key
 * (`aws/dynamodb`, free, no key policy) unless a customer-managed key is given
 * (production: rotation and a key policy under our control). A retained table
 * also gets deletion protection, so neither a stack delete nor a stray
 * DeleteTable loses it.
 */
export function durableTableProps(
  options: DurableTableOptions,
): Pick<
  TableProps,
  | 'billingMode'
  | 'pointInTimeRecoverySpecification'
  | 'encryption'
  | 'encryptionKey'
  | 'removalPolicy'
  | 'deletionProtection'
> {
  return {
    billingMode: BillingMode.PAY_PER_REQUEST,
    pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
    ...(options.encryptionKey
      ? { encryption: TableEncryption.CUSTOMER_MANAGED, encryptionKey: options.encryptionKey }
      : { encryption: TableEncryption.AWS_MANAGED }),
    removalPolicy: options.retain ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
    deletionProtection: options.retain === true,
  };
}
