import { CreateQueueCommand } from '@aws-sdk/client-sqs';
import type { Provisioner } from '../types';
import { bool, num, obj, str } from './util';

/** Queue properties passed to `CreateQueue` as attributes (name → SQS attribute). */
const NUMERIC_ATTRIBUTES = [
  'DelaySeconds',
  'MaximumMessageSize',
  'MessageRetentionPeriod',
  'ReceiveMessageWaitTimeSeconds',
  'VisibilityTimeout',
  'KmsDataKeyReusePeriodSeconds',
] as const;

/**
 * `AWS::SQS::Queue` becomes a queue of the local SQS service with its
 * timeouts, retention and redrive policy. Encryption settings are accepted
 * (the local service keeps messages in memory).
 */
export const provisionQueue: Provisioner = async (request, ctx) => {
  const p = request.properties;
  const fifo = bool(p, 'FifoQueue') === true;
  const queueName =
    str(p, 'QueueName') ?? `${ctx.physicalName(request, fifo ? 75 : 80)}${fifo ? '.fifo' : ''}`;
  const attributes: Record<string, string> = {};
  for (const name of NUMERIC_ATTRIBUTES) {
    const value = num(p, name);
    if (value !== undefined) attributes[name] = String(value);
  }
  const redrive = obj(p, 'RedrivePolicy');
  if (Object.keys(redrive).length > 0) attributes.RedrivePolicy = JSON.stringify(redrive);
  const redriveAllow = obj(p, 'RedriveAllowPolicy');
  if (Object.keys(redriveAllow).length > 0) {
    attributes.RedriveAllowPolicy = JSON.stringify(redriveAllow);
  }
  if (fifo) attributes.FifoQueue = 'true';
  const out = await ctx.clients.sqs.send(
    new CreateQueueCommand({ QueueName: queueName, Attributes: attributes }),
  );
  return {
    ref: out.QueueUrl,
    attributes: {
      Arn: ctx.arn('sqs', queueName),
      QueueName: queueName,
      QueueUrl: out.QueueUrl,
    },
  };
};
