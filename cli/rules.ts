import type { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { ListRulesCommand, ListTargetsByRuleCommand } from '@aws-sdk/client-eventbridge';
import type { SQSClient } from '@aws-sdk/client-sqs';
import { queueAttributes } from './queues';
import type { Consumer, Resources } from './resources';
import { CONSUMERS } from './resources';

/** A rule of the app's bus and the consumer whose queue it targets, if any. */
export interface BusRule {
  readonly name: string;
  readonly arn: string;
  readonly state: string;
  /** The consumer whose queue is among the rule's targets. */
  readonly consumer?: Consumer;
  /** True for every rule but the projector's: replaying into it sends emails, starts sagas or undoes orders. */
  readonly sideEffects: boolean;
}

/**
 * Every rule on the app's bus, each matched to its consumer by target: the
 * rule whose target is a consumer's queue ARN is that consumer's (CDK names
 * rules `<stack>-<LogicalId>-<hash>`, so names are not relied on).
 */
export async function busRules(
  events: EventBridgeClient,
  sqs: SQSClient,
  resources: Resources,
): Promise<BusRule[]> {
  const queueArns = new Map<string, Consumer>();
  for (const consumer of CONSUMERS) {
    const { arn } = await queueAttributes(sqs, resources.queueUrl(consumer));
    queueArns.set(arn, consumer);
  }
  const rules: BusRule[] = [];
  let next: string | undefined;
  do {
    const page = await events.send(
      new ListRulesCommand({
        EventBusName: resources.eventBus,
        ...(next ? { NextToken: next } : {}),
      }),
    );
    for (const rule of page.Rules ?? []) {
      const { Targets = [] } = await events.send(
        new ListTargetsByRuleCommand({ Rule: rule.Name, EventBusName: resources.eventBus }),
      );
      const consumer = Targets.map((t) => queueArns.get(t.Arn ?? '')).find((c) => c !== undefined);
      rules.push({
        name: rule.Name ?? '',
        arn: rule.Arn ?? '',
        state: rule.State ?? '',
        ...(consumer ? { consumer } : {}),
        sideEffects: consumer !== 'Projector',
      });
    }
    next = page.NextToken;
  } while (next);
  return rules;
}
