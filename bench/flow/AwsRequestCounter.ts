import type { Clock } from '../../local/core/clock';
import type { AwsRequestSeen } from '../../local/core/server';
import type { LambdaFunctionRuntime } from '../../local/services/lambda/runtime/LambdaFunctionRuntime';
import { FunctionThrottledError } from '../../local/services/lambda/runtime/LambdaFunctionRuntime';

/** Calls of one service operation, and what they carried. */
export interface CountedOperation {
  calls: number;
  /** Billing units beyond calls: PutEvents entries, SQS 64 KB chunks, SES recipients. */
  units: number;
  /** Payload bytes (PutEvents entries as AWS sizes them; SQS message bodies). */
  bytes: number;
}

/** Invocations of one function. */
export interface CountedFunction {
  invocations: number;
  /** Sum of billed durations: each invocation rounded up to 1 ms. */
  billedMs: number;
  memoryMb: number;
  /** Invocations refused for want of an environment (not billed). */
  throttled: number;
}

const KB64 = 64 * 1024;

/**
 * Counts the AWS requests the app makes on the local cloud, by service and
 * operation, from the cloud's hooks: the endpoint's `onAwsRequest` (every SDK
 * call of a function or a poller), the dispatcher's `onDispatch` (a rule's
 * delivery to its queue is an SQS `SendMessage`), the HTTP API's
 * `onApiRequest`, and each deployed function's runs in its execution
 * environments (`meterFunctions`). DynamoDB is metered by `DynamoDbMeter`.
 */
export class AwsRequestCounter {
  readonly operations = new Map<string, CountedOperation>();
  readonly functions = new Map<string, CountedFunction>();
  /** Entries of each PutEvents call, in order. */
  readonly putEventsEntries: number[] = [];
  /** Latency (ms) of each HTTP API request, by route. */
  readonly apiLatencies = new Map<string, number[]>();

  reset(): void {
    this.operations.clear();
    this.functions.clear();
    this.putEventsEntries.length = 0;
    this.apiLatencies.clear();
  }

  readonly onAwsRequest = (request: AwsRequestSeen): void => {
    if (request.target) {
      const [prefix = '', operation = ''] = request.target.split('.');
      if (prefix.startsWith('DynamoDB')) return;
      const service = SERVICES[prefix] ?? prefix;
      if (service === 'EventBridge' && operation === 'PutEvents') {
        const entries = (JSON.parse(request.body.toString('utf8')).Entries ?? []) as Entry[];
        const sizes = entries.map(putEventsEntrySize);
        this.putEventsEntries.push(entries.length);
        this.#add(
          service,
          operation,
          sizes.reduce((n, s) => n + Math.ceil(s / KB64), 0),
          sum(sizes),
        );
        return;
      }
      this.#add(service, operation, 1, request.body.length);
      return;
    }
    if (request.method === 'POST' && request.path === '/v2/email/outbound-emails') {
      const body = JSON.parse(request.body.toString('utf8')) as { Destination?: Destination };
      const d = body.Destination ?? {};
      const recipients =
        (d.ToAddresses?.length ?? 0) + (d.CcAddresses?.length ?? 0) + (d.BccAddresses?.length ?? 0);
      this.#add('SES', 'SendEmail', recipients, request.body.length);
    }
  };

  readonly onDispatch = (targetArn: string, payload: string): void => {
    const service = targetArn.split(':')[2];
    // Lambda invocations are counted by the functions; these are the others.
    if (service === 'sqs') {
      const bytes = Buffer.byteLength(payload);
      this.#add('SQS', 'SendMessage (rule target)', Math.max(1, Math.ceil(bytes / KB64)), bytes);
    } else if (service !== 'lambda') this.#add(service ?? '?', 'delivery', 1, payload.length);
  };

  readonly onApiRequest = (line: { routeKey: string; status: number; ms: number }): void => {
    this.#add('API Gateway', `${line.routeKey} ${line.status}`, 1, 0);
    const list = this.apiLatencies.get(line.routeKey) ?? [];
    list.push(line.ms);
    this.apiLatencies.set(line.routeKey, list);
  };

  /**
   * Meters each function: an invocation and its billed duration are taken
   * from the run in its execution environment (the runtime hands that run to
   * the cloud clock's `trackWork` as `lambda <name>`), so time spent waiting
   * for a free environment is not billed; a throttled invocation is counted
   * apart (Lambda bills none).
   */
  meterFunctions(functions: Map<string, LambdaFunctionRuntime>, clock: Clock): void {
    const counted = (name: string, memoryMb: number) => {
      const f = this.functions.get(name) ?? { invocations: 0, billedMs: 0, memoryMb, throttled: 0 };
      this.functions.set(name, f);
      return f;
    };
    const memory = new Map(
      [...functions.values()].map((r) => [r.props.functionName, r.props.memorySize ?? 128]),
    );
    const trackWork = clock.trackWork.bind(clock);
    clock.trackWork = <T>(label: string, work: Promise<T>): Promise<T> => {
      const name = label.startsWith('lambda ') ? label.slice('lambda '.length) : undefined;
      const memoryMb = name === undefined ? undefined : memory.get(name);
      if (name === undefined || memoryMb === undefined) return trackWork(label, work);
      const started = performance.now();
      const settle = () => {
        const f = counted(name, memoryMb);
        f.invocations += 1;
        f.billedMs += Math.max(1, Math.ceil(performance.now() - started));
      };
      work.then(settle, settle);
      return trackWork(label, work);
    };
    for (const runtime of functions.values()) {
      const invoke = runtime.invoke.bind(runtime);
      runtime.invoke = async (event) => {
        try {
          return await invoke(event);
        } catch (error) {
          if (error instanceof FunctionThrottledError)
            counted(runtime.props.functionName, runtime.props.memorySize ?? 128).throttled += 1;
          throw error;
        }
      };
    }
  }

  #add(service: string, operation: string, units: number, bytes: number): void {
    const key = `${service}|${operation}`;
    const entry = this.operations.get(key) ?? { calls: 0, units: 0, bytes: 0 };
    entry.calls += 1;
    entry.units += units;
    entry.bytes += bytes;
    this.operations.set(key, entry);
  }
}

const SERVICES: Record<string, string> = {
  AWSEvents: 'EventBridge',
  AmazonSQS: 'SQS',
  AWSStepFunctions: 'Step Functions',
};

interface Entry {
  Time?: unknown;
  Source?: string;
  DetailType?: string;
  Detail?: string;
  Resources?: string[];
}
interface Destination {
  ToAddresses?: string[];
  CcAddresses?: string[];
  BccAddresses?: string[];
}

const sum = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0);

/**
 * A PutEvents entry's size as EventBridge's user guide computes it
 * ("Calculating PutEvents event entry size"): 14 bytes for `Time` when set,
 * plus the UTF-8 bytes of `Source`, `DetailType`, `Detail` and each of
 * `Resources`.
 */
export function putEventsEntrySize(entry: Entry): number {
  let size = entry.Time !== undefined ? 14 : 0;
  for (const text of [entry.Source, entry.DetailType, entry.Detail, ...(entry.Resources ?? [])])
    if (text) size += Buffer.byteLength(text);
  return size;
}
