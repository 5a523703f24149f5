import type {
  ListTargetsByRuleCommandInput,
  ListTargetsByRuleCommandOutput,
  PutTargetsCommandInput,
  PutTargetsCommandOutput,
  RemoveTargetsCommandInput,
  RemoveTargetsCommandOutput,
} from '@aws-sdk/client-eventbridge';
import type { Answer, OperationOn, Request } from '../../../core/operations';
import { modelConstraintMessage } from '../../../core/validators';
import { arnService } from '../arns';
import { EventBridgeLimits, NamePatterns } from '../constants';
import { parseJsonPath } from '../delivery/json-path';
import type { EventBridgeState } from '../EventBridgeState';
import { EventBridgeErrors } from '../errors';
import type { Input } from '../request';
import {
  eventBusName,
  optionalInteger,
  optionalObject,
  optionalString,
  page,
  requiredList,
  requiredString,
  stringList,
} from '../request';
import type { InputTransformer, RetryPolicy, TargetRecord } from '../types';

const RULE_NAME = { min: 1, max: 64, pattern: NamePatterns.RESOURCE } as const;
const TARGET_ID = { min: 1, max: 64, pattern: NamePatterns.RESOURCE } as const;
/** Target services the local cloud's dispatcher reaches. */
const SUPPORTED_SERVICES = new Set(['sqs', 'lambda', 'states', 'events']);
/** Target parameters of services the local cloud does not emulate. */
const UNSUPPORTED_PARAMETERS = [
  'KinesisParameters',
  'RunCommandParameters',
  'EcsParameters',
  'BatchParameters',
  'HttpParameters',
  'RedshiftDataParameters',
  'SageMakerPipelineParameters',
  'AppSyncParameters',
] as const;

interface FailedEntry {
  TargetId: string;
  ErrorCode: string;
  ErrorMessage: string;
}

/** A target that breaks no model constraint but that AWS (or the local cloud) refuses. */
class TargetRefusal extends Error {}

/**
 * PutTargets: model constraints fail the whole call (ValidationException),
 * more than five targets on the rule is a LimitExceededException, and each
 * target that is refused on its merits is reported in `FailedEntries`
 * while the others are stored.
 */
export function putTargets(
  state: EventBridgeState,
  input: Request<PutTargetsCommandInput>,
): Answer<PutTargetsCommandOutput> {
  const ruleName = requiredString(input, 'Rule', RULE_NAME);
  const bus = state.bus(eventBusName(input));
  const entries = requiredList(input, 'Targets', 1, EventBridgeLimits.PUT_TARGETS_MAX_ENTRIES);
  const parsed = entries.map((entry, i) => parseTarget(entry, `targets.${i + 1}.member`));
  const rule = state.rule(bus, ruleName);
  const ids = new Set([...rule.targets.keys(), ...parsed.map((t) => t.id)]);
  if (ids.size > EventBridgeLimits.TARGETS_PER_RULE) {
    throw EventBridgeErrors.limitExceeded(
      `The requested resource exceeds the maximum number allowed: rule ${ruleName} would have ${ids.size} targets; a rule has at most ${EventBridgeLimits.TARGETS_PER_RULE}.`,
    );
  }
  const failed: FailedEntry[] = [];
  for (const target of parsed) {
    try {
      checkTarget(target);
      rule.targets.set(target.id, target);
    } catch (error) {
      if (!(error instanceof TargetRefusal)) throw error;
      failed.push({
        TargetId: target.id,
        ErrorCode: 'ValidationException',
        ErrorMessage: error.message,
      });
    }
  }
  return { FailedEntryCount: failed.length, FailedEntries: failed };
}

/** RemoveTargets: ids the rule does not have are not an error. */
export function removeTargets(
  state: EventBridgeState,
  input: Request<RemoveTargetsCommandInput>,
): Answer<RemoveTargetsCommandOutput> {
  const ruleName = requiredString(input, 'Rule', RULE_NAME);
  const bus = state.bus(eventBusName(input));
  const ids = stringList(
    requiredList(input, 'Ids', 1, EventBridgeLimits.REMOVE_TARGETS_MAX_IDS),
    'Ids',
  );
  const rule = state.rule(bus, ruleName);
  for (const id of ids) rule.targets.delete(id);
  return { FailedEntryCount: 0, FailedEntries: [] };
}

export function listTargetsByRule(
  state: EventBridgeState,
  input: Request<ListTargetsByRuleCommandInput>,
): Answer<ListTargetsByRuleCommandOutput> {
  const ruleName = requiredString(input, 'Rule', RULE_NAME);
  const bus = state.bus(eventBusName(input));
  const rule = state.rule(bus, ruleName);
  const { items, next } = page([...rule.targets.values()], input, EventBridgeLimits.LIST_MAX_LIMIT);
  // Each target as PutTargets accepted it (its fields checked there), echoed as given.
  const targets = items.map((t) => t.raw) as Answer<ListTargetsByRuleCommandOutput>['Targets'];
  return { Targets: targets, ...next };
}

function parseTarget(entry: unknown, path: string): TargetRecord {
  const raw = optionalObject({ entry }, 'entry', path);
  if (!raw) {
    throw EventBridgeErrors.validation(
      modelConstraintMessage(path, 'Member must not be null', null),
    );
  }
  const id = requiredString(raw, 'Id', TARGET_ID, `${path}.id`);
  const arn = requiredString(raw, 'Arn', { min: 1, max: 1600 }, `${path}.arn`);
  const input = optionalString(
    raw,
    'Input',
    { max: EventBridgeLimits.INPUT_MAX_LENGTH },
    `${path}.input`,
  );
  const inputPath = optionalString(
    raw,
    'InputPath',
    { max: EventBridgeLimits.INPUT_PATH_MAX_LENGTH },
    `${path}.inputPath`,
  );
  const transformer = optionalObject(raw, 'InputTransformer', `${path}.inputTransformer`);
  const retry = optionalObject(raw, 'RetryPolicy', `${path}.retryPolicy`) ?? {};
  const dlq = optionalObject(raw, 'DeadLetterConfig', `${path}.deadLetterConfig`);
  const retryPolicy: RetryPolicy = {
    maximumRetryAttempts:
      optionalInteger(
        retry,
        'MaximumRetryAttempts',
        0,
        EventBridgeLimits.MAX_RETRY_ATTEMPTS,
        `${path}.retryPolicy.maximumRetryAttempts`,
      ) ?? EventBridgeLimits.MAX_RETRY_ATTEMPTS,
    maximumEventAgeSeconds:
      optionalInteger(
        retry,
        'MaximumEventAgeInSeconds',
        EventBridgeLimits.MIN_EVENT_AGE_SECONDS,
        EventBridgeLimits.MAX_EVENT_AGE_SECONDS,
        `${path}.retryPolicy.maximumEventAgeInSeconds`,
      ) ?? EventBridgeLimits.MAX_EVENT_AGE_SECONDS,
  };
  const deadLetterArn = dlq
    ? optionalString(dlq, 'Arn', { min: 1, max: 1600 }, `${path}.deadLetterConfig.arn`)
    : undefined;
  optionalString(raw, 'RoleArn', { min: 1, max: 1600 }, `${path}.roleArn`);
  return {
    id,
    arn,
    ...(input !== undefined ? { input } : {}),
    ...(inputPath !== undefined ? { inputPath } : {}),
    ...(transformer
      ? { inputTransformer: parseTransformer(transformer, `${path}.inputTransformer`) }
      : {}),
    retryPolicy,
    ...(deadLetterArn !== undefined ? { deadLetterArn } : {}),
    raw,
  };
}

function parseTransformer(raw: Input, path: string): InputTransformer {
  const template = requiredString(
    raw,
    'InputTemplate',
    { min: 1, max: EventBridgeLimits.INPUT_TEMPLATE_MAX_LENGTH },
    `${path}.inputTemplate`,
  );
  const map = optionalObject(raw, 'InputPathsMap', `${path}.inputPathsMap`) ?? {};
  const entries = Object.entries(map);
  if (entries.length > EventBridgeLimits.INPUT_PATHS_MAX) {
    throw EventBridgeErrors.validation(
      modelConstraintMessage(
        `${path}.inputPathsMap`,
        `Member must have at most ${EventBridgeLimits.INPUT_PATHS_MAX} entries`,
      ),
    );
  }
  const inputPathsMap: Record<string, string> = {};
  for (const [key, value] of entries) {
    requiredString(
      { key },
      'key',
      { min: 1, max: 256, pattern: NamePatterns.INPUT_PATH_KEY },
      `${path}.inputPathsMap.key`,
    );
    inputPathsMap[key] = requiredString(
      { value },
      'value',
      { max: 256 },
      `${path}.inputPathsMap.value`,
    );
  }
  return { inputPathsMap, inputTemplate: template };
}

/** Refusals AWS makes per target, plus what the local cloud cannot do (said, never ignored). */
function checkTarget(target: TargetRecord): void {
  const { raw } = target;
  const inputs = [target.input, target.inputPath, target.inputTransformer].filter(
    (v) => v !== undefined,
  );
  if (inputs.length > 1) {
    throw new TargetRefusal('Only one of Input, InputPath, or InputTransformer may be specified.');
  }
  if (target.input !== undefined && !isJson(target.input)) {
    throw new TargetRefusal('Parameter Input is not valid. Reason: Input must be valid JSON text.');
  }
  try {
    if (target.inputPath !== undefined) parseJsonPath(target.inputPath);
    for (const path of Object.values(target.inputTransformer?.inputPathsMap ?? {}))
      parseJsonPath(path);
  } catch (error) {
    throw new TargetRefusal(`Invalid JSON path: ${(error as Error).message}`);
  }
  const service = arnService(target.arn);
  if (!target.arn.startsWith('arn:') || service === undefined) {
    throw new TargetRefusal(`Parameter Arn is not valid. Reason: '${target.arn}' is not an ARN.`);
  }
  if (!SUPPORTED_SERVICES.has(service)) {
    throw new TargetRefusal(
      `Targets of service '${service}' are not supported by the local cloud (it delivers to SQS, Lambda, Step Functions and event buses).`,
    );
  }
  for (const parameter of UNSUPPORTED_PARAMETERS) {
    if (raw[parameter] !== undefined) {
      throw new TargetRefusal(`${parameter} is not supported by the local cloud.`);
    }
  }
  if (service === 'sqs' && target.arn.endsWith('.fifo')) {
    throw new TargetRefusal(
      raw.SqsParameters === undefined
        ? 'Parameter(s) SqsParameters must be specified for FIFO queues.'
        : 'FIFO queue targets (SqsParameters.MessageGroupId) are not supported by the local cloud yet.',
    );
  }
  if (service === 'states' && raw.RoleArn === undefined) {
    throw new TargetRefusal(`RoleArn is required for target arn: ${target.arn}.`);
  }
  if (target.deadLetterArn !== undefined) {
    if (arnService(target.deadLetterArn) !== 'sqs') {
      throw new TargetRefusal(
        `Parameter DeadLetterConfig.Arn is not valid. Reason: '${target.deadLetterArn}' is not an SQS queue ARN.`,
      );
    }
    if (target.deadLetterArn.endsWith('.fifo')) {
      throw new TargetRefusal(
        'Parameter DeadLetterConfig.Arn is not valid. Reason: FIFO queues are not supported as dead-letter queues.',
      );
    }
  }
}

function isJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

/** PutTargets, RemoveTargets, ListTargetsByRule, over the bus state. */
export const targetOperations: Readonly<Record<string, OperationOn<EventBridgeState>>> = {
  PutTargets: putTargets,
  RemoveTargets: removeTargets,
  ListTargetsByRule: listTargetsByRule,
};
