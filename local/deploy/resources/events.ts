import type { Target } from '@aws-sdk/client-eventbridge';
import {
  CreateArchiveCommand,
  CreateEventBusCommand,
  PutRuleCommand,
  PutTargetsCommand,
} from '@aws-sdk/client-eventbridge';
import type { Provisioner } from '../types';
import { arnName, list, num, str } from './util';

/** `AWS::Events::EventBus` becomes a bus of the local EventBridge. */
export const provisionEventBus: Provisioner = async (request, ctx) => {
  const name = str(request.properties, 'Name') ?? ctx.physicalName(request, 256);
  const out = await ctx.clients.events.send(new CreateEventBusCommand({ Name: name }));
  return { ref: name, attributes: { Arn: out.EventBusArn, Name: name } };
};

/**
 * `AWS::Events::Rule` becomes a rule with its pattern, state and targets
 * (input, input path, input transformer, retry policy, DLQ). Schedule rules
 * are refused: the local cloud has no scheduler.
 */
export const provisionRule: Provisioner = async (request, ctx) => {
  const p = request.properties;
  if (p.ScheduleExpression !== undefined) {
    throw new Error('schedule expressions are not supported by the local cloud');
  }
  const name = str(p, 'Name') ?? ctx.physicalName(request, 64);
  const busRef = str(p, 'EventBusName') ?? 'default';
  // The property may hold a bus name or ARN.
  const busName = busRef.startsWith('arn:') ? arnName(busRef) : busRef;
  const out = await ctx.clients.events.send(
    new PutRuleCommand({
      Name: name,
      EventBusName: busName,
      EventPattern: p.EventPattern === undefined ? undefined : JSON.stringify(p.EventPattern),
      State: (str(p, 'State') ?? 'ENABLED') as 'ENABLED' | 'DISABLED',
      Description: str(p, 'Description'),
    }),
  );
  const targets = list(p, 'Targets').map((t) => toTarget(t));
  if (targets.length > 0) {
    const result = await ctx.clients.events.send(
      new PutTargetsCommand({ Rule: name, EventBusName: busName, Targets: targets }),
    );
    if ((result.FailedEntryCount ?? 0) > 0) {
      const reasons = (result.FailedEntries ?? [])
        .map((f) => `${f.TargetId}: ${f.ErrorCode} ${f.ErrorMessage}`)
        .join('; ');
      throw new Error(`targets of rule ${name} were refused: ${reasons}`);
    }
  }
  return {
    ref: busName === 'default' ? name : `${busName}|${name}`,
    attributes: { Arn: out.RuleArn },
  };
};

function toTarget(t: Record<string, unknown>): Target {
  const retry = t.RetryPolicy as Record<string, unknown> | undefined;
  return {
    Id: String(t.Id),
    Arn: String(t.Arn),
    ...(t.Input !== undefined ? { Input: String(t.Input) } : {}),
    ...(t.InputPath !== undefined ? { InputPath: String(t.InputPath) } : {}),
    ...(t.InputTransformer
      ? { InputTransformer: t.InputTransformer as Target['InputTransformer'] }
      : {}),
    ...(retry
      ? {
          RetryPolicy: {
            MaximumRetryAttempts: num(retry, 'MaximumRetryAttempts'),
            MaximumEventAgeInSeconds: num(retry, 'MaximumEventAgeInSeconds'),
          },
        }
      : {}),
    ...(t.DeadLetterConfig
      ? { DeadLetterConfig: t.DeadLetterConfig as Target['DeadLetterConfig'] }
      : {}),
    ...(t.SqsParameters ? { SqsParameters: t.SqsParameters as Target['SqsParameters'] } : {}),
    ...(t.RoleArn !== undefined ? { RoleArn: String(t.RoleArn) } : {}),
  };
}

/** `AWS::Events::Archive` becomes an archive of the local EventBridge. */
export const provisionArchive: Provisioner = async (request, ctx) => {
  const p = request.properties;
  const name = str(p, 'ArchiveName') ?? ctx.physicalName(request, 48);
  const out = await ctx.clients.events.send(
    new CreateArchiveCommand({
      ArchiveName: name,
      EventSourceArn: str(p, 'SourceArn'),
      EventPattern: p.EventPattern === undefined ? undefined : JSON.stringify(p.EventPattern),
      RetentionDays: num(p, 'RetentionDays'),
      Description: str(p, 'Description'),
    }),
  );
  return { ref: name, attributes: { Arn: out.ArchiveArn, ArchiveName: name } };
};
