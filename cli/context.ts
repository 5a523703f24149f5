import { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBStreamsClient } from '@aws-sdk/client-dynamodb-streams';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { SFNClient } from '@aws-sdk/client-sfn';
import { SQSClient } from '@aws-sdk/client-sqs';
import type { Command } from 'commander';
import { Output } from './output';
import type { Resources } from './resources';
import { loadResources } from './resources';

/** The options every command takes (set on the program). */
export interface GlobalOptions {
  readonly stage: string;
  readonly outputsFile?: string;
  readonly json?: boolean;
}

/** SDK clients, configured the standard way: profile, region and credentials chain; `AWS_ENDPOINT_URL` for the local cloud. */
export interface Clients {
  readonly cloudFormation: CloudFormationClient;
  readonly dynamodb: DynamoDBClient;
  readonly streams: DynamoDBStreamsClient;
  readonly events: EventBridgeClient;
  readonly sfn: SFNClient;
  readonly sqs: SQSClient;
}

/** What a command's action works with. */
export interface CommandContext {
  readonly out: Output;
  readonly clients: Clients;
  /** The deployed resources, found from the stack's outputs (read once). */
  resources(): Promise<Resources>;
}

/** Builds the context of the command being run from its (and the program's) options. */
export function contextOf(command: Command): CommandContext {
  const options = command.optsWithGlobals<GlobalOptions>();
  // The SDK reads AWS_PROFILE, AWS_REGION, the credentials chain and AWS_ENDPOINT_URL itself.
  const clients: Clients = {
    cloudFormation: new CloudFormationClient({}),
    dynamodb: new DynamoDBClient({}),
    streams: new DynamoDBStreamsClient({}),
    events: new EventBridgeClient({}),
    sfn: new SFNClient({}),
    sqs: new SQSClient({}),
  };
  let loaded: Promise<Resources> | undefined;
  return {
    out: new Output(options.json === true),
    clients,
    resources: () => {
      loaded ??= loadResources(
        {
          stage: options.stage,
          ...(options.outputsFile ? { outputsFile: options.outputsFile } : {}),
        },
        clients.cloudFormation,
      );
      return loaded;
    },
  };
}
