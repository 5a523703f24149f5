import type { RemovalPolicy } from 'aws-cdk-lib';
import { Duration, Stack } from 'aws-cdk-lib';
import type { IEventBus } from 'aws-cdk-lib/aws-events';
import type { CfnFunction } from 'aws-cdk-lib/aws-lambda';
import { FilterPattern, LogGroup, MetricFilter, RetentionDays } from 'aws-cdk-lib/aws-logs';
import type {
  IChainable,
  INextable,
  RetryProps,
  TaskStateBase,
} from 'aws-cdk-lib/aws-stepfunctions';
import {
  DefinitionBody,
  Errors,
  Fail,
  JitterType,
  JsonPath,
  LogLevel,
  Map as MapState,
  Pass,
  StateMachine,
  StateMachineType,
  Succeed,
  TaskInput,
  Timeout,
} from 'aws-cdk-lib/aws-stepfunctions';
import { LambdaInvoke } from 'aws-cdk-lib/aws-stepfunctions-tasks';
import { Construct } from 'constructs';
import { acknowledge } from '../nag-suppressions';
import { EventlineFunction } from './EventlineFunction';
import { QueueConsumer } from './QueueConsumer';

/** Errors a task retries: Lambda's transient errors, timeouts and crashes, the store's version conflict, the provider's hiccups. */
export const TRANSIENT_ERRORS = [
  'Lambda.ServiceException',
  'Lambda.AWSLambdaException',
  'Lambda.SdkClientException',
  'Lambda.TooManyRequestsException',
  Errors.TIMEOUT,
  // A function that timed out (Lambda reports `Sandbox.Timedout`) or died
  // without an error type (`Lambda.Unknown`) may have half-done its step;
  // every step is idempotent, so running it again is safe.
  'Sandbox.Timedout',
  'Lambda.Unknown',
  'VersionConflictError',
  'TransientPaymentError',
  // The store throttled or failed past the SDK's retries (shared/saga `TransientStoreError`).
  'TransientStoreError',
] as const;

/** Business outcomes: caught, never retried (a retry cannot change them). */
export const BUSINESS_ERRORS = ['StockRejected', 'PaymentDeclined', 'OrderNotConfirmable'] as const;

/** The retry of every task: exponential back-off, capped, with full jitter. */
export const TASK_RETRY: RetryProps = {
  errors: [...TRANSIENT_ERRORS],
  interval: Duration.seconds(1),
  backoffRate: 2,
  maxAttempts: 6,
  maxDelay: Duration.seconds(20),
  jitterStrategy: JitterType.FULL,
};

/** How long the steps function may run; each task waits a little longer. */
export const STEP_FUNCTION_TIMEOUT = Duration.seconds(10);
export const TASK_TIMEOUT = Duration.seconds(15);
/** Most lines reserved at once. */
export const RESERVE_CONCURRENCY = 5;
/** The whole execution's limit: above the worst retry budget of every step (a test checks it). */
export const SAGA_TIMEOUT = Duration.hours(2);

export interface OrderSagaProps {
  /** The bus whose `OrderPlaced` events start a saga. */
  readonly eventBus: IEventBus;
  /** @default RemovalPolicy.DESTROY */
  readonly logRemovalPolicy?: RemovalPolicy;
  /** @default RetentionDays.ONE_MONTH */
  readonly logRetention?: RetentionDays;
}

/**
 * The order saga, a Step Functions Standard workflow: load the order's lines,
 * reserve each (inline Map, bounded concurrency), charge the payment, confirm.
 * Any forward step's failure — a business error, or a transient one that
 * outlived its retries (`States.ALL`, timeouts included: a failed step may have
 * half-succeeded) — enters the compensation in reverse: refund, release every
 * line, reject the order with a reason naming the step and error. A
 * compensation that still fails after its retries ends in `CompensationFailed`
 * (alarmed). An `OrderPlaced` starts it through a starter queue and function
 * that names the execution after the order.
 */
export class OrderSaga extends Construct {
  readonly stateMachine: StateMachine;
  /** Runs every step (dispatching on `step`). */
  readonly stepsFunction: EventlineFunction;
  /** `OrderPlaced` → queue → StartExecution. */
  readonly starter: QueueConsumer;
  /** Executions that ended in `CompensationFailed`, from the execution log. */
  readonly compensationFailures: MetricFilter;
  readonly logGroup: LogGroup;

  constructor(scope: Construct, id: string, props: OrderSagaProps) {
    super(scope, id);
    this.stepsFunction = new EventlineFunction(this, 'Steps', {
      functionDir: 'order-saga',
      timeout: STEP_FUNCTION_TIMEOUT,
      ...(props.logRemovalPolicy ? { logRemovalPolicy: props.logRemovalPolicy } : {}),
    });
    const step = (name: string, stepName: string, extra: Record<string, unknown> = {}) =>
      new LambdaInvoke(this, name, {
        lambdaFunction: this.stepsFunction,
        payload: TaskInput.fromObject({
          step: stepName,
          orderId: JsonPath.stringAt('$.orderId'),
          correlationId: JsonPath.stringAt('$.correlationId'),
          execution: JsonPath.stringAt('$$.Execution.Name'),
          ...extra,
        }),
        // Our retry below replaces the default one on Lambda service errors.
        retryOnServiceExceptions: false,
        taskTimeout: Timeout.duration(TASK_TIMEOUT),
        resultPath: JsonPath.DISCARD,
      }).addRetry(TASK_RETRY);

    // Compensation, in reverse order of the forward steps.
    const compensationFailed = new Fail(this, 'CompensationFailed', {
      error: 'CompensationFailed',
      causePath: JsonPath.stringAt('$.compensationError.Cause'),
    });
    const catchCompensation = (task: TaskStateBase): TaskStateBase => {
      task.addCatch(compensationFailed, {
        errors: [Errors.ALL],
        resultPath: '$.compensationError',
      });
      return task;
    };
    const rejected = new Succeed(this, 'OrderRejected', {
      comment: 'Compensated: the order is cancelled, its stock released and its payment refunded',
    });
    const refund = catchCompensation(step('RefundPayment', 'RefundPayment'));
    const release = catchCompensation(step('ReleaseStock', 'ReleaseStock'));
    const reject = catchCompensation(
      step('RejectOrder', 'RejectOrder', {
        failedStep: JsonPath.stringAt('$.failedStep'),
        error: JsonPath.objectAt('$.error'),
      }),
    );
    refund.next(release).next(reject).next(rejected);
    const compensateAfter = (failedStep: string) =>
      new Pass(this, `${failedStep}Failed`, {
        result: { value: failedStep },
        resultPath: '$.failedStep',
      }).next(refund);

    // Forward path.
    const loadOrder = new LambdaInvoke(this, 'LoadOrder', {
      lambdaFunction: this.stepsFunction,
      payload: TaskInput.fromObject({
        step: 'LoadOrder',
        orderId: JsonPath.stringAt('$.orderId'),
        correlationId: JsonPath.stringAt('$.correlationId'),
        execution: JsonPath.stringAt('$$.Execution.Name'),
      }),
      retryOnServiceExceptions: false,
      taskTimeout: Timeout.duration(TASK_TIMEOUT),
      resultSelector: { 'lines.$': '$.Payload.lines' },
      resultPath: '$.order',
    }).addRetry(TASK_RETRY);
    // Nothing is reserved, charged or changed before the lines are known.
    loadOrder.addCatch(new Fail(this, 'OrderNotLoaded', { error: 'OrderNotLoaded' }), {
      errors: [Errors.ALL],
    });
    const reserveLine = step('ReserveLine', 'ReserveStock', {
      line: JsonPath.objectAt('$.line'),
    });
    const reserveStock = new MapState(this, 'ReserveStock', {
      itemsPath: '$.order.lines',
      maxConcurrency: RESERVE_CONCURRENCY,
      itemSelector: {
        'line.$': '$$.Map.Item.Value',
        'orderId.$': '$.orderId',
        'correlationId.$': '$.correlationId',
      },
      resultPath: JsonPath.DISCARD,
    });
    reserveStock.itemProcessor(reserveLine);
    const charge = step('ChargePayment', 'ChargePayment');
    const confirm = step('ConfirmOrder', 'ConfirmOrder');
    for (const [state, name] of [
      [reserveStock, 'ReserveStock'],
      [charge, 'ChargePayment'],
      [confirm, 'ConfirmOrder'],
    ] as const) {
      state.addCatch(compensateAfter(name), { errors: [Errors.ALL], resultPath: '$.error' });
    }
    const definition: IChainable & INextable = loadOrder;
    loadOrder
      .next(reserveStock)
      .next(charge)
      .next(confirm)
      .next(new Succeed(this, 'OrderConfirmed'));

    this.logGroup = new LogGroup(this, 'ExecutionLogs', {
      retention: props.logRetention ?? RetentionDays.ONE_MONTH,
      ...(props.logRemovalPolicy ? { removalPolicy: props.logRemovalPolicy } : {}),
    });
    this.stateMachine = new StateMachine(this, 'Resource', {
      stateMachineType: StateMachineType.STANDARD,
      definitionBody: DefinitionBody.fromChainable(definition),
      timeout: SAGA_TIMEOUT,
      tracingEnabled: true,
      logs: { destination: this.logGroup, level: LogLevel.ALL, includeExecutionData: false },
      comment: 'Order saga: reserve stock, charge payment, confirm — or compensate',
    });
    this.compensationFailures = new MetricFilter(this, 'CompensationFailures', {
      logGroup: this.logGroup,
      filterPattern: FilterPattern.literal(
        '{ $.type = "ExecutionFailed" && $.details.error = "CompensationFailed" }',
      ),
      metricNamespace: 'eventline',
      metricName: 'SagaCompensationFailed',
      metricValue: '1',
      defaultValue: 0,
    });
    const stack = Stack.of(this);
    const stepsLogicalId = stack.resolve(
      stack.getLogicalId(this.stepsFunction.node.defaultChild as CfnFunction),
    ) as string;
    acknowledge(this.stateMachine.role, [
      {
        id: 'AwsSolutions::AwsSolutions-IAM5[Resource::*]',
        reason:
          'Execution logging to CloudWatch Logs (logs:CreateLogDelivery and the other log-delivery actions) and X-Ray tracing (xray:PutTraceSegments, xray:PutTelemetryRecords, xray:GetSampling*) support no resource-level permissions, so their resource is "*".',
      },
      {
        id: `AwsSolutions::AwsSolutions-IAM5[Resource::<${stepsLogicalId}.Arn>:*]`,
        reason:
          "lambda:InvokeFunction on the steps function's versions and aliases (`<arn>:*`), as CDK's LambdaInvoke grants it; the function is this saga's own.",
      },
    ]);

    this.starter = new QueueConsumer(this, 'Starter', {
      eventBus: props.eventBus,
      events: ['OrderPlaced'],
      sideEffects: true,
      functionDir: 'saga-starter',
      timeout: Duration.seconds(10),
      ...(props.logRemovalPolicy ? { logRemovalPolicy: props.logRemovalPolicy } : {}),
    });
    this.starter.function.addEnvironment(
      'SAGA_STATE_MACHINE_ARN',
      this.stateMachine.stateMachineArn,
    );
    this.stateMachine.grantStartExecution(this.starter.function);
  }
}
