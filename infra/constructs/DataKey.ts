import type { IAspect } from 'aws-cdk-lib';
import { Arn, ArnFormat, Aspects, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { PolicyStatement, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import { CfnLogGroup } from 'aws-cdk-lib/aws-logs';
import type { IConstruct } from 'constructs';
import { Construct } from 'constructs';

export interface DataKeyProps {
  /**
   * What happens to the key when the stack is deleted. Data encrypted with a
   * deleted key cannot be read again, and retained tables and logs outlive
   * the stack, so the key is kept by default.
   * @default RemovalPolicy.RETAIN
   */
  readonly removalPolicy?: RemovalPolicy;
}

/**
 * The customer-managed KMS key of a production stage's data at rest: the
 * event and idempotency tables, the event bus and its archive, and (with
 * {@link DataKey.encryptLogGroups}) every log group. Yearly automatic
 * rotation is on (KMS keeps the old key material, so old data stays
 * readable). A development stage has no such key: AWS managed keys cost
 * nothing, and a customer-managed key costs a monthly fee and its requests.
 */
export class DataKey extends Construct {
  readonly key: Key;

  constructor(scope: Construct, id: string, props: DataKeyProps = {}) {
    super(scope, id);
    this.key = new Key(this, 'Resource', {
      description: 'eventline data at rest: event store, idempotency records, events, logs',
      enableKeyRotation: true,
      pendingWindow: Duration.days(30),
      removalPolicy: props.removalPolicy ?? RemovalPolicy.RETAIN,
    });
  }

  /**
   * Encrypts every CloudWatch Logs log group in `scope` with this key,
   * including those of constructs added later (a CDK aspect sets `KmsKeyId`
   * on each `AWS::Logs::LogGroup` that has none), and lets CloudWatch Logs
   * use the key: the key policy allows `logs.<region>.amazonaws.com`
   * `kms:Encrypt*`, `kms:Decrypt*`, `kms:ReEncrypt*`, `kms:GenerateDataKey*`,
   * `kms:Describe*` for log groups of this account and region only (the
   * `kms:EncryptionContext:aws:logs:arn` condition the CloudWatch Logs guide,
   * "Encrypt log data in CloudWatch Logs using AWS KMS", prescribes).
   */
  encryptLogGroups(scope: IConstruct): void {
    const stack = Stack.of(this);
    this.key.addToResourcePolicy(
      new PolicyStatement({
        sid: 'AllowCloudWatchLogsOfThisAccountAndRegion',
        principals: [new ServicePrincipal(`logs.${stack.region}.amazonaws.com`)],
        actions: [
          'kms:Encrypt*',
          'kms:Decrypt*',
          'kms:ReEncrypt*',
          'kms:GenerateDataKey*',
          'kms:Describe*',
        ],
        resources: ['*'],
        conditions: {
          ArnLike: {
            'kms:EncryptionContext:aws:logs:arn': Arn.format(
              {
                service: 'logs',
                resource: 'log-group',
                resourceName: '*',
                arnFormat: ArnFormat.COLON_RESOURCE_NAME,
              },
              stack,
            ),
          },
        },
      }),
    );
    Aspects.of(scope).add(new EncryptLogGroups(this.key));
  }
}

/** Sets the key on every log group that has none. */
class EncryptLogGroups implements IAspect {
  readonly #key: Key;

  constructor(key: Key) {
    this.#key = key;
  }

  visit(node: IConstruct): void {
    if (node instanceof CfnLogGroup && node.kmsKeyId === undefined) {
      node.kmsKeyId = this.#key.keyArn;
    }
  }
}
