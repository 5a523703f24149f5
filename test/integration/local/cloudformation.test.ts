import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CloudFormationClient, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import { App, CfnOutput, Stack } from 'aws-cdk-lib';
import { EmailIdentity, Identity } from 'aws-cdk-lib/aws-ses';
import { Queue } from 'aws-cdk-lib/aws-sqs';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { ManualClock } from '../../../local/core/clock';
import { memoryLogger } from '../../../local/core/console-logger';
import type { RunningApp } from '../../../local/run-app';
import { runAppLocally } from '../../../local/run-app';

let app: RunningApp;
let cfn: CloudFormationClient;
let ses: SESv2Client;
const clock = new ManualClock(Date.UTC(2026, 10, 27, 8, 0, 0));

beforeAll(async () => {
  const outdir = mkdtempSync(join(tmpdir(), 'eventline-cfn-'));
  const cdk = new App({ outdir });
  const stack = new Stack(cdk, 'Ops', { description: 'operator outputs' });
  const queue = new Queue(stack, 'Work');
  new EmailIdentity(stack, 'Sender', { identity: Identity.email('orders@shop.test') });
  new EmailIdentity(stack, 'Domain', { identity: Identity.domain('mail.example.com') });
  new CfnOutput(stack, 'WorkQueueUrl', {
    value: queue.queueUrl,
    description: 'where work is queued',
    exportName: 'OpsWorkQueueUrl',
  });
  new CfnOutput(stack, 'Plain', { value: 'plain-value' });
  cdk.synth();
  app = await runAppLocally({
    assemblyDir: outdir,
    clock,
    logger: memoryLogger(),
    dynamodb: { endpoint: inject('dynamoDbEndpoint') },
  });
  const config = {
    endpoint: app.cloud.url,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  };
  cfn = new CloudFormationClient(config);
  ses = new SESv2Client(config);
}, 120_000);
afterAll(() => app?.stop());

describe('Local CloudFormation through @aws-sdk/client-cloudformation', () => {
  describe('Operation: DescribeStacks', () => {
    it('describes a deployed stack with its outputs resolved to local values', async () => {
      // Act
      const out = await cfn.send(new DescribeStacksCommand({ StackName: 'Ops' }));
      // Assess
      const [stack] = out.Stacks ?? [];
      expect(stack).toMatchObject({
        StackName: 'Ops',
        StackId: 'arn:aws:cloudformation:us-east-1:000000000000:stack/Ops/local',
        StackStatus: 'CREATE_COMPLETE',
        Description: 'operator outputs',
        CreationTime: new Date(clock.now()),
      });
      const queueUrl = app.deployment.resources.find((r) => r.type === 'AWS::SQS::Queue')
        ?.physicalId as string;
      expect(queueUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/000000000000\//);
      expect(stack?.Outputs).toEqual(
        expect.arrayContaining([
          {
            OutputKey: 'WorkQueueUrl',
            OutputValue: queueUrl,
            Description: 'where work is queued',
            ExportName: 'OpsWorkQueueUrl',
          },
          { OutputKey: 'Plain', OutputValue: 'plain-value' },
        ]),
      );
    });

    it('finds the stack by its stack id and lists every stack without a name', async () => {
      const byId = await cfn.send(
        new DescribeStacksCommand({
          StackName: 'arn:aws:cloudformation:us-east-1:000000000000:stack/Ops/local',
        }),
      );
      const all = await cfn.send(new DescribeStacksCommand({}));
      expect(byId.Stacks?.map((s) => s.StackName)).toEqual(['Ops']);
      expect(all.Stacks?.map((s) => s.StackName)).toEqual(['Ops']);
    });

    it('fails with ValidationError for a stack that does not exist, as AWS words it', async () => {
      await expect(
        cfn.send(new DescribeStacksCommand({ StackName: 'Nope' })),
      ).rejects.toMatchObject({
        name: 'ValidationError',
        message: 'Stack with id Nope does not exist',
        $metadata: { httpStatusCode: 400 },
      });
    });
  });
});

describe('Deployer: AWS::SES::EmailIdentity', () => {
  it('creates verified identities: an address, and a domain whose addresses may send', async () => {
    // Prepare
    const types = app.deployment.resources
      .filter((r) => r.type === 'AWS::SES::EmailIdentity')
      .map((r) => [r.status, r.physicalId]);
    // Act
    const fromAddress = await ses.send(
      new SendEmailCommand({
        FromEmailAddress: 'orders@shop.test',
        Destination: { ToAddresses: ['ada@customer.test'] },
        Content: { Simple: { Subject: { Data: 's' }, Body: { Text: { Data: 'b' } } } },
      }),
    );
    const fromDomain = await ses.send(
      new SendEmailCommand({
        FromEmailAddress: 'news@mail.example.com',
        Destination: { ToAddresses: ['ada@customer.test'] },
        Content: { Simple: { Subject: { Data: 's' }, Body: { Text: { Data: 'b' } } } },
      }),
    );
    // Assess
    expect(types).toEqual(
      expect.arrayContaining([
        ['emulated', 'orders@shop.test'],
        ['emulated', 'mail.example.com'],
      ]),
    );
    expect(app.cloud.ses.sentMessages().map((m) => m.Id)).toEqual([
      fromAddress.MessageId,
      fromDomain.MessageId,
    ]);
  });
});
