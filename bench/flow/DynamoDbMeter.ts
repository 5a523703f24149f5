import type { Server } from 'node:http';
import { createServer } from 'node:http';
import { closeServer, listenOnLoopback, loopbackUrl, readBody } from '../../local/core/http';
import { callUnits, reportedUnits } from './request-units';

/** What the calls of one operation on one table came to. */
export interface MeteredOperation {
  calls: number;
  /** Calls DynamoDB refused (a failed condition, a cancelled transaction, ...). */
  refused: number;
  readUnits: number;
  writeUnits: number;
  /** Capacity units DynamoDB Local itself reported for the same calls. */
  reportedByDynamoDbLocal: number;
}

const DYNAMODB = 'DynamoDB_20120810';
const HOP_BY_HOP = new Set([
  'host',
  'connection',
  'content-length',
  'keep-alive',
  'transfer-encoding',
  'expect',
]);

/**
 * A meter in front of DynamoDB Local: an HTTP proxy that forwards every call
 * and counts, per table and operation, the request units AWS would bill
 * (`callUnits`). It asks each call for `ReturnConsumedCapacity: TOTAL` (when
 * the caller did not) to record DynamoDB Local's own figure beside ours; the
 * caller then sees a `ConsumedCapacity` it did not ask for, which the SDK
 * and our code ignore. DynamoDB Streams calls are passed through and counted
 * only: Lambda's reads of a stream are not billed.
 */
export class DynamoDbMeter {
  readonly #backend: string;
  #server: Server | undefined;
  /** `table operation` → figures. */
  readonly operations = new Map<string, MeteredOperation & { table: string; operation: string }>();
  /**
   * Items put with a `streamId` (events of the event store), with the time
   * (`performance.now()`) their write was acknowledged, in that order: when
   * each stream record became readable, for `simulateOutbox`.
   */
  readonly committedEvents: { at: number; streamId: string }[] = [];
  /** DynamoDB Streams calls by operation (free when made by a Lambda event source mapping). */
  readonly streamCalls = new Map<string, number>();

  constructor(backendUrl: string) {
    this.#backend = backendUrl.replace(/\/+$/, '');
  }

  async start(): Promise<string> {
    const server = createServer((req, res) => {
      this.#forward(req, res).catch((error: unknown) => {
        if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/x-amz-json-1.0' });
        res.end(JSON.stringify({ __type: 'InternalFailure', message: String(error) }));
      });
    });
    this.#server = server;
    await listenOnLoopback(server, 0);
    return loopbackUrl(server);
  }

  async stop(): Promise<void> {
    await closeServer(this.#server);
    this.#server = undefined;
  }

  /** Clears every figure (e.g. after the setup, before the measured run). */
  reset(): void {
    this.operations.clear();
    this.streamCalls.clear();
    this.committedEvents.length = 0;
  }

  async #forward(
    req: import('node:http').IncomingMessage,
    res: import('node:http').ServerResponse,
  ): Promise<void> {
    let body = await readBody(req);
    const target = String(req.headers['x-amz-target'] ?? '');
    const [prefix, operation = ''] = target.split('.');
    let input: Record<string, unknown> | undefined;
    if (prefix === DYNAMODB && body.length > 0) {
      input = JSON.parse(body.toString('utf8')) as Record<string, unknown>;
      if (input.ReturnConsumedCapacity === undefined && operation !== 'CreateTable') {
        body = Buffer.from(JSON.stringify({ ...input, ReturnConsumedCapacity: 'TOTAL' }));
      }
    } else if (prefix) {
      this.streamCalls.set(operation, (this.streamCalls.get(operation) ?? 0) + 1);
    }
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(req.headers)) {
      if (typeof v === 'string' && !HOP_BY_HOP.has(k)) headers[k] = v;
    }
    const answer = await fetch(`${this.#backend}${req.url ?? '/'}`, {
      method: req.method ?? 'POST',
      headers,
      ...(body.length > 0 ? { body } : {}),
    });
    const payload = Buffer.from(await answer.arrayBuffer());
    if (input) this.#count(operation, input, answer.status, payload);
    const out: Record<string, string> = {};
    answer.headers.forEach((value, key) => {
      if (!['content-length', 'connection', 'transfer-encoding', 'content-encoding'].includes(key))
        out[key] = value;
    });
    res.writeHead(answer.status, out);
    res.end(payload);
  }

  #recordEvents(operation: string, input: Record<string, unknown>): void {
    const at = performance.now();
    for (const item of putItems(operation, input)) {
      const streamId = item.streamId?.S;
      if (streamId) this.committedEvents.push({ at, streamId });
    }
  }

  #count(operation: string, input: Record<string, unknown>, status: number, payload: Buffer): void {
    const ok = status === 200;
    const output = ok
      ? (JSON.parse(payload.toString('utf8')) as Record<string, unknown>)
      : undefined;
    if (ok) this.#recordEvents(operation, input);
    const reported = reportedUnits(output);
    const units = callUnits(operation, input, output, reported);
    const table = tableOf(operation, input);
    const key = `${table} ${operation}`;
    const entry = this.operations.get(key) ?? {
      table,
      operation,
      calls: 0,
      refused: 0,
      readUnits: 0,
      writeUnits: 0,
      reportedByDynamoDbLocal: 0,
    };
    entry.calls += 1;
    if (!ok) entry.refused += 1;
    entry.readUnits += units.read;
    entry.writeUnits += units.write;
    entry.reportedByDynamoDbLocal += reported;
    this.operations.set(key, entry);
  }
}

function putItems(
  operation: string,
  input: Record<string, unknown>,
): Record<string, { S?: string }>[] {
  if (operation === 'PutItem') return [input.Item as Record<string, { S?: string }>];
  if (operation !== 'TransactWriteItems') return [];
  const actions =
    (input.TransactItems as { Put?: { Item: Record<string, { S?: string }> } }[]) ?? [];
  return actions.flatMap((a) => (a.Put ? [a.Put.Item] : []));
}

/** The table a call touches (the first one, for transactions). */
function tableOf(operation: string, input: Record<string, unknown>): string {
  if (typeof input.TableName === 'string') return input.TableName;
  if (operation === 'TransactWriteItems') {
    const first = (
      input.TransactItems as Record<string, { TableName?: string }>[] | undefined
    )?.[0];
    const action = first ? Object.values(first)[0] : undefined;
    return action?.TableName ?? '?';
  }
  return '?';
}
