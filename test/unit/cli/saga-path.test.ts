import type { HistoryEvent, HistoryEventType } from '@aws-sdk/client-sfn';
import { describe, expect, it } from 'vitest';
import { sagaPath } from '../../../cli/saga-path';

/** A history in GetExecutionHistory's shape: event types and details as the Step Functions API reference names them. */
type Body = Omit<HistoryEvent, 'id' | 'timestamp'>;

function history(...events: Body[]): HistoryEvent[] {
  return events.map((e, i) => ({
    ...e,
    id: i + 1,
    timestamp: new Date(Date.UTC(2026, 0, 1, 0, 0, i)),
  }));
}
const entered = (type: HistoryEventType, name: string): Body => ({
  type,
  stateEnteredEventDetails: { name },
});
const exited = (type: HistoryEventType, name: string): Body => ({
  type,
  stateExitedEventDetails: { name },
});
const task = (outcome: 'TaskSucceeded' | { error: string; cause: string }): Body[] => [
  { type: 'TaskScheduled' },
  { type: 'TaskStarted' },
  outcome === 'TaskSucceeded'
    ? { type: 'TaskSucceeded' }
    : {
        type: 'TaskFailed',
        taskFailedEventDetails: { resourceType: 'lambda', resource: 'invoke', ...outcome },
      },
];
const step = (name: string): Body[] => [
  entered('TaskStateEntered', name),
  ...task('TaskSucceeded'),
  exited('TaskStateExited', name),
];

describe('Function: sagaPath', () => {
  it('reads a declined charge, its retry and the compensation that follows the catch', () => {
    // Act: ChargePayment retried once, then declined and caught.
    const path = sagaPath(
      history(
        { type: 'ExecutionStarted' },
        ...step('LoadOrder'),
        entered('TaskStateEntered', 'ChargePayment'),
        ...task({ error: 'Lambda.ServiceException', cause: 'busy' }),
        ...task({ error: 'PaymentDeclined', cause: 'card declined' }),
        entered('PassStateEntered', 'ChargePaymentFailed'),
        exited('PassStateExited', 'ChargePaymentFailed'),
        ...step('RefundPayment'),
        ...step('ReleaseStock'),
        ...step('RejectOrder'),
        entered('SucceedStateEntered', 'OrderRejected'),
        exited('SucceedStateExited', 'OrderRejected'),
        { type: 'ExecutionSucceeded' },
      ),
    );

    // Assess
    expect(path.compensated).toBe(true);
    expect(path.error).toBeUndefined();
    expect(path.steps.map((s) => [s.state, s.phase, s.attempts])).toEqual([
      ['LoadOrder', 'forward', 1],
      ['ChargePayment', 'forward', 2],
      ['ChargePaymentFailed', 'compensation', 0],
      ['RefundPayment', 'compensation', 1],
      ['ReleaseStock', 'compensation', 1],
      ['RejectOrder', 'compensation', 1],
      ['OrderRejected', 'compensation', 0],
    ]);
    expect(path.steps[1]).toMatchObject({ error: 'PaymentDeclined', cause: 'card declined' });
    expect(path.steps[0]).toMatchObject({
      entered: '2026-01-01T00:00:01.000Z',
      exited: '2026-01-01T00:00:05.000Z',
    });
  });

  it('does not count a retried task that then succeeds as a compensation', () => {
    // Act
    const path = sagaPath(
      history(
        entered('TaskStateEntered', 'ChargePayment'),
        ...task({ error: 'Lambda.TooManyRequestsException', cause: 'throttled' }),
        ...task('TaskSucceeded'),
        exited('TaskStateExited', 'ChargePayment'),
        ...step('ConfirmOrder'),
        { type: 'ExecutionSucceeded' },
      ),
    );

    // Assess
    expect(path.compensated).toBe(false);
    expect(path.steps.map((s) => s.phase)).toEqual(['forward', 'forward']);
    expect(path.steps[0]).toMatchObject({ attempts: 2, error: 'Lambda.TooManyRequestsException' });
  });

  it('puts a failed Map iteration on the Map state and reads the execution’s own failure', () => {
    // Act
    const path = sagaPath(
      history(
        entered('MapStateEntered', 'ReserveStock'),
        { type: 'MapStateStarted' },
        {
          type: 'MapIterationStarted',
          mapIterationStartedEventDetails: { name: 'ReserveStock', index: 0 },
        },
        entered('TaskStateEntered', 'ReserveLine'),
        ...task({ error: 'InsufficientStock', cause: 'SKU-1 has 0' }),
        {
          type: 'MapIterationFailed',
          mapIterationFailedEventDetails: { name: 'ReserveStock', index: 0 },
        },
        { type: 'MapStateFailed' },
        entered('PassStateEntered', 'ReserveStockFailed'),
        exited('PassStateExited', 'ReserveStockFailed'),
        entered('TaskStateEntered', 'RefundPayment'),
        ...task({ error: 'States.Timeout', cause: 'timed out' }),
        entered('FailStateEntered', 'CompensationFailed'),
        {
          type: 'ExecutionFailed',
          executionFailedEventDetails: { error: 'CompensationFailed', cause: 'timed out' },
        },
      ),
    );

    // Assess
    expect(path).toMatchObject({
      error: 'CompensationFailed',
      cause: 'timed out',
      compensated: true,
    });
    expect(path.steps.map((s) => [s.state, s.phase, s.error])).toEqual([
      ['ReserveStock', 'forward', 'MapStateFailed'],
      ['ReserveLine', 'forward', 'InsufficientStock'],
      ['ReserveStockFailed', 'compensation', undefined],
      ['RefundPayment', 'compensation', 'States.Timeout'],
      ['CompensationFailed', 'compensation', undefined],
    ]);
  });
});
