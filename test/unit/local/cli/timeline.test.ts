import { describe, expect, it, vi } from 'vitest';
import { compactFields, parseFunctionOutput } from '../../../../local/cli/function-log';
import type { TimelineMode } from '../../../../local/cli/timeline';
import { ConsoleTimeline } from '../../../../local/cli/timeline';
import type { BusActivity } from '../../../../local/services/eventbridge/types';

/** A Powertools Logger entry as the place-order function writes it. */
const powertoolsLine = (extra: Record<string, unknown> = {}) =>
  JSON.stringify({
    level: 'INFO',
    message: 'order placed',
    timestamp: '2026-11-27T10:52:49.051Z',
    service: 'place-order',
    cold_start: true,
    function_arn: 'arn:aws:lambda:us-east-1:000000000000:function:eventline-dev-PlaceOrder1A2B3C4D',
    function_memory_size: '512',
    function_name: 'eventline-dev-PlaceOrder1A2B3C4D',
    function_request_id: 'r-1',
    sampling_rate: 0,
    correlationId: 'demo-1',
    route: 'POST /orders',
    orderId: 'o-1',
    ...extra,
  });

/** A CloudWatch embedded-metric-format document, as Powertools Metrics flushes it. */
const emfLine = JSON.stringify({
  _aws: {
    Timestamp: 1_795_776_769_051,
    CloudWatchMetrics: [
      {
        Namespace: 'eventline',
        Dimensions: [['service']],
        Metrics: [{ Name: 'OrdersPlaced', Unit: 'Count' }],
      },
    ],
  },
  service: 'place-order',
  OrdersPlaced: 1,
});

const orderPlaced: BusActivity = {
  busName: 'eventline-bus',
  event: {
    version: '0',
    id: 'e-1',
    'detail-type': 'OrderPlaced',
    source: 'eventline.orders',
    account: '000000000000',
    time: '2026-11-27T10:52:49Z',
    region: 'us-east-1',
    resources: [],
    detail: { metadata: { streamId: 'order-o-1', version: 1, correlationId: 'demo-1' } },
  },
  matchedRules: ['projection'],
  archivedIn: ['archive'],
};

function timeline(mode: TimelineMode = 'normal') {
  const out: string[] = [];
  const raw: string[] = [];
  const t = new ConsoleTimeline({
    mode,
    color: false,
    write: (l) => out.push(l),
    raw: (l) => raw.push(l),
    now: () => new Date('2026-11-27T10:52:49.123Z'),
    requestSettleMs: 0,
  });
  return { t, out, raw };
}

describe('Function: parseFunctionOutput', () => {
  it('reads a Powertools entry: level, message, source, correlation id, route and its own fields', () => {
    expect(parseFunctionOutput(powertoolsLine())).toEqual({
      kind: 'log',
      level: 'INFO',
      message: 'order placed',
      source: 'place-order',
      correlationId: 'demo-1',
      route: 'POST /orders',
      fields: { orderId: 'o-1' },
    });
  });

  it('summarises an EMF document by metric name and value', () => {
    expect(parseFunctionOutput(emfLine)).toEqual({
      kind: 'metrics',
      source: 'place-order',
      metrics: ['OrdersPlaced=1'],
    });
  });

  it('keeps anything else as text', () => {
    expect(parseFunctionOutput('plain words')).toEqual({ kind: 'text', text: 'plain words' });
    expect(parseFunctionOutput('{not json')).toEqual({ kind: 'text', text: '{not json' });
  });
});

describe('Function: compactFields', () => {
  it('shows a few fields, cuts long values and counts the rest', () => {
    const text = compactFields({ a: 1, b: 'x'.repeat(80), c: { d: 2 }, e: true, f: null }, 4, 10);

    expect(text).toBe('a=1 b=xxxxxxxxx… c={"d":2} e=true (+1 more)');
  });
});

describe('Class: ConsoleTimeline', () => {
  it('prints an HTTP request as one line with its correlation id, its function logs compact under it', () => {
    // Prepare
    const { t, out, raw } = timeline();

    // Act: the function logs (in two chunks, split mid-line) before the request line comes.
    const text = `${powertoolsLine()}\n${emfLine}\n`;
    t.functionOutput(text.slice(0, 50));
    t.functionOutput(text.slice(50));
    t.request({ routeKey: 'POST /orders', status: 201, ms: 608 });

    // Assess
    expect(out).toEqual([
      '10:52:49.123 http    POST /orders → 201 (608 ms)  corr=demo-1',
      '    place-order INFO order placed  orderId=o-1',
      '    place-order metrics OrdersPlaced=1',
    ]);
    expect(raw).toEqual([powertoolsLine(), emfLine]);
  });

  it("holds a route-less metrics document of the route's function for its request line", () => {
    const out: string[] = [];
    const t = new ConsoleTimeline({
      mode: 'normal',
      color: false,
      write: (l) => out.push(l),
      now: () => new Date('2026-11-27T10:52:49.123Z'),
      routeSources: new Map([['POST /orders', 'place-order']]),
      requestSettleMs: 0,
    });

    t.functionOutput(`${emfLine}\n`);
    t.request({ routeKey: 'POST /orders', status: 201, ms: 7 });

    expect(out).toEqual([
      '10:52:49.123 http    POST /orders → 201 (7 ms)',
      '    place-order metrics OrdersPlaced=1',
    ]);
  });

  it('waits for output that arrives just after the result, keeping later lines behind the request line', () => {
    // Prepare: timers faked, so no real time passes.
    vi.useFakeTimers();
    const out: string[] = [];
    const t = new ConsoleTimeline({
      mode: 'normal',
      color: false,
      write: (l) => out.push(l),
      now: () => new Date('2026-11-27T10:52:49.123Z'),
      routeSources: new Map([['POST /orders', 'place-order']]),
      requestSettleMs: 10,
    });

    // Act: the result first, then the worker's last stdout line, then an event.
    t.request({ routeKey: 'POST /orders', status: 201, ms: 7 });
    t.functionOutput(`${emfLine}\n`);
    t.event(orderPlaced);
    const beforeSettled = [...out];
    vi.advanceTimersByTime(10);
    vi.useRealTimers();

    // Assess
    expect(beforeSettled).toEqual([]);
    expect(out).toEqual([
      '10:52:49.123 http    POST /orders → 201 (7 ms)',
      '    place-order metrics OrdersPlaced=1',
      '10:52:49.123 event   OrderPlaced order-o-1@1  corr=demo-1  rules=projection',
    ]);
  });

  it('prints events and deliveries with their correlation id and position', () => {
    const { t, out } = timeline();

    t.event(orderPlaced);
    t.delivery({
      ruleName: 'projection',
      targetArn: 'arn:aws:sqs:us-east-1:000000000000:orders-projection',
      event: orderPlaced.event,
      retries: 0,
    });

    expect(out).toEqual([
      '10:52:49.123 event   OrderPlaced order-o-1@1  corr=demo-1  rules=projection',
      '10:52:49.123 deliver OrderPlaced → sqs:orders-projection (rule projection)  corr=demo-1',
    ]);
  });

  it('prints a mapping batch with its source, function, subjects and correlation ids', () => {
    const { t, out } = timeline();

    t.batch({
      sourceArn:
        'arn:aws:dynamodb:us-east-1:000000000000:table/eventline-dev-Events/stream/2026-11-27T10:00:00.000',
      functionArn:
        'arn:aws:lambda:us-east-1:000000000000:function:eventline-dev-OutboxFunctionAB2D95BD',
      records: 4,
      subjects: ['order-o-1@1', 'order-o-1@2', 'order-o-2@1', 'order-o-3@1'],
      correlationIds: ['demo-1', 'demo-2'],
    });

    expect(out).toEqual([
      '10:52:49.123 batch   stream:eventline-dev-Events → OutboxFunction: 4 records (order-o-1@1, order-o-1@2, order-o-2@1 +1)  corr=demo-1,demo-2',
    ]);
  });

  it('shows requests only when quiet, and the raw lines too when verbose', () => {
    const quiet = timeline('quiet');
    quiet.t.functionOutput(`${powertoolsLine()}\n`);
    quiet.t.event(orderPlaced);
    quiet.t.request({ routeKey: 'POST /orders', status: 201, ms: 5 });
    const verbose = timeline('verbose');
    verbose.t.functionOutput(`${emfLine}\n`);

    expect(quiet.out).toEqual(['10:52:49.123 http    POST /orders → 201 (5 ms)  corr=demo-1']);
    expect(quiet.raw).toHaveLength(1);
    expect(verbose.out).toEqual([emfLine, '    place-order metrics OrdersPlaced=1']);
  });

  it('prints held logs on flush when their request line never comes', () => {
    const { t, out } = timeline();
    t.functionOutput(`${powertoolsLine({ level: 'ERROR', message: 'boom' })}\n`);
    expect(out).toEqual([]);

    t.flush();

    expect(out).toEqual(['    place-order ERROR boom  orderId=o-1']);
  });

  it('colours on request, never otherwise', () => {
    const lines: string[] = [];
    const coloured = new ConsoleTimeline({
      mode: 'normal',
      color: true,
      write: (l) => lines.push(l),
      requestSettleMs: 0,
    });

    coloured.request({ routeKey: 'GET /x', status: 500, ms: 1 });

    expect(lines[0]).toContain('\u001b[31m500\u001b[0m');
  });
});

describe('Method: execution (saga steps)', () => {
  const base = {
    executionArn: 'arn:aws:states:us-east-1:0:execution:m:order-1',
    executionName: 'order-1',
    stateMachineArn: 'arn:aws:states:us-east-1:0:stateMachine:m',
    stateMachineName: 'm',
  };
  const at = (type: string, extra: Record<string, unknown> = {}) => ({
    ...base,
    event: { id: 1, previousEventId: 0, timestamp: 0, type, ...extra },
  });

  it('shows the states entered, a retried failure with its wait, and the outcome', () => {
    const { t, out } = timeline();
    t.execution(at('ExecutionStarted'));
    t.execution(at('TaskStateEntered', { stateEnteredEventDetails: { name: 'ChargePayment' } }));
    t.execution({
      ...at('TaskFailed', { taskFailedEventDetails: { error: 'TransientPaymentError' } }),
      stateName: 'ChargePayment',
      retryInMs: 1500,
    });
    t.execution(at('TaskScheduled'));
    t.execution(
      at('ExecutionFailed', { executionFailedEventDetails: { error: 'CompensationFailed' } }),
    );

    expect(out.map((l) => l.replace(/^\S+\s+/, ''))).toEqual([
      expect.stringContaining('order-1 started'),
      expect.stringContaining('order-1 → ChargePayment'),
      expect.stringContaining(
        'order-1 ChargePayment failed: TransientPaymentError, retry in 1500 ms',
      ),
      expect.stringContaining('order-1 failed: CompensationFailed'),
    ]);
  });

  it('shows nothing of sagas in quiet mode', () => {
    const { t, out } = timeline('quiet');
    t.execution(at('ExecutionStarted'));
    expect(out).toEqual([]);
  });
});
