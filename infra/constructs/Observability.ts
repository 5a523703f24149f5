import { Duration, Stack } from 'aws-cdk-lib';
import type { IAlarm, IMetric } from 'aws-cdk-lib/aws-cloudwatch';
import {
  Alarm,
  ComparisonOperator,
  Dashboard,
  GraphWidget,
  Metric,
  TreatMissingData,
} from 'aws-cdk-lib/aws-cloudwatch';
import type { IRule } from 'aws-cdk-lib/aws-events';
import type { Function as LambdaFunction } from 'aws-cdk-lib/aws-lambda';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import type { IStateMachine } from 'aws-cdk-lib/aws-stepfunctions';
import type { IConstruct } from 'constructs';
import { Construct } from 'constructs';

export interface ObservabilityProps {
  /** Functions watched for errors and throttles. */
  readonly functions: readonly LambdaFunction[];
  /** The outbox publisher, watched for iterator age. */
  readonly outboxFunction: LambdaFunction;
  /** Queues where failures wait for an operator (DLQs, failure destinations). */
  readonly failureQueues: readonly IQueue[];
  /**
   * Rules whose target deliveries are watched (`AWS/Events` `FailedInvocations`).
   * @default - none (the command side has no rules; consumers add theirs)
   */
  readonly rules?: readonly IRule[];
  /**
   * Consumer queues, watched for the age of their oldest message (a consumer
   * falling behind or stuck).
   * @default - none
   */
  readonly consumerQueues?: readonly IQueue[];
  /**
   * Age of the oldest message of a consumer queue that raises the alarm.
   * @default Duration.minutes(5)
   */
  readonly maxConsumerLag?: Duration;
  /**
   * Sagas, watched for failed and timed-out executions and for executions
   * that ended in `CompensationFailed`; their outcomes are on the dashboard.
   * @default - none
   */
  readonly sagas?: readonly {
    readonly stateMachine: IStateMachine;
    readonly compensationFailed: IMetric;
  }[];
  /**
   * Outbox lag that raises the alarm.
   * @default Duration.minutes(1)
   */
  readonly maxOutboxLag?: Duration;
}

/**
 * Alarms on everything that means "an event is stuck or lost": messages in a
 * failure queue and their age, the outbox falling behind the table's stream,
 * and function errors and throttles; and one dashboard showing them.
 */
export class Observability extends Construct {
  readonly alarms: IAlarm[] = [];
  readonly dashboard: Dashboard;

  constructor(scope: Construct, id: string, props: ObservabilityProps) {
    super(scope, id);
    this.dashboard = new Dashboard(this, 'Dashboard');
    const lagSeconds = (props.maxOutboxLag ?? Duration.minutes(1)).toSeconds();

    props.failureQueues.forEach((queue, i) => {
      const depth = queue.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(1) });
      const age = queue.metricApproximateAgeOfOldestMessage({ period: Duration.minutes(1) });
      this.#alarm(`FailureQueue${i}Depth`, depth, 1, `A message is waiting in ${queue.node.path}`);
      this.#alarm(
        `FailureQueue${i}Age`,
        age,
        3600,
        `A message has waited an hour in ${queue.node.path}`,
      );
      this.dashboard.addWidgets(
        new GraphWidget({ title: `${queue.node.id}: depth and age`, left: [depth], right: [age] }),
      );
    });

    const consumerLag = (props.maxConsumerLag ?? Duration.minutes(5)).toSeconds();
    for (const queue of props.consumerQueues ?? []) {
      const age = queue.metricApproximateAgeOfOldestMessage({ period: Duration.minutes(1) });
      const id = uniqueName(queue);
      this.#alarm(
        `${id}QueueAge`,
        age,
        consumerLag,
        `A message has waited ${consumerLag} s in ${queue.node.path}: its consumer is behind or failing`,
      );
      this.dashboard.addWidgets(
        new GraphWidget({ title: `${id}: age of oldest message (s)`, left: [age] }),
      );
    }

    for (const saga of props.sagas ?? []) {
      const name = uniqueName(saga.stateMachine);
      const period = { period: Duration.minutes(1) };
      const failed = saga.stateMachine.metricFailed(period);
      const timedOut = saga.stateMachine.metricTimedOut(period);
      this.#alarm(
        `${name}ExecutionsFailed`,
        failed,
        1,
        `Executions of ${saga.stateMachine.node.path} failed`,
      );
      this.#alarm(
        `${name}ExecutionsTimedOut`,
        timedOut,
        1,
        `Executions of ${saga.stateMachine.node.path} timed out`,
      );
      this.#alarm(
        `${name}CompensationFailed`,
        saga.compensationFailed,
        1,
        `A saga of ${saga.stateMachine.node.path} could not finish its compensation: an order is half undone`,
      );
      this.dashboard.addWidgets(
        new GraphWidget({
          title: `${name}: saga outcomes`,
          left: [
            saga.stateMachine.metricSucceeded(period),
            failed,
            timedOut,
            saga.compensationFailed,
          ],
        }),
      );
    }

    const iteratorAge = props.outboxFunction.metric('IteratorAge', {
      statistic: 'Maximum',
      period: Duration.minutes(1),
    });
    this.#alarm(
      'OutboxIteratorAge',
      iteratorAge,
      lagSeconds * 1000,
      'The outbox is behind the event table',
    );
    this.dashboard.addWidgets(
      new GraphWidget({ title: 'Outbox iterator age (ms)', left: [iteratorAge] }),
    );

    for (const rule of props.rules ?? []) {
      const failed = new Metric({
        namespace: 'AWS/Events',
        metricName: 'FailedInvocations',
        dimensionsMap: { RuleName: rule.ruleName },
        statistic: 'Sum',
        period: Duration.minutes(1),
      });
      this.#alarm(
        `${uniqueName(rule)}FailedInvocations`,
        failed,
        1,
        `Deliveries of rule ${rule.node.path} failed`,
      );
      this.dashboard.addWidgets(
        new GraphWidget({ title: `${uniqueName(rule)}: failed deliveries`, left: [failed] }),
      );
    }

    for (const fn of props.functions) {
      const name = uniqueName(fn);
      const errors = fn.metricErrors({ period: Duration.minutes(1) });
      const throttles = fn.metricThrottles({ period: Duration.minutes(1) });
      this.#alarm(`${name}Errors`, errors, 1, `${fn.node.path} failed`);
      this.#alarm(`${name}Throttles`, throttles, 1, `${fn.node.path} was throttled`);
      this.dashboard.addWidgets(
        new GraphWidget({ title: `${name}: errors, throttles`, left: [errors, throttles] }),
      );
    }
  }

  #alarm(id: string, metric: IMetric, threshold: number, description: string): void {
    this.alarms.push(
      new Alarm(this, id, {
        metric,
        threshold,
        evaluationPeriods: 1,
        comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: TreatMissingData.NOT_BREACHING,
        alarmDescription: description,
      }),
    );
  }
}

/**
 * A name for a construct that no other construct of the stack shares: its
 * path below the stack, without separators (two consumers both have a
 * `Function` and a `Rule`).
 */
function uniqueName(construct: IConstruct): string {
  const stackDepth = Stack.of(construct).node.scopes.length;
  return construct.node.scopes
    .slice(stackDepth)
    .map((c) => c.node.id.replace(/[^A-Za-z0-9]/g, ''))
    .join('');
}
