import type {
  DeleteRuleCommandInput,
  DeleteRuleCommandOutput,
  DescribeRuleCommandInput,
  DescribeRuleCommandOutput,
  DisableRuleCommandInput,
  DisableRuleCommandOutput,
  EnableRuleCommandInput,
  EnableRuleCommandOutput,
  ListRulesCommandInput,
  ListRulesCommandOutput,
  PutRuleCommandInput,
  PutRuleCommandOutput,
  TestEventPatternCommandInput,
  TestEventPatternCommandOutput,
} from '@aws-sdk/client-eventbridge';
import type { Answer, OperationOn, Request } from '../../../core/operations';
import { NamePatterns } from '../constants';
import type { EventBridgeState } from '../EventBridgeState';
import { EventBridgeErrors } from '../errors';
import type { Input } from '../request';
import { eventBusName, listByName, optionalString, requiredString } from '../request';
import type { RuleRecord, RuleState } from '../types';

const RULE_NAME = { min: 1, max: 64, pattern: NamePatterns.RESOURCE } as const;
const STATES: readonly RuleState[] = [
  'ENABLED',
  'DISABLED',
  'ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS',
];

function describe(rule: RuleRecord) {
  return {
    Name: rule.name,
    Arn: rule.arn,
    ...(rule.eventPattern !== undefined ? { EventPattern: rule.eventPattern } : {}),
    State: rule.state,
    ...(rule.description !== undefined ? { Description: rule.description } : {}),
    ...(rule.roleArn !== undefined ? { RoleArn: rule.roleArn } : {}),
    EventBusName: rule.busName,
  };
}

/**
 * PutRule: creates or replaces a rule (omitted fields are cleared, as AWS
 * does; targets stay). The pattern is compiled here, so an invalid one is an
 * `InvalidEventPatternException`. Schedule expressions are refused: the
 * local cloud has no scheduler, and ignoring one would be silent.
 */
export function putRule(
  state: EventBridgeState,
  input: Request<PutRuleCommandInput>,
): Answer<PutRuleCommandOutput> {
  const name = requiredString(input, 'Name', RULE_NAME);
  const bus = state.bus(eventBusName(input));
  const pattern = optionalString(input, 'EventPattern');
  const schedule = optionalString(input, 'ScheduleExpression', { max: 256 });
  const ruleState = optionalString(input, 'State') ?? 'ENABLED';
  const description = optionalString(input, 'Description', { max: 512 });
  const roleArn = optionalString(input, 'RoleArn', { min: 1, max: 1600 });
  if (schedule !== undefined) {
    throw EventBridgeErrors.invalidParameter(
      'ScheduleExpression',
      'schedule expressions are not supported by the local cloud (it has no scheduler).',
    );
  }
  if (pattern === undefined) {
    throw EventBridgeErrors.validation(
      'Parameter(s) EventPattern or ScheduleExpression must be specified.',
    );
  }
  if (!STATES.includes(ruleState as RuleState)) {
    throw EventBridgeErrors.invalidParameter(
      'State',
      `'${ruleState}' is not one of ${STATES.join(', ')}.`,
    );
  }
  const matcher = state.compile(pattern);
  const existing = bus.rules.get(name);
  const rule: RuleRecord = {
    name,
    arn: state.arns.rule(bus.name, name),
    busName: bus.name,
    eventPattern: pattern,
    matcher,
    state: ruleState as RuleState,
    ...(description !== undefined ? { description } : {}),
    ...(roleArn !== undefined ? { roleArn } : {}),
    targets: existing?.targets ?? new Map(),
  };
  bus.rules.set(name, rule);
  return { RuleArn: rule.arn };
}

/** DeleteRule: refused while the rule has targets, as AWS does; an absent rule is a no-op. */
export function deleteRule(
  state: EventBridgeState,
  input: Request<DeleteRuleCommandInput>,
): Answer<DeleteRuleCommandOutput> {
  const name = requiredString(input, 'Name', RULE_NAME);
  const bus = state.bus(eventBusName(input));
  const rule = bus.rules.get(name);
  if (!rule) return {};
  if (rule.targets.size > 0)
    throw EventBridgeErrors.validation("Rule can't be deleted since it has targets.");
  bus.rules.delete(name);
  return {};
}

export function describeRule(
  state: EventBridgeState,
  input: Request<DescribeRuleCommandInput>,
): Answer<DescribeRuleCommandOutput> {
  const name = requiredString(input, 'Name', RULE_NAME);
  const bus = state.bus(eventBusName(input));
  return { ...describe(state.rule(bus, name)), CreatedBy: state.accountId };
}

export function listRules(
  state: EventBridgeState,
  input: Request<ListRulesCommandInput>,
): Answer<ListRulesCommandOutput> {
  const bus = state.bus(eventBusName(input));
  const { items, next } = listByName(bus.rules.values(), input, 64);
  return { Rules: items.map(describe), ...next };
}

export function enableRule(
  state: EventBridgeState,
  input: Request<EnableRuleCommandInput>,
): Answer<EnableRuleCommandOutput> {
  return setState(state, input, 'ENABLED');
}

export function disableRule(
  state: EventBridgeState,
  input: Request<DisableRuleCommandInput>,
): Answer<DisableRuleCommandOutput> {
  return setState(state, input, 'DISABLED');
}

function setState(state: EventBridgeState, input: Input, ruleState: RuleState) {
  const name = requiredString(input, 'Name', RULE_NAME);
  const bus = state.bus(eventBusName(input));
  state.rule(bus, name).state = ruleState;
  return {};
}

/**
 * Fields a TestEventPattern event must carry. The API reference also lists
 * `resources`, but AWS accepts and matches an event without it (LocalStack's
 * AWS-validated tests send such events; its provider notes "the
 * documentation says that `resources` is mandatory, but it is not in
 * reality"), so the local cloud does too.
 */
const TEST_EVENT_REQUIRED_FIELDS = ['id', 'account', 'source', 'time', 'region', 'detail-type'];

/**
 * TestEventPattern: whether an event (JSON text) matches a pattern. An event
 * that is not a JSON object, or lacks a required field, is a
 * ValidationException ("Parameter Event is not valid.", as AWS answers).
 */
export function testEventPattern(
  state: EventBridgeState,
  input: Request<TestEventPatternCommandInput>,
): Answer<TestEventPatternCommandOutput> {
  const pattern = requiredString(input, 'EventPattern');
  const eventText = requiredString(input, 'Event');
  const matcher = state.compile(pattern);
  let event: unknown;
  try {
    event = JSON.parse(eventText);
  } catch {
    throw EventBridgeErrors.invalidParameter('Event', 'Provided Event is not valid JSON.');
  }
  if (typeof event !== 'object' || event === null || Array.isArray(event)) {
    throw EventBridgeErrors.invalidParameter('Event', 'Provided Event must be a JSON object.');
  }
  const missing = TEST_EVENT_REQUIRED_FIELDS.filter((k) => !(k in event));
  if (missing.length > 0) {
    throw EventBridgeErrors.invalidParameter(
      'Event',
      `Provided Event is missing required fields: ${missing.join(', ')}.`,
    );
  }
  return { Result: matcher.matches(event) };
}

/** PutRule, DeleteRule, DescribeRule, ListRules, EnableRule, DisableRule, TestEventPattern, over the bus state. */
export const ruleOperations: Readonly<Record<string, OperationOn<EventBridgeState>>> = {
  PutRule: putRule,
  DeleteRule: deleteRule,
  DescribeRule: describeRule,
  ListRules: listRules,
  EnableRule: enableRule,
  DisableRule: disableRule,
  TestEventPattern: testEventPattern,
};
