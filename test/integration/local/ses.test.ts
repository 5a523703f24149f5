import {
  CreateEmailIdentityCommand,
  DeleteEmailIdentityCommand,
  GetEmailIdentityCommand,
  ListEmailIdentitiesCommand,
  SESv2Client,
  SendBulkEmailCommand,
  SendEmailCommand,
} from '@aws-sdk/client-sesv2';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { LocalCloud } from '../../../local/cloud';
import { startLocalCloud } from '../../../local/cloud';
import { ManualClock } from '../../../local/core/clock';
import { memoryLogger } from '../../../local/core/console-logger';

let cloud: LocalCloud;
let ses: SESv2Client;
const clock = new ManualClock(Date.UTC(2026, 10, 27, 9, 30, 15));

beforeAll(async () => {
  cloud = await startLocalCloud({
    clock,
    logger: memoryLogger(),
    dynamodb: { endpoint: inject('dynamoDbEndpoint') },
  });
  ses = new SESv2Client({
    endpoint: cloud.url,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  await ses.send(new CreateEmailIdentityCommand({ EmailIdentity: 'orders@shop.test' }));
  await ses.send(new CreateEmailIdentityCommand({ EmailIdentity: 'mail.example.com' }));
});
afterAll(() => cloud?.stop());

const simple = (subject: string, text: string, html?: string) => ({
  Simple: {
    Subject: { Data: subject },
    Body: { Text: { Data: text }, ...(html ? { Html: { Data: html } } : {}) },
  },
});

describe('Local SES v2 through @aws-sdk/client-sesv2', () => {
  describe('Operation: SendEmail', () => {
    it('sends from a verified address and records the message as LocalStack does', async () => {
      // Prepare
      const to = ['ada@customer.test'];
      // Act
      const out = await ses.send(
        new SendEmailCommand({
          FromEmailAddress: 'Shop Orders <orders@shop.test>',
          Destination: { ToAddresses: to, BccAddresses: ['audit@shop.test'] },
          Content: simple('Order o-1 confirmed', 'Thanks!', '<p>Thanks!</p>'),
        }),
      );
      // Assess
      expect(out.MessageId).toMatch(/^[0-9a-f]{16}-[0-9a-f-]{36}-000000$/);
      expect(cloud.ses.sentMessages({ id: out.MessageId as string })).toEqual([
        {
          Id: out.MessageId,
          Region: 'us-east-1',
          Source: 'orders@shop.test',
          Destination: { ToAddresses: to, BccAddresses: ['audit@shop.test'] },
          Subject: 'Order o-1 confirmed',
          Body: { text_part: 'Thanks!', html_part: '<p>Thanks!</p>' },
          Timestamp: '2026-11-27T09:30:15',
        },
      ]);
    });

    it('accepts an address on a verified domain and on its subdomains', async () => {
      for (const from of ['news@mail.example.com', 'alerts@eu.mail.example.com']) {
        const out = await ses.send(
          new SendEmailCommand({
            FromEmailAddress: from,
            Destination: { ToAddresses: ['x@y.test'] },
            Content: simple('hi', 'hi'),
          }),
        );
        expect(cloud.ses.sentMessages({ id: out.MessageId as string })[0]?.Source).toBe(from);
      }
    });

    it('fails with MessageRejected and the AWS text when the sender is not verified', async () => {
      // Prepare
      const before = cloud.ses.sentMessages().length;
      // Act
      const sending = ses.send(
        new SendEmailCommand({
          FromEmailAddress: 'someone@example.com',
          Destination: { ToAddresses: ['x@y.test'] },
          Content: simple('hi', 'hi'),
        }),
      );
      // Assess
      await expect(sending).rejects.toMatchObject({
        name: 'MessageRejected',
        message:
          'Email address is not verified. The following identities failed the check in region US-EAST-1: someone@example.com',
        $metadata: { httpStatusCode: 400 },
      });
      expect(cloud.ses.sentMessages()).toHaveLength(before);
    });

    it('refuses 51 recipients across To, Cc and Bcc (SES allows 50 per message)', async () => {
      const addresses = Array.from({ length: 51 }, (_, i) => `r${i}@y.test`);
      await expect(
        ses.send(
          new SendEmailCommand({
            FromEmailAddress: 'orders@shop.test',
            Destination: {
              ToAddresses: addresses.slice(0, 20),
              CcAddresses: addresses.slice(20, 40),
              BccAddresses: addresses.slice(40),
            },
            Content: simple('hi', 'hi'),
          }),
        ),
      ).rejects.toMatchObject({
        name: 'BadRequestException',
        message: 'Recipient count exceeds 50.',
      });
    });

    it('refuses a message without recipients and an illegal address', async () => {
      const send = (Destination: Record<string, string[]>) =>
        ses.send(
          new SendEmailCommand({
            FromEmailAddress: 'orders@shop.test',
            Destination,
            Content: simple('hi', 'hi'),
          }),
        );
      await expect(send({})).rejects.toMatchObject({ name: 'BadRequestException' });
      await expect(send({ ToAddresses: ['not-an-address'] })).rejects.toThrow(/not-an-address/);
    });

    it('sends a raw MIME message: sender, recipients and subject from its headers', async () => {
      // Prepare
      const mime = [
        'From: "Shop" <orders@shop.test>',
        'To: ada@customer.test, bob@customer.test',
        'Subject: Your receipt',
        'Content-Type: text/plain; charset=UTF-8',
        '',
        'Total: 42 EUR',
      ].join('\r\n');
      // Act
      const out = await ses.send(
        new SendEmailCommand({ Content: { Raw: { Data: new TextEncoder().encode(mime) } } }),
      );
      // Assess
      expect(cloud.ses.sentMessages({ id: out.MessageId as string })[0]).toMatchObject({
        Source: 'orders@shop.test',
        Destination: { ToAddresses: ['ada@customer.test', 'bob@customer.test'] },
        RawData: mime,
      });
    });

    it('fills an inline template from TemplateData', async () => {
      const out = await ses.send(
        new SendEmailCommand({
          FromEmailAddress: 'orders@shop.test',
          Destination: { ToAddresses: ['ada@customer.test'] },
          Content: {
            Template: {
              TemplateContent: { Subject: 'Order {{orderId}}', Text: 'Hi {{ name }}' },
              TemplateData: '{"orderId":"o-7","name":"Ada"}',
            },
          },
        }),
      );
      expect(cloud.ses.sentMessages({ id: out.MessageId as string })[0]).toMatchObject({
        Subject: 'Order o-7',
        Body: { text_part: 'Hi Ada', html_part: null },
      });
    });

    it('refuses Content with both Simple and Raw', async () => {
      await expect(
        ses.send(
          new SendEmailCommand({
            FromEmailAddress: 'orders@shop.test',
            Destination: { ToAddresses: ['x@y.test'] },
            Content: { ...simple('a', 'b'), Raw: { Data: new TextEncoder().encode('x') } },
          }),
        ),
      ).rejects.toThrow(/exactly one of Simple, Raw or Template/);
    });
  });

  describe('Operation: SendBulkEmail', () => {
    it('sends one message per entry with its replacement data, and rejects an entry over the recipient limit', async () => {
      const out = await ses.send(
        new SendBulkEmailCommand({
          FromEmailAddress: 'orders@shop.test',
          DefaultContent: {
            Template: {
              TemplateContent: { Subject: 'Hello {{name}}', Text: 'Dear {{name}}' },
              TemplateData: '{"name":"customer"}',
            },
          },
          BulkEmailEntries: [
            {
              Destination: { ToAddresses: ['ada@customer.test'] },
              ReplacementEmailContent: {
                ReplacementTemplate: { ReplacementTemplateData: '{"name":"Ada"}' },
              },
            },
            { Destination: { ToAddresses: ['bob@customer.test'] } },
            {
              Destination: { ToAddresses: Array.from({ length: 51 }, (_, i) => `r${i}@y.test`) },
            },
          ],
        }),
      );
      const [ada, bob, tooMany] = out.BulkEmailEntryResults ?? [];
      expect(ada?.Status).toBe('SUCCESS');
      expect(cloud.ses.sentMessages({ id: ada?.MessageId as string })[0]?.Subject).toBe(
        'Hello Ada',
      );
      expect(cloud.ses.sentMessages({ id: bob?.MessageId as string })[0]?.Subject).toBe(
        'Hello customer',
      );
      expect(tooMany).toMatchObject({ Status: 'FAILED', Error: 'Recipient count exceeds 50.' });
    });
  });

  describe('Operation: identities', () => {
    it('creates, gets, lists and deletes identities; a deleted sender is rejected', async () => {
      // Prepare
      await ses.send(new CreateEmailIdentityCommand({ EmailIdentity: 'temp@shop.test' }));
      // Act
      const got = await ses.send(new GetEmailIdentityCommand({ EmailIdentity: 'temp@shop.test' }));
      const listed = await ses.send(new ListEmailIdentitiesCommand({}));
      await ses.send(new DeleteEmailIdentityCommand({ EmailIdentity: 'temp@shop.test' }));
      // Assess
      expect(got).toMatchObject({
        IdentityType: 'EMAIL_ADDRESS',
        VerifiedForSendingStatus: true,
        VerificationStatus: 'SUCCESS',
      });
      expect(listed.EmailIdentities?.map((i) => i.IdentityName)).toEqual(
        expect.arrayContaining(['temp@shop.test', 'mail.example.com']),
      );
      await expect(
        ses.send(new GetEmailIdentityCommand({ EmailIdentity: 'temp@shop.test' })),
      ).rejects.toMatchObject({ name: 'NotFoundException' });
      await expect(
        ses.send(
          new SendEmailCommand({
            FromEmailAddress: 'temp@shop.test',
            Destination: { ToAddresses: ['x@y.test'] },
            Content: simple('hi', 'hi'),
          }),
        ),
      ).rejects.toMatchObject({ name: 'MessageRejected' });
    });

    it('refuses a second identity of the same name', async () => {
      await expect(
        ses.send(new CreateEmailIdentityCommand({ EmailIdentity: 'orders@shop.test' })),
      ).rejects.toMatchObject({ name: 'AlreadyExistsException' });
    });
  });

  describe('Endpoint: GET /_aws/ses', () => {
    it('lists sent messages as LocalStack does, filtered by source with ?email=', async () => {
      // Prepare
      await ses.send(
        new SendEmailCommand({
          FromEmailAddress: 'news@mail.example.com',
          Destination: { ToAddresses: ['z@y.test'] },
          Content: simple('news', 'news'),
        }),
      );
      // Act
      const all = (await (await fetch(`${cloud.url}/_aws/ses`)).json()) as {
        messages: { Source: string }[];
      };
      const filtered = (await (
        await fetch(`${cloud.url}/_aws/ses?email=news@mail.example.com`)
      ).json()) as { messages: { Source: string; Subject: string }[] };
      // Assess
      expect(new Set(all.messages.map((m) => m.Source)).size).toBeGreaterThan(1);
      expect(filtered.messages.length).toBeGreaterThan(0);
      expect(filtered.messages.every((m) => m.Source === 'news@mail.example.com')).toBe(true);
    });
  });
});

describe('Local SES v2 in sandbox mode', () => {
  it('refuses an unverified recipient and accepts the mailbox simulator', async () => {
    // Prepare
    const sandboxed = await startLocalCloud({
      clock: new ManualClock(),
      logger: memoryLogger(),
      dynamodb: { endpoint: inject('dynamoDbEndpoint') },
      ses: { sandbox: true },
    });
    const client = new SESv2Client({
      endpoint: sandboxed.url,
      region: 'us-east-1',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    });
    try {
      await client.send(new CreateEmailIdentityCommand({ EmailIdentity: 'orders@shop.test' }));
      const send = (to: string) =>
        client.send(
          new SendEmailCommand({
            FromEmailAddress: 'orders@shop.test',
            Destination: { ToAddresses: [to] },
            Content: simple('hi', 'hi'),
          }),
        );
      // Act / Assess
      await expect(send('ada@customer.test')).rejects.toMatchObject({
        name: 'MessageRejected',
        message: expect.stringContaining('ada@customer.test'),
      });
      await expect(send('success@simulator.amazonses.com')).resolves.toHaveProperty('MessageId');
    } finally {
      await sandboxed.stop();
    }
  });
});
