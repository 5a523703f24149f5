import type { SESv2Client } from '@aws-sdk/client-sesv2';
import { SendEmailCommand } from '@aws-sdk/client-sesv2';
import type { Email } from './order-emails';

/** Sends emails through Amazon SES v2 `SendEmail` from one verified sender. */
export class SesEmailSender {
  readonly #client: SESv2Client;
  readonly #from: string;

  constructor(client: SESv2Client, fromAddress: string) {
    this.#client = client;
    this.#from = fromAddress;
  }

  /** Sends one email; resolves with SES's message id. */
  async send(email: Email): Promise<string> {
    const out = await this.#client.send(
      new SendEmailCommand({
        FromEmailAddress: this.#from,
        Destination: { ToAddresses: [email.to] },
        Content: {
          Simple: {
            Subject: { Data: email.subject, Charset: 'UTF-8' },
            Body: { Text: { Data: email.text, Charset: 'UTF-8' } },
          },
        },
      }),
    );
    return out.MessageId ?? '';
  }
}
