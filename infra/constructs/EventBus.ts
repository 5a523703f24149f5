import { Duration, Stack } from 'aws-cdk-lib';
import { Archive, EventBus as Bus, type CfnArchive, Match } from 'aws-cdk-lib/aws-events';
import { CfnRegistry, CfnSchema } from 'aws-cdk-lib/aws-eventschemas';
import { PolicyStatement, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import type { Function as LambdaFunction } from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';
import { eventJsonSchemas } from '../../shared/events/json-schema';

/** Prefix of every eventline event source (`eventline.<context>`). */
export const EVENTLINE_SOURCE_PREFIX = 'eventline.';

export interface EventBusProps {
  /**
   * How long the archive keeps events (what a replay can reach back to).
   * @default Duration.days(365)
   */
  readonly archiveRetention?: Duration;
  /**
   * Customer-managed KMS key that encrypts the bus's events and the archive.
   * Its key policy lets `events.amazonaws.com` use it for this bus (the
   * CDK's EventBus adds that) and for archives of this account's buses in
   * this region (added here); publishers need no KMS permission of their own
   * ("Permissions by scenario", EventBridge user guide).
   * @default - AWS owned keys
   */
  readonly encryptionKey?: IKey;
}

/**
 * The custom event bus, an archive of every `eventline.*` event (matched by
 * source prefix, so a new bounded context is archived without a change here),
 * and an EventBridge Schema Registry holding every catalog event's JSON Schema.
 */
export class EventBus extends Construct {
  readonly bus: Bus;
  readonly archive: Archive;
  readonly registry: CfnRegistry;

  constructor(scope: Construct, id: string, props: EventBusProps = {}) {
    super(scope, id);
    const retention = props.archiveRetention ?? Duration.days(365);
    // The archive keeps whole days (RetentionDays); refuse what would be rounded.
    const dayMs = 24 * 3600 * 1000;
    const retentionMs = retention.toMilliseconds();
    if (retentionMs < dayMs || retentionMs % dayMs !== 0) {
      throw new Error(
        `archiveRetention must be a whole number of days, at least 1, got ${retention.toHumanString()}`,
      );
    }
    this.bus = new Bus(
      this,
      'Resource',
      props.encryptionKey ? { kmsKey: props.encryptionKey } : {},
    );
    this.archive = new Archive(this, 'Archive', {
      sourceEventBus: this.bus,
      eventPattern: { source: Match.prefix(EVENTLINE_SOURCE_PREFIX) },
      retention,
      description: 'Every eventline event, for replays',
    });
    if (props.encryptionKey) this.#encryptArchive(props.encryptionKey);
    this.registry = new CfnRegistry(this, 'Schemas', {
      description: 'JSON Schemas of the eventline event catalog',
    });
    for (const event of eventJsonSchemas()) {
      new CfnSchema(this, `Schema${event.detailType}`, {
        registryName: this.registry.attrRegistryName,
        schemaName: `${event.source}@${event.detailType}`,
        type: 'JSONSchemaDraft4',
        content: JSON.stringify(event.schema),
        description: `${event.detailType} (schemaVersion ${event.schemaVersion})`,
      });
    }
  }

  /**
   * Encrypts the archive with the key. The Archive construct's own `kmsKey`
   * writes the bus ARN (a `GetAtt` of the bus) into the key policy while the
   * bus names the key: a dependency cycle CloudFormation refuses. So the key
   * is set on the `AWS::Events::Archive` and the policy names the buses of
   * this account and region by pattern — the same actions and
   * encryption-context condition the construct would add.
   */
  #encryptArchive(key: IKey): void {
    (this.archive.node.defaultChild as CfnArchive).kmsKeyIdentifier = key.keyArn;
    const stack = Stack.of(this);
    const events = new ServicePrincipal('events.amazonaws.com');
    key.addToResourcePolicy(
      new PolicyStatement({
        sid: 'AllowEventBridgeArchivesOfThisAccountAndRegion',
        principals: [events],
        actions: ['kms:Decrypt', 'kms:GenerateDataKey', 'kms:ReEncrypt*'],
        resources: ['*'],
        conditions: {
          ArnLike: {
            'kms:EncryptionContext:aws:events:event-bus:arn': stack.formatArn({
              service: 'events',
              resource: 'event-bus',
              resourceName: '*',
            }),
          },
        },
      }),
    );
    key.addToResourcePolicy(
      new PolicyStatement({
        sid: 'AllowEventBridgeToDescribeKey',
        principals: [events],
        actions: ['kms:DescribeKey'],
        resources: ['*'],
      }),
    );
  }

  /**
   * Sets `EVENT_BUS_NAME` on the function and lets it put events on this bus.
   * IAM action: `events:PutEvents` on this bus only.
   */
  bindPublisher(fn: LambdaFunction): void {
    fn.addEnvironment('EVENT_BUS_NAME', this.bus.eventBusName);
    this.bus.grantPutEventsTo(fn);
  }
}
