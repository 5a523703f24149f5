import {
  IdempotencyAlreadyInProgressError,
  IdempotencyConfig,
  IdempotencyValidationError,
  makeIdempotent,
} from '@aws-lambda-powertools/idempotency';
import { DynamoDBPersistenceLayer } from '@aws-lambda-powertools/idempotency/dynamodb';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { ValidationError } from '../errors';
import { RequestPart } from './constants';
import { IdempotencyKeyInProgressError, IdempotencyKeyReusedError } from './errors';
import type { HttpRequest, HttpResponse } from './http-handler';

/** Request header naming a retry-safe request (draft-ietf-httpapi-idempotency-key-header). */
export const IDEMPOTENCY_KEY_HEADER = 'idempotency-key';

/** Response header set when the response is the stored answer to an earlier request. */
export const IDEMPOTENT_REPLAYED_HEADER = 'idempotent-replayed';

/** How long a key is remembered: 24 hours, after which the same key is a new request. */
export const IDEMPOTENCY_EXPIRY_SECONDS = 24 * 60 * 60;

/**
 * The key: 1 to 255 visible ASCII characters. The draft sends it as a
 * Structured Field string (`"…"`, RFC 8941); payment APIs send it bare, so
 * both are taken, the quotes removed.
 */
const KEY = /^[\x21-\x7E]{1,255}$/;

/**
 * The request's idempotency key, or undefined when it has none.
 * @throws ValidationError naming the header when the key is empty, too long or not visible ASCII.
 */
export function idempotencyKeyOf(event: APIGatewayProxyEventV2): string | undefined {
  const raw = event.headers?.[IDEMPOTENCY_KEY_HEADER];
  if (raw === undefined) return undefined;
  const trimmed = raw.trim();
  const key = /^".*"$/.test(trimmed) ? trimmed.slice(1, -1) : trimmed;
  if (!KEY.test(key)) {
    throw new ValidationError(RequestPart.headers, [
      {
        path: 'Idempotency-Key',
        message: `must be 1 to 255 visible ASCII characters, got ${JSON.stringify(raw).slice(0, 80)}`,
      },
    ]);
  }
  return key;
}

/** The IAM principal that signed the request, when the API authorized it with IAM. */
function callerOf(event: APIGatewayProxyEventV2): string | null {
  const authorizer = (event.requestContext as { authorizer?: { iam?: { userArn?: string } } })
    .authorizer;
  return authorizer?.iam?.userArn ?? null;
}

/** What the idempotent call hashes: the key's scope (`key`) and the payload compared on reuse (`body`). */
interface IdempotentInput {
  readonly key: {
    readonly route: string;
    readonly resource: string;
    readonly caller: string | null;
    readonly key: string;
  };
  readonly body: unknown;
}

/** What a command acts on and with: compared, with the key, on every retry. */
export interface CommandPayload {
  /** The resource the route acts on, normalised (`order <id>`, `stock <sku>`); `''` for a collection. */
  readonly resource: string;
  /** The parsed body: the same key with another body is refused. */
  readonly body: unknown;
}

export interface IdempotentCommandsOptions {
  /**
   * Prefix of this function's records (its folder name): records are
   * `<prefix>#<sha256>`, which lets IAM limit each function to its own
   * (`dynamodb:LeadingKeys`).
   */
  readonly keyPrefix: string;
  /** @default process.env.IDEMPOTENCY_TABLE_NAME */
  readonly tableName?: string;
  /** @default a client of Powertools' own, configured from the environment */
  readonly client?: DynamoDBClient;
}

/** Runs a command once per idempotency key. */
export type IdempotentCommands = (
  request: HttpRequest,
  payload: CommandPayload,
  execute: () => Promise<HttpResponse>,
) => Promise<HttpResponse>;

/**
 * Makes a command route retry-safe with Powertools idempotency (DynamoDB
 * persistence). A request with an `Idempotency-Key` runs once: Powertools
 * writes an in-progress record under the key (conditional PutItem), runs the
 * command, and stores its response (UpdateItem); a retry with the key and
 * the same body gets that response again (same order id, same status) with
 * `idempotent-replayed: true`; with another body Powertools throws
 * `IdempotencyValidationError`, rethrown as `IdempotencyKeyReusedError`
 * (answered 422); while the first is still running,
 * `IdempotencyAlreadyInProgressError`, rethrown as
 * `IdempotencyKeyInProgressError` (409). A command that throws
 * leaves no record, so its retry runs again. Records expire after 24 h
 * (`expiresAfterSeconds`, checked by Powertools on read; DynamoDB's TTL
 * deletes them later). A key is scoped to the route with its path (so one
 * key cannot cancel two orders) and to the IAM caller (so one client cannot
 * read another's responses). A request without a key runs as before, with
 * no extra call.
 *
 * Why Powertools and not deterministic event ids: an order could take its id
 * from the key, but adding stock is an increment whose event sits at a
 * version the retry cannot know, so finding it would mean reading back
 * through up to 24 h of the SKU's events; a key record costs two small
 * writes, only on requests that carry a key.
 */
export function idempotentCommands(options: IdempotentCommandsOptions): IdempotentCommands {
  const config = new IdempotencyConfig({
    eventKeyJmesPath: 'key',
    payloadValidationJmesPath: 'body',
    expiresAfterSeconds: IDEMPOTENCY_EXPIRY_SECONDS,
    hashFunction: 'sha256',
    responseHook: (response) => {
      const stored = response as unknown as HttpResponse;
      return {
        ...stored,
        headers: { ...stored.headers, [IDEMPOTENT_REPLAYED_HEADER]: 'true' },
      } as unknown as ReturnType<NonNullable<IdempotencyConfig['responseHook']>>;
    },
  });
  let run:
    | ((input: IdempotentInput, execute: () => Promise<HttpResponse>) => Promise<HttpResponse>)
    | undefined;
  // Built on the first keyed request, so routes called without keys need no table.
  const idempotent = () => {
    if (run) return run;
    const tableName = options.tableName ?? process.env.IDEMPOTENCY_TABLE_NAME;
    if (!tableName) throw new Error('IDEMPOTENCY_TABLE_NAME is not set');
    const persistenceStore = new DynamoDBPersistenceLayer({
      tableName,
      ...(options.client ? { awsSdkV3Client: options.client } : {}),
    });
    run = makeIdempotent(
      async (_input: IdempotentInput, execute: () => Promise<HttpResponse>) => execute(),
      { persistenceStore, config, keyPrefix: options.keyPrefix },
    );
    return run;
  };
  return async (request, payload, execute) => {
    const key = idempotencyKeyOf(request.event);
    if (key === undefined) return execute();
    // The in-progress record expires with this invocation, so a crash does not hold the key.
    if (request.context) config.registerLambdaContext(request.context);
    const { event } = request;
    const scope = {
      route: event.routeKey,
      resource: payload.resource,
      caller: callerOf(event),
      key,
    };
    try {
      return await idempotent()({ key: scope, body: payload.body }, execute);
    } catch (error) {
      throw keyError(error);
    }
  };
}

/**
 * Powertools' refusals of a key as our errors, so that mapping errors to
 * responses (`toProblem`) needs no Powertools idempotency, which functions
 * without idempotent routes then leave out of their bundles (with the
 * JMESPath engine it loads). Anything else is returned as it is.
 */
function keyError(error: unknown): unknown {
  if (error instanceof IdempotencyValidationError) {
    return new IdempotencyKeyReusedError({ cause: error });
  }
  if (error instanceof IdempotencyAlreadyInProgressError) {
    return new IdempotencyKeyInProgressError({ cause: error });
  }
  return error;
}
