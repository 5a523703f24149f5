import { Duration } from 'aws-cdk-lib';
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
        `${rule.node.id}FailedInvocations`,
        failed,
        1,
        `Deliveries of rule ${rule.node.path} failed`,
      );
      this.dashboard.addWidgets(
        new GraphWidget({ title: `${rule.node.id}: failed deliveries`, left: [failed] }),
      );
    }

    for (const fn of props.functions) {
      const name = fn.node.id;
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
