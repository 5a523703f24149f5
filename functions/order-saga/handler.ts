import type { Context } from 'aws-lambda';
import { createDynamoDbClient } from '../../shared/runtime/dynamodb';
import { createPowertools } from '../../shared/runtime/powertools';
import { createSagaDeps } from '../../shared/runtime/saga';
import {
  asStepError,
  chargePayment,
  confirmOrder,
  orderLines,
  refundPayment,
  rejectOrder,
  releaseStock,
  reserveLine,
} from '../../shared/saga';
import * as z from '../../shared/zod';

const tools = createPowertools('order-saga');
const dynamodb = createDynamoDbClient(tools.tracer);
const deps = createSagaDeps(dynamodb);

const Base = {
  orderId: z.uuid(),
  execution: z.string().check(z.minLength(1), z.maxLength(80)),
  correlationId: z.string().check(z.minLength(1), z.maxLength(256)),
};
/** What the state machine sends each task: ids only (and a line's SKU and quantity). */
const StepInput = z.discriminatedUnion('step', [
  z.object({ step: z.literal('LoadOrder'), ...Base }),
  z.object({
    step: z.literal('ReserveStock'),
    ...Base,
    line: z.object({
      sku: z.string().check(z.minLength(1), z.maxLength(64)),
      quantity: z.int().check(z.positive()),
    }),
  }),
  z.object({ step: z.literal('ChargePayment'), ...Base }),
  z.object({ step: z.literal('ConfirmOrder'), ...Base }),
  z.object({ step: z.literal('RefundPayment'), ...Base }),
  z.object({ step: z.literal('ReleaseStock'), ...Base }),
  z.object({
    step: z.literal('RejectOrder'),
    ...Base,
    failedStep: z.string().check(z.minLength(1), z.maxLength(64)),
    error: z.partial(z.object({ Error: z.string(), Cause: z.optional(z.string()) })),
  }),
]);

/**
 * The order saga's steps, one function dispatching on `step` (each step sends
 * its command through the command handler; see `shared/saga`). Business
 * outcomes are thrown as named errors (`StockRejected`, `PaymentDeclined`,
 * `OrderNotConfirmable`) that the state machine catches without retrying.
 */
export const handler = async (event: unknown, context: Context) => {
  tools.logger.addContext(context);
  const input = StepInput.parse(event);
  tools.logger.appendKeys({
    correlation_id: input.correlationId,
    orderId: input.orderId,
    step: input.step,
  });
  const origin = { execution: input.execution, correlationId: input.correlationId };
  try {
    switch (input.step) {
      case 'LoadOrder':
        return { lines: await orderLines(deps, input.orderId) };
      case 'ReserveStock':
        return await reserveLine(deps, origin, input.orderId, input.line);
      case 'ChargePayment':
        return await chargePayment(deps, origin, input.orderId);
      case 'ConfirmOrder':
        return await confirmOrder(deps, origin, input.orderId);
      case 'RefundPayment':
        return await refundPayment(deps, origin, input.orderId);
      case 'ReleaseStock':
        return await releaseStock(deps, origin, input.orderId);
      case 'RejectOrder':
        return await rejectOrder(deps, origin, input.orderId, {
          step: input.failedStep,
          error: input.error.Error ?? 'unknown error',
          ...(input.error.Cause ? { cause: input.error.Cause } : {}),
        });
    }
  } catch (error) {
    tools.logger.warn('saga step failed', { error });
    throw asStepError(error);
  } finally {
    tools.logger.removeKeys(['correlation_id', 'orderId', 'step']);
  }
};
