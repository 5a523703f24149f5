import type {
  CancelMessageMoveTaskCommandInput,
  CancelMessageMoveTaskCommandOutput,
  ListMessageMoveTasksCommandInput,
  ListMessageMoveTasksCommandOutput,
  StartMessageMoveTaskCommandInput,
  StartMessageMoveTaskCommandOutput,
} from '@aws-sdk/client-sqs';
import type { Answer, OperationTable, Request } from '../../../core/operations';
import { defineOperations } from '../../../core/operations';
import { optionalIntegerInRange } from '../../../core/validators';
import { SqsRanges } from '../constants';
import { SqsErrors } from '../errors';
import type { MoveTask } from '../MessageMoveTasks';
import type { SqsService } from '../SqsService';
import { optionalInteger, requiredString } from './wire';

/** StartMessageMoveTask, ListMessageMoveTasks, CancelMessageMoveTask. */
export function moveTaskOperations(sqs: SqsService): OperationTable {
  return defineOperations({
    StartMessageMoveTask: (
      input: Request<StartMessageMoveTaskCommandInput>,
    ): Answer<StartMessageMoveTaskCommandOutput> => {
      const destination = input.DestinationArn;
      if (destination !== undefined && typeof destination !== 'string')
        throw SqsErrors.invalidParameter('DestinationArn', destination, 'It must be a queue ARN.');
      const task = sqs.moveTasks.start(
        requiredString(input, 'SourceArn'),
        destination,
        optionalInteger(input, 'MaxNumberOfMessagesPerSecond'),
      );
      return { TaskHandle: task.handle };
    },

    ListMessageMoveTasks: (
      input: Request<ListMessageMoveTasksCommandInput>,
    ): Answer<ListMessageMoveTasksCommandOutput> => {
      const max =
        optionalIntegerInRange(
          'MaxResults',
          optionalInteger(input, 'MaxResults'),
          SqsRanges.moveTaskResults,
          SqsErrors.outOfRange(),
        ) ?? 1;
      return { Results: sqs.moveTasks.list(requiredString(input, 'SourceArn'), max).map(toEntry) };
    },

    CancelMessageMoveTask: (
      input: Request<CancelMessageMoveTaskCommandInput>,
    ): Answer<CancelMessageMoveTaskCommandOutput> => {
      const task = sqs.moveTasks.cancel(requiredString(input, 'TaskHandle'));
      return { ApproximateNumberOfMessagesMoved: task.moved };
    },
  });
}

function toEntry(t: MoveTask) {
  return {
    ...(t.status === 'RUNNING' ? { TaskHandle: t.handle } : {}),
    Status: t.status,
    SourceArn: t.sourceArn,
    ...(t.destinationArn ? { DestinationArn: t.destinationArn } : {}),
    ...(t.maxNumberOfMessagesPerSecond
      ? { MaxNumberOfMessagesPerSecond: t.maxNumberOfMessagesPerSecond }
      : {}),
    ApproximateNumberOfMessagesMoved: t.moved,
    ApproximateNumberOfMessagesToMove: t.toMove,
    ...(t.failureReason ? { FailureReason: t.failureReason } : {}),
    StartedTimestamp: t.startedAt,
  };
}
