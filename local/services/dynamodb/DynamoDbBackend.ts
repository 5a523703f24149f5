import { createHash, randomUUID } from 'node:crypto';
import type { DeterministicScheduler } from '../../core/scheduler';
import type { AwsEndpoint } from '../../core/server';
import { httpProxy } from '../../core/server';
import type { DynamoDbFaults } from './DynamoDbFaults';
import { DynamoDbErrors } from './errors';
import type { DynamoDbLocal, DynamoDbLocalExit } from './start-dynamodb-local';
import { startDynamoDbLocal } from './start-dynamodb-local';

/**
 * `X-Amz-Target` prefixes of DynamoDB and of DynamoDB Streams. DynamoDB
 * Local serves both (ListStreams, DescribeStream, GetShardIterator,
 * GetRecords), so both are forwarded to it.
 */
export const DYNAMODB_TARGET_PREFIXES = ['DynamoDB_20120810', 'DynamoDBStreams_20120810'] as const;

/** Which DynamoDB Local the cloud uses: one already running, or one it starts and stops. */
export type DynamoDbOption = { readonly endpoint: string } | 'start';

/** DynamoDB Local, started by the cloud, ended on its own: its tables are gone. */
export class DynamoDbLocalExitedError extends Error {
  readonly exit: DynamoDbLocalExit;

  constructor(exit: DynamoDbLocalExit) {
    super(
      `DynamoDB Local exited unexpectedly (${exit.signal ? `signal ${exit.signal}` : `code ${exit.code}`}); ` +
        'its in-memory tables and streams are lost. The local cloud does not restart it: a new ' +
        "DynamoDB Local would hold none of the app's tables. Restart the local cloud." +
        (exit.stderr.trim() ? ` Its last output: ${exit.stderr.trim().slice(-500)}` : ''),
    );
    this.name = 'DynamoDbLocalExitedError';
    this.exit = exit;
  }
}

/** The DynamoDB Local behind the endpoint. */
export interface DynamoDbBackend {
  /** `http://127.0.0.1:<port>` of DynamoDB Local. */
  readonly endpoint: string;
  /** Whether the cloud started it (and so stops it, and watches it). */
  readonly owned: boolean;
  /** Set once a DynamoDB Local the cloud started has exited on its own. */
  readonly failure: DynamoDbLocalExitedError | undefined;
  /** Calls `listener` once if a DynamoDB Local the cloud started exits on its own. */
  onFailure(listener: (error: DynamoDbLocalExitedError) => void): void;
  /** Stops it if the cloud started it; safe to call twice. */
  stop(): Promise<void>;
}

/**
 * Starts DynamoDB Local on a free port and watches it, or attaches to a
 * running one (which is neither watched nor stopped).
 *
 * A DynamoDB Local the cloud started that exits on its own (crash,
 * `kill -9`, out of memory) is not restarted: it ran in memory, so a new
 * one would come back without the app's tables, streams or items, and the
 * app would fail in confusing ways. Instead the backend records the
 * failure, tells its listeners (the cloud logs it; `npm start` stops with
 * exit code 2), and DynamoDB requests answer 503 `ServiceUnavailable`
 * naming the cause.
 */
export async function openDynamoDbBackend(
  option: DynamoDbOption = 'start',
): Promise<DynamoDbBackend> {
  if (option !== 'start') {
    return {
      endpoint: option.endpoint.replace(/\/+$/, ''),
      owned: false,
      failure: undefined,
      onFailure: () => {},
      stop: async () => {},
    };
  }
  const local: DynamoDbLocal = await startDynamoDbLocal();
  let failure: DynamoDbLocalExitedError | undefined;
  const listeners: ((error: DynamoDbLocalExitedError) => void)[] = [];
  local.onUnexpectedExit((exit) => {
    failure = new DynamoDbLocalExitedError(exit);
    for (const listener of listeners.splice(0)) listener(failure);
  });
  return {
    endpoint: local.endpoint,
    owned: true,
    get failure() {
      return failure;
    },
    onFailure: (listener) => {
      if (failure) listener(failure);
      else listeners.push(listener);
    },
    stop: () => local.stop(),
  };
}

/**
 * Forwards DynamoDB and DynamoDB Streams requests to the backend, answering
 * with its responses verbatim; once the backend has failed, answers 503
 * `ServiceUnavailable` with the reason. A request a `faults` rule picks is
 * answered with that fault instead (see {@link DynamoDbFaults}). A
 * `scheduler` counts the forwarding as input/output in flight: the cloud is
 * not at rest until DynamoDB Local has answered.
 */
export function proxyDynamoDb(
  endpoint: AwsEndpoint,
  backend: DynamoDbBackend,
  faults?: DynamoDbFaults,
  scheduler?: DeterministicScheduler,
): void {
  const forward = httpProxy(backend.endpoint);
  const tokens = scheduler ? tokenSpace() : undefined;
  for (const prefix of DYNAMODB_TARGET_PREFIXES) {
    endpoint.addProxy(prefix, async (req, received, res) => {
      const failure = backend.failure;
      if (failure) throw DynamoDbErrors.unavailable(failure.message);
      const target = String(req.headers['x-amz-target'] ?? '');
      const body = tokens && target.endsWith('.TransactWriteItems') ? tokens(received) : received;
      const injected = faults?.check(target, body);
      if (injected) {
        res.writeHead(injected.statusCode, {
          'content-type': 'application/x-amz-json-1.0',
          'x-amzn-requestid': randomUUID(),
        });
        res.end(JSON.stringify(injected.body));
        return;
      }
      return scheduler ? scheduler.trackIo(forward(req, body, res)) : forward(req, body, res);
    });
  }
}

/**
 * A deterministic run's own space of transaction tokens. The functions'
 * ids are seeded there, so the SDK's `ClientRequestToken`s (drawn from
 * them) repeat in every run of a seed; DynamoDB Local, shared by the runs,
 * remembers a token for 10 minutes whatever table it named, as DynamoDB
 * does in an account, and would refuse a token seen again with other items
 * (`IdempotentParameterMismatchException`). Each cloud maps the tokens it
 * forwards to tokens of its own (a digest of a name unique to the cloud and
 * the token: the same token in one cloud stays the same, so a retried
 * transaction is still recognized); it returns the body to forward.
 */
function tokenSpace(): (body: Buffer) => Buffer {
  // Unique to this cloud, not drawn from the (seeded) random source: it names the space only.
  const space = `${process.pid}:${process.hrtime.bigint()}:${++clouds}`;
  return (body) => {
    let input: { ClientRequestToken?: unknown };
    try {
      input = JSON.parse(body.toString('utf8')) as { ClientRequestToken?: unknown };
    } catch {
      return body;
    }
    if (typeof input.ClientRequestToken !== 'string') return body;
    // 36 characters, DynamoDB's limit for a token.
    const digest = createHash('sha256')
      .update(`${space}\n${input.ClientRequestToken}`)
      .digest('hex');
    input.ClientRequestToken = `${digest.slice(0, 8)}-${digest.slice(8, 12)}-${digest.slice(12, 16)}-${digest.slice(16, 20)}-${digest.slice(20, 32)}`;
    return Buffer.from(JSON.stringify(input));
  };
}

let clouds = 0;
