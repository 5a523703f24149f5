/**
 * A sent message as LocalStack records it for `GET /_aws/ses` (its
 * `SentEmail`: `Id`, `Region`, `Destination`, `Source`, `Subject`,
 * `Body.text_part` / `Body.html_part`, `Timestamp`; `RawData` for raw
 * messages), so tests and tools written against LocalStack read it unchanged.
 */
export interface SentEmail {
  readonly Id: string;
  readonly Region: string;
  readonly Source: string;
  readonly Destination: SentEmailDestination;
  /** Simple and templated messages. */
  readonly Subject?: string;
  /** Simple and templated messages. */
  readonly Body?: { readonly text_part: string | null; readonly html_part: string | null };
  /** Raw messages: the MIME text as sent. */
  readonly RawData?: string;
  /** UTC, `YYYY-MM-DDTHH:MM:SS` (LocalStack's format), on the cloud's clock. */
  readonly Timestamp: string;
}

export interface SentEmailDestination {
  readonly ToAddresses?: readonly string[];
  readonly CcAddresses?: readonly string[];
  readonly BccAddresses?: readonly string[];
}

/** A sending identity: an email address or a domain. */
export interface EmailIdentity {
  readonly name: string;
  readonly type: 'EMAIL_ADDRESS' | 'DOMAIN';
  readonly createdAt: number;
}

/** Filters of {@link SesService.sentMessages} (LocalStack's `id` and `email` query parameters). */
export interface SentEmailFilter {
  /** Only the message with this id. */
  readonly id?: string;
  /** Only messages whose `Source` is this address. */
  readonly email?: string;
}

export interface SesServiceOptions {
  /**
   * Whether the account is in the SES sandbox: then every recipient must be
   * a verified identity too (or a mailbox simulator address), as AWS
   * requires of new accounts.
   * @default false - production access (any recipient)
   */
  readonly sandbox?: boolean;
}
