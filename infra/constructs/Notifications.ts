import type { IGrantable } from 'aws-cdk-lib/aws-iam';
import type { Function as LambdaFunction } from 'aws-cdk-lib/aws-lambda';
import { EmailIdentity, Identity } from 'aws-cdk-lib/aws-ses';
import { Construct } from 'constructs';

export interface NotificationsProps {
  /** The address customer emails are sent from; SES must verify it (it sends a link). */
  readonly senderEmail: string;
}

/** Loose check of an email address: something@domain.tld, no spaces. */
const EMAIL = /^[^\s@]{1,64}@[^\s@]+\.[^\s@]{2,}$/;

/** The SES identity customer emails are sent from. */
export class Notifications extends Construct {
  readonly identity: EmailIdentity;
  readonly senderEmail: string;

  constructor(scope: Construct, id: string, props: NotificationsProps) {
    super(scope, id);
    if (!EMAIL.test(props.senderEmail)) {
      throw new Error(
        `senderEmail must be an email address, got ${JSON.stringify(props.senderEmail)}`,
      );
    }
    this.senderEmail = props.senderEmail;
    this.identity = new EmailIdentity(this, 'Resource', {
      identity: Identity.email(props.senderEmail),
    });
  }

  /** IAM actions: `ses:SendEmail`, `ses:SendRawEmail` on this identity only. */
  grantSendEmail(grantee: IGrantable) {
    return this.identity.grantSendEmail(grantee);
  }

  /** Sets `SENDER_EMAIL` and grants sending from this identity together. */
  bindSender(fn: LambdaFunction): void {
    fn.addEnvironment('SENDER_EMAIL', this.senderEmail);
    this.grantSendEmail(fn);
  }
}
