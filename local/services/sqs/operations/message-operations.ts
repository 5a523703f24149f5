import type {
  ChangeMessageVisibilityBatchCommandInput,
  ChangeMessageVisibilityBatchCommandOutput,
  ChangeMessageVisibilityCommandInput,
  ChangeMessageVisibilityCommandOutput,
  DeleteMessageBatchCommandInput,
  DeleteMessageBatchCommandOutput,
  DeleteMessageCommandInput,
  DeleteMessageCommandOutput,
  ReceiveMessageCommandInput,
  ReceiveMessageCommandOutput,
  SendMessageBatchCommandInput,
  SendMessageBatchCommandOutput,
  SendMessageCommandInput,
  SendMessageCommandOutput,
} from '@aws-sdk/client-sqs';
import type { Answer, OperationTable, Request } from '../../../core/operations';
import { defineOperations } from '../../../core/operations';
import { SqsLimits } from '../constants';
import { SqsErrors } from '../errors';
import type { PreparedMessage } from '../prepare-message';
import { prepareMessage } from '../prepare-message';
import type { SqsService } from '../SqsService';
import { toSentMessage, toWireMessage } from '../wire-message';
import {
  batchEntries,
  eachEntry,
  failedEntry,
  optionalInteger,
  requiredString,
  stringList,
} from './wire';

/** SendMessage(+Batch), ReceiveMessage, DeleteMessage(+Batch), ChangeMessageVisibility(+Batch). */
export function messageOperations(sqs: SqsService): OperationTable {
  return defineOperations({
    SendMessage: (input: Request<SendMessageCommandInput>): Answer<SendMessageCommandOutput> => {
      const queue = sqs.registry.queueByUrl(input.QueueUrl);
      return toSentMessage(sqs.messages.enqueue(queue, prepareMessage(queue, input)));
    },

    SendMessageBatch: (
      input: Request<SendMessageBatchCommandInput>,
    ): Answer<SendMessageBatchCommandOutput> => {
      const queue = sqs.registry.queueByUrl(input.QueueUrl);
      const entries = batchEntries(input);
      const prepared = new Map<string, PreparedMessage>();
      const Failed: ReturnType<typeof failedEntry>[] = [];
      let bytes = 0;
      for (const entry of entries) {
        try {
          const message = prepareMessage(queue, entry);
          prepared.set(entry.Id, message);
          bytes += message.size;
        } catch (error) {
          if (!(error instanceof Error) || !('code' in error)) throw error;
          Failed.push(failedEntry(entry.Id, error));
          bytes += typeof entry.MessageBody === 'string' ? Buffer.byteLength(entry.MessageBody) : 0;
        }
      }
      // The whole request is refused when all messages together exceed the limit.
      if (bytes > SqsLimits.maxBatchBytes)
        throw SqsErrors.batchRequestTooLong(SqsLimits.maxBatchBytes, bytes);
      const Successful = [...prepared].map(([Id, message]) => ({
        Id,
        ...toSentMessage(sqs.messages.enqueue(queue, message)),
      }));
      return { Successful, Failed };
    },

    ReceiveMessage: async (
      input: Request<ReceiveMessageCommandInput>,
    ): Promise<Answer<ReceiveMessageCommandOutput>> => {
      const queue = sqs.registry.queueByUrl(input.QueueUrl);
      const received = await sqs.messages.receive(queue, {
        max: optionalInteger(input, 'MaxNumberOfMessages') ?? 1,
        visibilityTimeout:
          optionalInteger(input, 'VisibilityTimeout') ?? queue.number('VisibilityTimeout'),
        waitTimeSeconds:
          optionalInteger(input, 'WaitTimeSeconds') ??
          queue.number('ReceiveMessageWaitTimeSeconds'),
      });
      const systemNames = [
        ...stringList(input, 'AttributeNames'),
        ...stringList(input, 'MessageSystemAttributeNames'),
      ];
      const attributeNames = stringList(input, 'MessageAttributeNames');
      return {
        Messages: received.map((m) =>
          toWireMessage(m, systemNames, attributeNames, sqs.context.accountId),
        ),
      };
    },

    DeleteMessage: (
      input: Request<DeleteMessageCommandInput>,
    ): Answer<DeleteMessageCommandOutput> => {
      const queue = sqs.registry.queueByUrl(input.QueueUrl);
      sqs.messages.delete(queue, requiredString(input, 'ReceiptHandle'));
      return {};
    },

    DeleteMessageBatch: (
      input: Request<DeleteMessageBatchCommandInput>,
    ): Answer<DeleteMessageBatchCommandOutput> => {
      const queue = sqs.registry.queueByUrl(input.QueueUrl);
      return eachEntry(batchEntries(input), (entry) => {
        sqs.messages.delete(queue, requiredString(entry, 'ReceiptHandle'));
        return { Id: entry.Id };
      });
    },

    ChangeMessageVisibility: (
      input: Request<ChangeMessageVisibilityCommandInput>,
    ): Answer<ChangeMessageVisibilityCommandOutput> => {
      const queue = sqs.registry.queueByUrl(input.QueueUrl);
      sqs.messages.changeVisibility(
        queue,
        requiredString(input, 'ReceiptHandle'),
        requiredInteger(input, 'VisibilityTimeout'),
      );
      return {};
    },

    ChangeMessageVisibilityBatch: (
      input: Request<ChangeMessageVisibilityBatchCommandInput>,
    ): Answer<ChangeMessageVisibilityBatchCommandOutput> => {
      const queue = sqs.registry.queueByUrl(input.QueueUrl);
      return eachEntry(batchEntries(input), (entry) => {
        sqs.messages.changeVisibility(
          queue,
          requiredString(entry, 'ReceiptHandle'),
          requiredInteger(entry, 'VisibilityTimeout'),
        );
        return { Id: entry.Id };
      });
    },
  });
}

function requiredInteger(input: Record<string, unknown>, name: string): number {
  const value = optionalInteger(input, name);
  if (value === undefined) throw SqsErrors.missingParameter(name);
  return value;
}
