import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { EventlineStack } from '../../infra/stacks/EventlineStack';

type State = {
  Type: string;
  Next?: string;
  End?: boolean;
  TimeoutSeconds?: number;
  MaxConcurrency?: number;
  Retry?: {
    ErrorEquals: string[];
    IntervalSeconds?: number;
    BackoffRate?: number;
    MaxAttempts?: number;
    MaxDelaySeconds?: number;
    JitterStrategy?: string;
  }[];
  Catch?: { ErrorEquals: string[]; Next: string }[];
  ItemProcessor?: { StartAt: string; States: Record<string, State> };
  Parameters?: Record<string, unknown>;
};
type Definition = { StartAt: string; TimeoutSeconds: number; States: Record<string, State> };

let template: Template;
let definition: Definition;

beforeAll(() => {
  const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
  template = Template.fromStack(new EventlineStack(app, 'eventline-dev', { stage: 'dev' }));
  const [machine] = Object.values(template.findResources('AWS::StepFunctions::StateMachine'));
  if (!machine) throw new Error('no state machine');
  // The definition is a Fn::Join of strings and references (function ARNs): keep the strings.
  const parts = (machine.Properties.DefinitionString as { 'Fn::Join': [string, unknown[]] })[
    'Fn::Join'
  ][1];
  definition = JSON.parse(
    parts.map((p) => (typeof p === 'string' ? p : 'arn:aws:lambda:::function:steps')).join(''),
  );
});

/** Worst-case seconds one task can take: every attempt times out, every wait is the cap of its back-off. */
function taskBudget(state: State): number {
  const retry = state.Retry?.[0];
  const attempts = 1 + (retry?.MaxAttempts ?? 0);
  let waits = 0;
  for (let k = 0; k < (retry?.MaxAttempts ?? 0); k++) {
    const interval = (retry?.IntervalSeconds ?? 1) * (retry?.BackoffRate ?? 2) ** k;
    waits += Math.min(interval, retry?.MaxDelaySeconds ?? Number.POSITIVE_INFINITY);
  }
  return attempts * (state.TimeoutSeconds ?? 60) + waits;
}

describe('Construct: OrderSaga (in the synthesized stack)', () => {
  it('is a Standard workflow whose timeout exceeds the worst retry budget of every path', () => {
    // Prepare: the longest path runs every forward step to its last retry, then every compensation.
    const s = definition.States;
    const reserve = s.ReserveStock as State;
    const inner = reserve.ItemProcessor?.States.ReserveLine as State;
    const maxLines = 100; // POST /orders accepts at most 100 lines
    const rounds = Math.ceil(maxLines / (reserve.MaxConcurrency ?? 1));
    const forward =
      taskBudget(s.LoadOrder as State) +
      rounds * taskBudget(inner) +
      taskBudget(s.ChargePayment as State) +
      taskBudget(s.ConfirmOrder as State);
    const compensation =
      taskBudget(s.RefundPayment as State) +
      taskBudget(s.ReleaseStock as State) +
      taskBudget(s.RejectOrder as State);

    // Assess
    template.hasResourceProperties('AWS::StepFunctions::StateMachine', {
      StateMachineType: 'STANDARD',
      TracingConfiguration: { Enabled: true },
    });
    expect(forward + compensation).toBeGreaterThan(0);
    expect(definition.TimeoutSeconds).toBeGreaterThan(forward + compensation);
  });

  it('waits longer for each task than its function may run', () => {
    const [fn] = Object.values(
      template.findResources('AWS::Lambda::Function', {
        Properties: { Environment: { Variables: { POWERTOOLS_SERVICE_NAME: 'order-saga' } } },
      }),
    );
    const functionTimeout = fn?.Properties.Timeout as number;
    const tasks = [
      ...Object.values(definition.States),
      ...Object.values(definition.States.ReserveStock?.ItemProcessor?.States ?? {}),
    ].filter((st) => st.Type === 'Task');
    expect(tasks.length).toBe(7);
    for (const task of tasks) expect(task.TimeoutSeconds).toBeGreaterThan(functionTimeout);
  });

  it('retries transient errors with capped, jittered back-off and never retries business errors', () => {
    const tasks = [
      ...Object.values(definition.States),
      ...Object.values(definition.States.ReserveStock?.ItemProcessor?.States ?? {}),
    ].filter((st) => st.Type === 'Task');
    for (const task of tasks) {
      const [retry] = task.Retry ?? [];
      expect(retry).toMatchObject({ JitterStrategy: 'FULL', MaxDelaySeconds: expect.any(Number) });
      expect(retry?.ErrorEquals).toEqual(
        expect.arrayContaining([
          'Lambda.TooManyRequestsException',
          'Lambda.ServiceException',
          'States.Timeout',
          'Sandbox.Timedout',
          'VersionConflictError',
          'TransientStoreError',
        ]),
      );
      for (const business of [
        'StockRejected',
        'PaymentDeclined',
        'OrderNotConfirmable',
        'States.ALL',
      ])
        expect(retry?.ErrorEquals).not.toContain(business);
    }
  });

  it('compensates from every forward step, in reverse, and ends a failed compensation in CompensationFailed', () => {
    const s = definition.States;
    for (const step of ['ReserveStock', 'ChargePayment', 'ConfirmOrder']) {
      const [c] = s[step]?.Catch ?? [];
      expect(c?.ErrorEquals).toEqual(['States.ALL']);
      expect(s[c?.Next as string]?.Next).toBe('RefundPayment');
    }
    expect(s.RefundPayment?.Next).toBe('ReleaseStock');
    expect(s.ReleaseStock?.Next).toBe('RejectOrder');
    expect(s.RejectOrder?.Next).toBe('OrderRejected');
    for (const step of ['RefundPayment', 'ReleaseStock', 'RejectOrder']) {
      expect(s[step]?.Catch?.[0]).toEqual({
        ErrorEquals: ['States.ALL'],
        ResultPath: '$.compensationError',
        Next: 'CompensationFailed',
      });
    }
    expect(s.CompensationFailed).toMatchObject({ Type: 'Fail', Error: 'CompensationFailed' });
  });

  it('alarms on failed and timed-out executions and on CompensationFailed', () => {
    const alarms = Object.values(template.findResources('AWS::CloudWatch::Alarm')).map(
      (a) => a.Properties,
    );
    expect(
      alarms
        .filter((a) => a.Namespace === 'AWS/States')
        .map((a) => a.MetricName)
        .sort(),
    ).toEqual(['ExecutionsFailed', 'ExecutionsTimedOut']);
    expect(alarms.some((a) => a.MetricName === 'SagaCompensationFailed')).toBe(true);
    template.hasResourceProperties('AWS::Logs::MetricFilter', {
      FilterPattern: '{ $.type = "ExecutionFailed" && $.details.error = "CompensationFailed" }',
      MetricTransformations: [
        { MetricName: 'SagaCompensationFailed', MetricNamespace: 'eventline', MetricValue: '1' },
      ],
    });
  });

  it('starts sagas from OrderPlaced, never from replays', () => {
    const rules = Object.values(template.findResources('AWS::Events::Rule')).map(
      (r) => r.Properties.EventPattern,
    );
    expect(rules).toContainEqual({
      source: ['eventline.orders'],
      'detail-type': ['OrderPlaced'],
      'replay-name': [{ exists: false }],
    });
  });
});
