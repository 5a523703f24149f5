import { randomBytes, randomUUID } from 'node:crypto';
import type {
  CreateEmailIdentityCommandInput,
  CreateEmailIdentityCommandOutput,
  DeleteEmailIdentityCommandInput,
  DeleteEmailIdentityCommandOutput,
  GetEmailIdentityCommandInput,
  GetEmailIdentityCommandOutput,
  ListEmailIdentitiesCommandOutput,
  SendBulkEmailCommandInput,
  SendBulkEmailCommandOutput,
  SendEmailCommandInput,
  SendEmailCommandOutput,
} from '@aws-sdk/client-sesv2';
import { AwsServiceError } from '../../core/errors';
import type { Answer, OperationTable, Request } from '../../core/operations';
import { defineOperations, runOperation } from '../../core/operations';
import type { RestBinding } from '../../core/rest';
import { bindRestRequest, restJsonAnswer, restJsonError } from '../../core/rest';
import type { RestAnswer, RestRoute } from '../../core/server';
import type { LocalCloudContext } from '../../core/service';
import { domainOf, isMailboxSimulator, isVerified, mailboxAddress } from './addresses';
import { SesErrors } from './errors';
import type { RenderedContent } from './message-content';
import { renderContent } from './message-content';
import type {
  EmailIdentity,
  SentEmail,
  SentEmailDestination,
  SentEmailFilter,
  SesServiceOptions,
} from './types';

/** SES: "The message may not include more than 50 recipients, across the To:, CC: and BCC: fields." */
const MAX_RECIPIENTS = 50;
/** SendBulkEmail: `BulkEmailEntries` holds at most 50 entries. */
const MAX_BULK_ENTRIES = 50;
/** LocalStack's retrospection endpoint. */
const SENT_PATH = '/_aws/ses';
const IDENTITY_PATH = /^\/v2\/email\/identities\/([^/]+)$/;
/** Where the SES v2 model puts each operation the local SES answers (`@http`). */
const BINDINGS: readonly RestBinding[] = [
  { method: 'POST', path: /^\/v2\/email\/outbound-emails$/, operation: 'SendEmail' },
  { method: 'POST', path: /^\/v2\/email\/outbound-bulk-emails$/, operation: 'SendBulkEmail' },
  { method: 'POST', path: /^\/v2\/email\/identities$/, operation: 'CreateEmailIdentity' },
  { method: 'POST', path: /^\/v2\/email\/list-identities$/, operation: 'ListEmailIdentities' },
  { method: 'GET', path: IDENTITY_PATH, operation: 'GetEmailIdentity', label: 'EmailIdentity' },
  {
    method: 'DELETE',
    path: IDENTITY_PATH,
    operation: 'DeleteEmailIdentity',
    label: 'EmailIdentity',
  },
];

type Json = Record<string, unknown>;

/**
 * Amazon SES (API v2) on the local cloud, spoken to with
 * `@aws-sdk/client-sesv2` (REST-JSON): `SendEmail` (Simple, Raw, inline
 * Template), `SendBulkEmail` (inline template), and email identities
 * (`CreateEmailIdentity`, `GetEmailIdentity`, `ListEmailIdentities`,
 * `DeleteEmailIdentity`), verified as soon as they are created. As in AWS,
 * the sender must be a verified identity (an address, or an address on a
 * verified domain or its subdomains) else `MessageRejected`; a message has
 * 1 to 50 recipients; in sandbox mode recipients must be verified too.
 * Nothing is delivered: sent messages are kept, readable through
 * {@link sentMessages} and, as in LocalStack, `GET /_aws/ses` (`?id=`,
 * `?email=` filters; `DELETE` clears).
 */
export class SesService {
  readonly targetPrefix = 'SESv2';
  readonly operations: OperationTable = defineOperations({
    SendEmail: (input: Request<SendEmailCommandInput>) =>
      this.#sendEmail(input) satisfies Answer<SendEmailCommandOutput>,
    SendBulkEmail: (input: Request<SendBulkEmailCommandInput>) =>
      this.#sendBulkEmail(input) satisfies Answer<SendBulkEmailCommandOutput>,
    CreateEmailIdentity: (input: Request<CreateEmailIdentityCommandInput>) => {
      const identity = this.createEmailIdentity(String(input.EmailIdentity ?? ''));
      return {
        IdentityType: identity.type,
        VerifiedForSendingStatus: true,
        DkimAttributes: dkimAttributes(),
      } satisfies Answer<CreateEmailIdentityCommandOutput>;
    },
    ListEmailIdentities: () =>
      ({
        EmailIdentities: this.identities().map((i) => ({
          IdentityType: i.type,
          IdentityName: i.name,
          SendingEnabled: true,
          VerificationStatus: 'SUCCESS',
        })),
      }) satisfies Answer<ListEmailIdentitiesCommandOutput>,
    GetEmailIdentity: (input: Request<GetEmailIdentityCommandInput>) => {
      const identity = this.#identity(input.EmailIdentity);
      return {
        IdentityType: identity.type,
        FeedbackForwardingStatus: true,
        VerifiedForSendingStatus: true,
        VerificationStatus: 'SUCCESS',
        DkimAttributes: dkimAttributes(),
        Policies: {},
        Tags: [],
      } satisfies Answer<GetEmailIdentityCommandOutput>;
    },
    DeleteEmailIdentity: (input: Request<DeleteEmailIdentityCommandInput>) => {
      this.#identities.delete(this.#identity(input.EmailIdentity).name);
      return {} satisfies Answer<DeleteEmailIdentityCommandOutput>;
    },
  });
  readonly #ctx: LocalCloudContext;
  readonly #options: SesServiceOptions;
  readonly #identities = new Map<string, EmailIdentity>();
  readonly #sent: SentEmail[] = [];

  constructor(context: LocalCloudContext, options: SesServiceOptions = {}) {
    this.#ctx = context;
    this.#options = options;
  }

  /** Messages sent so far, oldest first (LocalStack's `id` / `email` filters). */
  sentMessages(filter: SentEmailFilter = {}): SentEmail[] {
    return this.#sent.filter(
      (m) => (!filter.id || m.Id === filter.id) && (!filter.email || m.Source === filter.email),
    );
  }

  /** Forgets sent messages (all, or the one with `id`). */
  clearSentMessages(id?: string): void {
    const keep = id === undefined ? [] : this.#sent.filter((m) => m.Id !== id);
    this.#sent.splice(0, this.#sent.length, ...keep);
  }

  /**
   * Creates a verified identity: an email address or a domain (local
   * identities need no DNS record or confirmation link).
   * @throws AwsServiceError `AlreadyExistsException` when it exists.
   */
  createEmailIdentity(name: string): EmailIdentity {
    const key = name.trim().toLowerCase();
    if (!key) throw SesErrors.badRequest('EmailIdentity is required');
    const type = key.includes('@') ? 'EMAIL_ADDRESS' : 'DOMAIN';
    if (type === 'EMAIL_ADDRESS') mailboxAddress('EmailIdentity', key);
    else if (!/^[a-z0-9-]+(\.[a-z0-9-]+)+$/.test(key))
      throw SesErrors.badRequest(`Invalid domain name: ${JSON.stringify(name)}`);
    if (this.#identities.has(key))
      throw SesErrors.alreadyExists(`Email identity ${name} already exist.`);
    const identity: EmailIdentity = { name: key, type, createdAt: this.#ctx.clock.now() };
    this.#identities.set(key, identity);
    this.#ctx.logger.info('SES identity verified', { identity: key, type });
    return identity;
  }

  /** Verified identities. */
  identities(): EmailIdentity[] {
    return [...this.#identities.values()];
  }

  /** The REST route the endpoint serves: the operations at their model paths, and LocalStack's `/_aws/ses`. */
  readonly route: RestRoute = async (method, path, _headers, body, query) => {
    if (path === SENT_PATH) return this.#retrospection(method, query);
    if (!path.startsWith('/v2/email/')) return undefined;
    const bound = bindRestRequest(BINDINGS, method, path);
    if (!bound) return undefined;
    try {
      const input = { ...parse(body), ...bound.labels };
      return restJsonAnswer(200, await runOperation(this, bound.operation, input));
    } catch (error) {
      if (error instanceof AwsServiceError) return restJsonError(error);
      throw error;
    }
  };

  /** LocalStack's retrospection endpoint: `GET` lists sent messages, `DELETE` forgets them. */
  #retrospection(method: string, query: URLSearchParams | undefined): RestAnswer | undefined {
    if (method === 'GET') {
      const filter = { id: query?.get('id') ?? '', email: query?.get('email') ?? '' };
      return restJsonAnswer(200, { messages: this.sentMessages(filter) });
    }
    if (method === 'DELETE') {
      this.clearSentMessages(query?.get('id') ?? undefined);
      return { status: 204, body: '' };
    }
    return undefined;
  }

  #identity(name: unknown): EmailIdentity {
    const key = String(name ?? '').toLowerCase();
    const identity = this.#identities.get(key);
    if (!identity) throw SesErrors.notFound(`Email identity ${key} does not exist.`);
    return identity;
  }

  #sendEmail(input: Request<SendEmailCommandInput>): { MessageId: string } {
    const content = renderContent(input.Content);
    const from = this.#sender(input, content);
    const destination = this.#destination(input.Destination, content);
    const id = this.#record(from, destination, content);
    return { MessageId: id };
  }

  #sendBulkEmail(input: Request<SendBulkEmailCommandInput>): Answer<SendBulkEmailCommandOutput> {
    const defaults = asObject(input.DefaultContent);
    const template = asObject(defaults?.Template);
    if (!template) throw SesErrors.badRequest('DefaultContent.Template is required');
    const entries = Array.isArray(input.BulkEmailEntries) ? input.BulkEmailEntries : [];
    if (entries.length < 1 || entries.length > MAX_BULK_ENTRIES)
      throw SesErrors.badRequest(
        `BulkEmailEntries must hold 1 to ${MAX_BULK_ENTRIES} entries, got ${entries.length}`,
      );
    const first = renderContent({ Template: template });
    const from = this.#sender(input, first);
    return {
      BulkEmailEntryResults: entries.map((entry: unknown) => {
        const e = asObject(entry) ?? {};
        // An entry's replacement data stands in for the default TemplateData.
        const replacement = asObject(
          asObject(e.ReplacementEmailContent)?.ReplacementTemplate,
        )?.ReplacementTemplateData;
        try {
          const content = renderContent(
            { Template: template },
            typeof replacement === 'string' ? replacement : undefined,
          );
          const destination = this.#destination(e.Destination, content);
          return { Status: 'SUCCESS', MessageId: this.#record(from, destination, content) };
        } catch (error) {
          if (!(error instanceof AwsServiceError)) throw error;
          return {
            Status: error.code === 'MessageRejected' ? 'MESSAGE_REJECTED' : 'FAILED',
            Error: error.message,
          };
        }
      }),
    };
  }

  /** The verified sender: `FromEmailAddress`, or a raw message's `From` header. */
  #sender(input: { readonly FromEmailAddress?: unknown }, content: RenderedContent): string {
    const given =
      typeof input.FromEmailAddress === 'string'
        ? input.FromEmailAddress
        : content.headers?.get('from');
    if (!given) throw SesErrors.badRequest('FromEmailAddress is required');
    const from = mailboxAddress('FromEmailAddress', given);
    if (!isVerified(from, this.#verifiedNames()))
      throw SesErrors.notVerified(this.#ctx.region, [from]);
    return from;
  }

  #destination(value: unknown, content: RenderedContent): SentEmailDestination {
    const d = asObject(value) ?? {};
    const read = (field: string, header: string): string[] => {
      const listed = Array.isArray(d[field]) ? (d[field] as unknown[]).map(String) : undefined;
      const fromHeader = content.headers?.get(header)?.split(',');
      return (listed ?? fromHeader ?? [])
        .map((a) => a.trim())
        .filter(Boolean)
        .map((a) => mailboxAddress(`Destination.${field}`, a));
    };
    const to = read('ToAddresses', 'to');
    const cc = read('CcAddresses', 'cc');
    const bcc = read('BccAddresses', 'bcc');
    const all = [...to, ...cc, ...bcc];
    if (all.length === 0)
      throw SesErrors.badRequest('The message must have at least one recipient');
    if (all.length > MAX_RECIPIENTS)
      throw SesErrors.badRequest(`Recipient count exceeds ${MAX_RECIPIENTS}.`);
    if (this.#options.sandbox) {
      const names = this.#verifiedNames();
      const refused = all.filter((a) => !isMailboxSimulator(a) && !isVerified(a, names));
      if (refused.length > 0) throw SesErrors.notVerified(this.#ctx.region, refused);
    }
    return {
      ...(to.length ? { ToAddresses: to } : {}),
      ...(cc.length ? { CcAddresses: cc } : {}),
      ...(bcc.length ? { BccAddresses: bcc } : {}),
    };
  }

  #record(from: string, destination: SentEmailDestination, content: RenderedContent): string {
    // Shaped like SES's ids: 16 hex digits, a UUID, a 6-digit suffix.
    const id = `${randomBytes(8).toString('hex')}-${randomUUID()}-000000`;
    const now = this.#ctx.clock.now();
    const sent: SentEmail = {
      Id: id,
      Region: this.#ctx.region,
      Source: from,
      Destination: destination,
      ...(content.raw !== undefined
        ? { RawData: content.raw }
        : {
            Subject: content.subject ?? '',
            Body: { text_part: content.text ?? null, html_part: content.html ?? null },
          }),
      Timestamp: new Date(now).toISOString().slice(0, 19),
    };
    this.#sent.push(sent);
    this.#ctx.logger.info('email sent', {
      id,
      from,
      to: [...(destination.ToAddresses ?? []), ...(destination.CcAddresses ?? [])].join(','),
      subject: content.subject,
      domain: domainOf(from),
    });
    return id;
  }

  #verifiedNames(): ReadonlySet<string> {
    return new Set(this.#identities.keys());
  }
}

function asObject(value: unknown): Json | undefined {
  return value && typeof value === 'object' && !Array.isArray(value) ? (value as Json) : undefined;
}

function parse(body: Buffer): Json {
  if (body.length === 0) return {};
  try {
    const value = JSON.parse(body.toString('utf8'));
    const object = asObject(value);
    if (object) return object;
  } catch {
    // answered below
  }
  throw SesErrors.badRequest('The request body is not a JSON object');
}

/** DKIM is not signed locally; the attributes say so. */
function dkimAttributes(): Answer<GetEmailIdentityCommandOutput>['DkimAttributes'] {
  return { SigningEnabled: false, Status: 'NOT_STARTED', SigningAttributesOrigin: 'AWS_SES' };
}
