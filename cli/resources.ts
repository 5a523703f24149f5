import { readFileSync } from 'node:fs';
import { CloudFormationClient, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { CliError, MissingResourceError, UsageError } from './errors';

/** Where the stack's outputs come from. */
export interface ResourceSource {
  /** `dev` or `prod`: the stack is `eventline-<stage>`. */
  readonly stage: string;
  /** A file written by `cdk deploy --outputs-file` (read instead of `DescribeStacks`). */
  readonly outputsFile?: string;
}

/** The consumers of the app, as their stack outputs are prefixed. */
export const CONSUMERS = ['Projector', 'Notifier', 'SagaStarter', 'Cancellation'] as const;
export type Consumer = (typeof CONSUMERS)[number];

/** The deployed resources a command works on, by their stack output. */
export class Resources {
  readonly stackName: string;
  readonly #outputs: Readonly<Record<string, string>>;

  constructor(stackName: string, outputs: Readonly<Record<string, string>>) {
    this.stackName = stackName;
    this.#outputs = outputs;
  }

  /** @throws MissingResourceError when the stack has no such output. */
  output(key: string): string {
    const value = this.#outputs[key];
    if (!value) throw new MissingResourceError(`output ${key}`, `stack ${this.stackName}`);
    return value;
  }

  get eventTable(): string {
    return this.output('EventTableName');
  }
  get readModelTable(): string {
    return this.output('ReadModelTableName');
  }
  get eventBus(): string {
    return this.output('EventBusName');
  }
  get stateMachineArn(): string {
    return this.output('OrderSagaStateMachineArn');
  }
  get outboxFailureQueueUrl(): string {
    return this.output('OutboxFailureQueueUrl');
  }
  queueUrl(consumer: Consumer): string {
    return this.output(`${consumer}QueueUrl`);
  }
  deadLetterQueueUrl(consumer: Consumer): string {
    return this.output(`${consumer}DeadLetterQueueUrl`);
  }
  targetDeadLetterQueueUrl(consumer: Consumer): string {
    return this.output(`${consumer}TargetDeadLetterQueueUrl`);
  }
}

/**
 * Finds the deployed resources: the outputs of stack `eventline-<stage>`, from
 * `--outputs-file` when given, else from CloudFormation `DescribeStacks`
 * (AWS, or the local cloud when `AWS_ENDPOINT_URL` points at it — it answers
 * `DescribeStacks` for the stacks it deployed).
 */
export async function loadResources(
  source: ResourceSource,
  client: CloudFormationClient = new CloudFormationClient({}),
): Promise<Resources> {
  const stackName = `eventline-${source.stage}`;
  if (source.outputsFile) {
    return new Resources(stackName, readOutputsFile(source.outputsFile, stackName));
  }
  try {
    const out = await client.send(new DescribeStacksCommand({ StackName: stackName }));
    const outputs = Object.fromEntries(
      (out.Stacks?.[0]?.Outputs ?? []).map((o) => [o.OutputKey ?? '', o.OutputValue ?? '']),
    );
    return new Resources(stackName, outputs);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new CliError(
      `cannot read the outputs of stack ${stackName} (DescribeStacks: ${reason}); check --stage, the AWS profile and region, or pass --outputs-file`,
      { cause: error },
    );
  }
}

/** The outputs of `stackName` in a `cdk deploy --outputs-file` file: `{ "<stack>": { "<key>": "<value>" } }`. */
function readOutputsFile(path: string, stackName: string): Record<string, string> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new UsageError(
      `--outputs-file ${path}: not a readable JSON file (${error instanceof Error ? error.message : String(error)})`,
    );
  }
  const stacks = (parsed ?? {}) as Record<string, unknown>;
  const outputs = stacks[stackName];
  if (!outputs || typeof outputs !== 'object') {
    throw new UsageError(
      `--outputs-file ${path} has no stack ${stackName} (it has: ${Object.keys(stacks).join(', ') || 'none'}); check --stage`,
    );
  }
  return Object.fromEntries(
    Object.entries(outputs as Record<string, unknown>).map(([k, v]) => [k, String(v)]),
  );
}
