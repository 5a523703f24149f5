import type {
  CreateQueueCommandInput,
  CreateQueueCommandOutput,
  DeleteQueueCommandInput,
  DeleteQueueCommandOutput,
  GetQueueAttributesCommandInput,
  GetQueueAttributesCommandOutput,
  GetQueueUrlCommandInput,
  GetQueueUrlCommandOutput,
  ListDeadLetterSourceQueuesCommandInput,
  ListDeadLetterSourceQueuesCommandOutput,
  ListQueuesCommandInput,
  ListQueuesCommandOutput,
  ListQueueTagsCommandInput,
  ListQueueTagsCommandOutput,
  PurgeQueueCommandInput,
  PurgeQueueCommandOutput,
  SetQueueAttributesCommandInput,
  SetQueueAttributesCommandOutput,
  TagQueueCommandInput,
  TagQueueCommandOutput,
  UntagQueueCommandInput,
  UntagQueueCommandOutput,
} from '@aws-sdk/client-sqs';
import type { Answer, OperationTable, Request } from '../../../core/operations';
import { defineOperations } from '../../../core/operations';
import { COMPUTED_QUEUE_ATTRIBUTES, SETTABLE_QUEUE_ATTRIBUTES, SqsLimits } from '../constants';
import { SqsErrors } from '../errors';
import type { Queue } from '../Queue';
import { normalizeQueueAttributes } from '../queue-attributes';
import type { SqsService } from '../SqsService';
import { page, requiredString, stringList, stringMap } from './wire';

const MAX_TAGS = 50;

/** CreateQueue, DeleteQueue, GetQueueUrl, ListQueues, attributes, tags, PurgeQueue, ListDeadLetterSourceQueues. */
export function queueOperations(sqs: SqsService): OperationTable {
  const clock = sqs.context.clock;
  const byName = (a: Queue, b: Queue) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
  return defineOperations({
    CreateQueue: (input: Request<CreateQueueCommandInput>): Answer<CreateQueueCommandOutput> => {
      const tags = stringMap(input.tags, 'tags');
      if (Object.keys(tags).length > MAX_TAGS)
        throw SqsErrors.invalidParameterValue(
          `Too many tags (${Object.keys(tags).length}); the limit is ${MAX_TAGS}.`,
        );
      const queue = sqs.registry.createQueue(
        requiredString(input, 'QueueName'),
        input.Attributes,
        tags,
      );
      return { QueueUrl: queue.url };
    },

    DeleteQueue: (input: Request<DeleteQueueCommandInput>): Answer<DeleteQueueCommandOutput> => {
      sqs.registry.deleteQueue(sqs.registry.queueByUrl(input.QueueUrl));
      return {};
    },

    GetQueueUrl: (input: Request<GetQueueUrlCommandInput>): Answer<GetQueueUrlCommandOutput> => {
      const name = requiredString(input, 'QueueName');
      const owner = input.QueueOwnerAWSAccountId;
      if (owner !== undefined && owner !== sqs.context.accountId)
        throw SqsErrors.queueDoesNotExist(`${owner}/${name}`);
      return { QueueUrl: sqs.registry.queueByName(name).url };
    },

    ListQueues: (input: Request<ListQueuesCommandInput>): Answer<ListQueuesCommandOutput> => {
      const prefix = typeof input.QueueNamePrefix === 'string' ? input.QueueNamePrefix : '';
      const queues = sqs.registry.queues.filter((q) => q.name.startsWith(prefix)).sort(byName);
      const { items, nextToken } = page(queues, (q) => q.name, input, SqsLimits.maxListQueues);
      return {
        ...(items.length > 0 ? { QueueUrls: items.map((q) => q.url) } : {}),
        ...(nextToken ? { NextToken: nextToken } : {}),
      };
    },

    GetQueueAttributes: (
      input: Request<GetQueueAttributesCommandInput>,
    ): Answer<GetQueueAttributesCommandOutput> => {
      const queue = sqs.registry.queueByUrl(input.QueueUrl);
      const names = stringList(input, 'AttributeNames');
      for (const name of names) {
        if (
          name !== 'All' &&
          !(name in SETTABLE_QUEUE_ATTRIBUTES) &&
          !COMPUTED_QUEUE_ATTRIBUTES.has(name)
        )
          throw SqsErrors.invalidAttributeName(`Unknown Attribute ${name}.`);
      }
      const counts = queue.counts();
      const all: Record<string, string> = {
        QueueArn: queue.arn,
        ApproximateNumberOfMessages: String(counts.visible),
        ApproximateNumberOfMessagesNotVisible: String(counts.inFlight),
        ApproximateNumberOfMessagesDelayed: String(counts.delayed),
        CreatedTimestamp: String(Math.floor(queue.createdAt / 1000)),
        LastModifiedTimestamp: String(Math.floor(queue.lastModifiedAt / 1000)),
        ...queue.attributes,
      };
      const wanted = names.includes('All') ? Object.keys(all) : names;
      const Attributes = Object.fromEntries(
        wanted.filter((n) => all[n] !== undefined).map((n) => [n, all[n] as string]),
      );
      return Object.keys(Attributes).length > 0 ? { Attributes } : {};
    },

    SetQueueAttributes: (
      input: Request<SetQueueAttributesCommandInput>,
    ): Answer<SetQueueAttributesCommandOutput> => {
      const queue = sqs.registry.queueByUrl(input.QueueUrl);
      if (input.Attributes === undefined) throw SqsErrors.missingParameter('Attributes');
      const attributes = normalizeQueueAttributes(input.Attributes, 'set');
      sqs.registry.checkRedrive(queue.arn, attributes);
      queue.setAttributes(attributes);
      return {};
    },

    PurgeQueue: (input: Request<PurgeQueueCommandInput>): Answer<PurgeQueueCommandOutput> => {
      const queue = sqs.registry.queueByUrl(input.QueueUrl);
      const now = clock.now();
      if (queue.lastPurgeAt !== undefined && now - queue.lastPurgeAt < SqsLimits.purgeWindowMs)
        throw SqsErrors.purgeQueueInProgress(queue.name);
      queue.lastPurgeAt = now;
      // Everything sent before the purge goes, in flight or not.
      queue.messages = queue.messages.filter((m) => m.sentAt > now);
      return {};
    },

    ListDeadLetterSourceQueues: (
      input: Request<ListDeadLetterSourceQueuesCommandInput>,
    ): Answer<ListDeadLetterSourceQueuesCommandOutput> => {
      const dlq = sqs.registry.queueByUrl(input.QueueUrl);
      const sources = sqs.registry.queues
        .filter((q) => q.redrivePolicy()?.deadLetterTargetArn === dlq.arn)
        .sort(byName);
      const { items, nextToken } = page(sources, (q) => q.name, input, SqsLimits.maxListQueues);
      return { queueUrls: items.map((q) => q.url), ...(nextToken ? { NextToken: nextToken } : {}) };
    },

    TagQueue: (input: Request<TagQueueCommandInput>): Answer<TagQueueCommandOutput> => {
      const queue = sqs.registry.queueByUrl(input.QueueUrl);
      const tags = stringMap(input.Tags, 'Tags');
      const total = new Set([...Object.keys(queue.tags), ...Object.keys(tags)]).size;
      if (total > MAX_TAGS)
        throw SqsErrors.invalidParameterValue(
          `Too many tags (${total}); the limit is ${MAX_TAGS}.`,
        );
      Object.assign(queue.tags, tags);
      return {};
    },

    UntagQueue: (input: Request<UntagQueueCommandInput>): Answer<UntagQueueCommandOutput> => {
      const queue = sqs.registry.queueByUrl(input.QueueUrl);
      for (const key of stringList(input, 'TagKeys')) delete queue.tags[key];
      return {};
    },

    ListQueueTags: (
      input: Request<ListQueueTagsCommandInput>,
    ): Answer<ListQueueTagsCommandOutput> => {
      const queue = sqs.registry.queueByUrl(input.QueueUrl);
      return Object.keys(queue.tags).length > 0 ? { Tags: { ...queue.tags } } : {};
    },
  });
}
