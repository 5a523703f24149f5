import { ExecutionAlreadyExists, SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import type { Context, SQSEvent } from 'aws-lambda';
import { consumeEventBatch } from '../../shared/consumer';
import { createPowertools, requireEnv } from '../../shared/runtime/powertools';
import { executionNameFor } from '../../shared/saga';

const tools = createPowertools('saga-starter');
const sfn = tools.tracer.captureAWSv3Client(new SFNClient({}));
const stateMachineArn = requireEnv('SAGA_STATE_MACHINE_ARN');

/**
 * Starts the order saga for each `OrderPlaced` (never a replay: the rule
 * excludes them). The execution is named after the order and its input holds
 * ids only, so a duplicate delivery sends an identical request: Step
 * Functions answers a running execution's own name and input with that
 * execution, and `ExecutionAlreadyExists` for a closed one — both mean the
 * saga of this order exists, which is success.
 */
export const handler = async (event: SQSEvent, context: Context) => {
  tools.logger.addContext(context);
  return consumeEventBatch(event, context, {
    logger: tools.logger,
    handle: async (envelope, { logger }) => {
      if (envelope.type !== 'OrderPlaced') return;
      const name = executionNameFor(envelope.data.orderId);
      try {
        const out = await sfn.send(
          new StartExecutionCommand({
            stateMachineArn,
            name,
            // Canonical: the same keys in the same order for every delivery.
            input: JSON.stringify({
              orderId: envelope.data.orderId,
              correlationId: envelope.metadata.correlationId,
              causationId: envelope.metadata.eventId,
            }),
          }),
        );
        logger.info('saga started', { execution: name, executionArn: out.executionArn });
      } catch (error) {
        if (error instanceof ExecutionAlreadyExists) {
          logger.info('saga already exists', { execution: name });
          return;
        }
        throw error;
      }
    },
  });
};
