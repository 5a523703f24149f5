import { FaultRules } from '../../core/FaultRules';
/** One DynamoDB request, as a fault rule sees it (before it reaches DynamoDB Local). */
export interface DynamoDbRequestSubject {
  /** The operation, e.g. `TransactWriteItems` (from `X-Amz-Target`). */
  readonly operation: string;
  /** Tables the request names (`TableName`, or each item of a transaction or batch). */
  readonly tableNames: readonly string[];
  /** Items of a `TransactWriteItems` / `TransactGetItems` (0 for other operations). */
  readonly transactItems: number;
}

/**
 * A fault to answer a DynamoDB request with, instead of forwarding it:
 * - `throughput-exceeded`: `ProvisionedThroughputExceededException` (HTTP 400);
 * - `throttling`: `ThrottlingException` (HTTP 400);
 * - `transaction-conflict`: for `TransactWriteItems`/`TransactGetItems`, a
 *   `TransactionCanceledException` whose `CancellationReasons` hold
 *   `TransactionConflict` at `item` (default 0) and `None` elsewhere; for a
 *   single-item write, `TransactionConflictException`.
 * The SDK retries the first two itself (they are throttling errors), so
 * the app sees them only when every attempt was refused.
 */
export type DynamoDbFault =
  | { readonly kind: 'throughput-exceeded' }
  | { readonly kind: 'throttling' }
  | { readonly kind: 'transaction-conflict'; readonly item?: number };

/** Decides, per request, whether to inject a fault (undefined: none). */
export type DynamoDbFaultRule = (request: DynamoDbRequestSubject) => DynamoDbFault | undefined;

/** What one injected fault did, for the caller's count. */
export interface InjectedDynamoDbFault {
  readonly kind: DynamoDbFault['kind'];
  readonly operation: string;
  readonly tableNames: readonly string[];
}

/** An error answer in DynamoDB's JSON 1.0 protocol. */
export interface DynamoDbErrorAnswer {
  readonly statusCode: number;
  readonly body: Record<string, unknown>;
}

const PREFIX = 'com.amazonaws.dynamodb.v20120810#';
const TRANSACTIONS: ReadonlySet<string> = new Set(['TransactWriteItems', 'TransactGetItems']);
const SINGLE_WRITES: ReadonlySet<string> = new Set(['PutItem', 'UpdateItem', 'DeleteItem']);

/**
 * The local cloud's fault-injection hook for DynamoDB: rules see each request
 * the endpoint forwards to DynamoDB Local (the functions' and pollers' SDK
 * calls) and may answer it with one of DynamoDB's throttling or
 * transaction-conflict errors instead, in the shape DynamoDB sends, so a real
 * SDK client raises the same exception it would on AWS. Rules are asked in
 * order; the first that answers decides. Every injected fault is recorded.
 */
export class DynamoDbFaults extends FaultRules<
  DynamoDbRequestSubject,
  DynamoDbFault,
  InjectedDynamoDbFault
> {
  /**
   * Tables some transaction has named: only their items can be "in an ongoing
   * transaction", so only a single-item write to one of them can meet a
   * `TransactionConflictException`.
   */
  readonly #transactionalTables = new Set<string>();

  /**
   * The error answer for this request (`X-Amz-Target` and JSON body), or
   * undefined to forward it. A `transaction-conflict` decided for a request
   * it cannot hit is not injected: a read or a query, or a single-item write
   * to a table no transaction seen so far has named (its items are never in
   * a transaction, so DynamoDB has nothing to conflict with).
   */
  check(target: string, body: Buffer): DynamoDbErrorAnswer | undefined {
    const transaction =
      target.endsWith('.TransactWriteItems') || target.endsWith('.TransactGetItems');
    if (!this.hasRules && !transaction) return undefined;
    const subject = describeRequest(target, body);
    if (!subject) return undefined;
    if (transaction) for (const name of subject.tableNames) this.#transactionalTables.add(name);
    if (!this.hasRules) return undefined;
    const fault = this.decide(subject);
    if (!fault) return undefined;
    const answer = errorAnswer(fault, subject, this.#transactionalTables);
    if (!answer) return undefined;
    this.injected.push({
      kind: fault.kind,
      operation: subject.operation,
      tableNames: subject.tableNames,
    });
    return answer;
  }
}

/** The request's operation, tables and transaction size; undefined when it is not DynamoDB's JSON. */
function describeRequest(target: string, body: Buffer): DynamoDbRequestSubject | undefined {
  const [prefix, operation] = target.split('.');
  if (prefix !== 'DynamoDB_20120810' || !operation) return undefined;
  let input: Record<string, unknown>;
  try {
    input = JSON.parse(body.toString('utf8') || '{}') as Record<string, unknown>;
  } catch {
    return undefined;
  }
  const tables = new Set<string>();
  if (typeof input.TableName === 'string') tables.add(input.TableName);
  const items = Array.isArray(input.TransactItems) ? (input.TransactItems as unknown[]) : [];
  for (const item of items) {
    for (const action of Object.values((item ?? {}) as Record<string, unknown>)) {
      const name = (action as { TableName?: unknown } | null)?.TableName;
      if (typeof name === 'string') tables.add(name);
    }
  }
  if (input.RequestItems && typeof input.RequestItems === 'object')
    for (const name of Object.keys(input.RequestItems)) tables.add(name);
  return { operation, tableNames: [...tables], transactItems: items.length };
}

/**
 * The error DynamoDB answers with, as its JSON 1.0 protocol carries it
 * (`__type` is `<namespace>#<code>`; the SDK keeps the part after `#`).
 */
function errorAnswer(
  fault: DynamoDbFault,
  subject: DynamoDbRequestSubject,
  transactionalTables: ReadonlySet<string>,
): DynamoDbErrorAnswer | undefined {
  switch (fault.kind) {
    // "Your request rate is too high. The AWS SDKs for DynamoDB automatically retry requests
    // that receive this exception." (API reference, ProvisionedThroughputExceededException)
    case 'throughput-exceeded':
      return {
        statusCode: 400,
        body: {
          __type: `${PREFIX}ProvisionedThroughputExceededException`,
          message:
            'The level of configured provisioned throughput for the table was exceeded. Consider increasing your provisioning level with the UpdateTable API.',
        },
      };
    // "The request was denied due to request throttling." (API reference, ThrottlingException)
    case 'throttling':
      return {
        statusCode: 400,
        body: {
          __type: 'com.amazon.coral.availability#ThrottlingException',
          message: 'Rate of requests exceeds the allowed throughput.',
        },
      };
    case 'transaction-conflict': {
      if (TRANSACTIONS.has(subject.operation) && subject.transactItems > 0) {
        // "There is an ongoing TransactWriteItems operation that conflicts with a concurrent
        // TransactWriteItems request. In this case the TransactWriteItems operation fails with a
        // TransactionCanceledException." One reason per item, in request order; "None" for an
        // item that caused no cancellation (API reference, TransactWriteItems / CancellationReason).
        const at = Math.min(Math.max(0, fault.item ?? 0), subject.transactItems - 1);
        const reasons = Array.from({ length: subject.transactItems }, (_, i) =>
          i === at
            ? { Code: 'TransactionConflict', Message: 'Transaction is ongoing for the item' }
            : { Code: 'None' },
        );
        return {
          statusCode: 400,
          body: {
            __type: `${PREFIX}TransactionCanceledException`,
            Message: `Transaction cancelled, please refer cancellation reasons for specific reasons [${reasons.map((r) => r.Code).join(', ')}]`,
            CancellationReasons: reasons,
          },
        };
      }
      // "Operation was rejected because there is an ongoing transaction for the item."
      // (API reference, TransactionConflictException: PutItem, UpdateItem, DeleteItem)
      if (
        SINGLE_WRITES.has(subject.operation) &&
        subject.tableNames.every((name) => transactionalTables.has(name))
      )
        return {
          statusCode: 400,
          body: {
            __type: `${PREFIX}TransactionConflictException`,
            message: 'Transaction is ongoing for the item',
          },
        };
      return undefined;
    }
  }
}
