import { randomUUID } from 'node:crypto';
import type {
  DescribeStacksCommandInput,
  DescribeStacksCommandOutput,
} from '@aws-sdk/client-cloudformation';
import { AwsServiceError } from '../../core/errors';
import type { Answer, OperationTable, Request } from '../../core/operations';
import { defineOperations, hasOperation, runOperation } from '../../core/operations';
import type { RestAnswer, RestRoute } from '../../core/server';
import type { LocalCloudContext } from '../../core/service';
import { CloudFormationErrors } from './errors';

/** One output of a deployed stack, as `DescribeStacks` lists it. */
export interface StackOutput {
  readonly OutputKey: string;
  readonly OutputValue: string;
  readonly Description?: string;
  readonly ExportName?: string;
}

/** A stack the deployer created, with its outputs resolved to local values. */
export interface DeployedStack {
  readonly stackName: string;
  /** @default `arn:aws:cloudformation:<region>:<account>:stack/<name>/local` */
  readonly stackId?: string;
  readonly outputs: readonly StackOutput[];
  /** @default the cloud's clock at registration */
  readonly creationTime?: number;
  readonly description?: string;
}

interface StackRecord {
  readonly name: string;
  readonly id: string;
  readonly createdAt: number;
  readonly description: string | undefined;
  readonly outputs: readonly StackOutput[];
}

/** CloudFormation's query-protocol API version; requests name it in `Version`. */
const API_VERSION = '2010-05-15';
const XMLNS = `http://cloudformation.amazonaws.com/doc/${API_VERSION}/`;
type DescribeStacksAnswer = Answer<DescribeStacksCommandOutput>;

/**
 * The part of CloudFormation the local cloud answers: `DescribeStacks` for
 * the stacks the deployer deployed (status `CREATE_COMPLETE`, outputs with
 * their local values), spoken to with `@aws-sdk/client-cloudformation`
 * over AWS's query protocol (form-encoded `Action=...&Version=2010-05-15`,
 * XML answers, errors in `<ErrorResponse>`). Other actions answer
 * `InvalidAction`; the deployer creates stacks, never this API.
 */
export class CloudFormationService {
  readonly targetPrefix = 'CloudFormation';
  readonly operations: OperationTable = defineOperations({
    DescribeStacks: (input: Request<DescribeStacksCommandInput>) => this.#describeStacks(input),
  });
  readonly #ctx: LocalCloudContext;
  readonly #stacks = new Map<string, StackRecord>();

  constructor(context: LocalCloudContext) {
    this.#ctx = context;
  }

  /** Makes a deployed stack visible to `DescribeStacks` (replacing one of the same name). */
  registerStack(stack: DeployedStack): void {
    this.#stacks.set(stack.stackName, {
      name: stack.stackName,
      id:
        stack.stackId ??
        `arn:aws:cloudformation:${this.#ctx.region}:${this.#ctx.accountId}:stack/${stack.stackName}/local`,
      createdAt: stack.creationTime ?? this.#ctx.clock.now(),
      description: stack.description,
      outputs: stack.outputs,
    });
  }

  /** Stacks registered so far. */
  stackNames(): string[] {
    return [...this.#stacks.keys()];
  }

  /** The REST route the endpoint serves (query-protocol requests: `POST /`, form body). */
  readonly route: RestRoute = async (method, path, headers, body) => {
    if (method !== 'POST' || path !== '/') return undefined;
    const type = String(headers['content-type'] ?? '');
    if (!type.startsWith('application/x-www-form-urlencoded')) return undefined;
    const params = new URLSearchParams(body.toString('utf8'));
    if (params.get('Version') !== API_VERSION) return undefined;
    const action = params.get('Action') ?? '';
    const requestId = randomUUID();
    try {
      if (!hasOperation(this, action))
        throw CloudFormationErrors.invalidAction(action, Object.keys(this.operations));
      const stackName = params.get('StackName');
      const answer = (await runOperation(this, action, {
        ...(stackName ? { StackName: stackName } : {}),
      })) as DescribeStacksAnswer;
      return xml(200, describeStacksXml(answer, requestId));
    } catch (error) {
      if (!(error instanceof AwsServiceError)) throw error;
      return xml(
        error.statusCode,
        `<ErrorResponse xmlns="${XMLNS}"><Error><Type>${error.fault}</Type><Code>${escapeXml(error.code)}</Code><Message>${escapeXml(error.message)}</Message></Error><RequestId>${requestId}</RequestId></ErrorResponse>`,
      );
    }
  };

  #describeStacks(input: Request<DescribeStacksCommandInput>): DescribeStacksAnswer {
    const stackName = typeof input.StackName === 'string' ? input.StackName : '';
    let stacks = [...this.#stacks.values()];
    if (stackName) {
      // StackName takes the name or the unique stack id (ARN).
      stacks = stacks.filter((s) => s.name === stackName || s.id === stackName);
      if (stacks.length === 0) throw CloudFormationErrors.stackNotFound(stackName);
    }
    return {
      Stacks: stacks.map((s) => ({
        StackName: s.name,
        StackId: s.id,
        ...(s.description !== undefined ? { Description: s.description } : {}),
        CreationTime: s.createdAt / 1000,
        StackStatus: 'CREATE_COMPLETE',
        Outputs: [...s.outputs],
      })),
    } satisfies DescribeStacksAnswer;
  }
}

function describeStacksXml(answer: DescribeStacksAnswer, requestId: string): string {
  const members = (answer.Stacks ?? []).map((s) => stackXml(s)).join('');
  return `<DescribeStacksResponse xmlns="${XMLNS}"><DescribeStacksResult><Stacks>${members}</Stacks></DescribeStacksResult><ResponseMetadata><RequestId>${requestId}</RequestId></ResponseMetadata></DescribeStacksResponse>`;
}

function stackXml(s: NonNullable<DescribeStacksAnswer['Stacks']>[number]): string {
  const outputs = (s.Outputs ?? [])
    .map(
      (o) =>
        `<member>${tag('OutputKey', o.OutputKey)}${tag('OutputValue', o.OutputValue)}${tag('Description', o.Description)}${tag('ExportName', o.ExportName)}</member>`,
    )
    .join('');
  return `<member>${tag('StackName', s.StackName)}${tag('StackId', s.StackId)}${tag('Description', s.Description)}${tag('CreationTime', new Date((s.CreationTime ?? 0) * 1000).toISOString())}${tag('StackStatus', s.StackStatus)}<DisableRollback>false</DisableRollback><Outputs>${outputs}</Outputs><Parameters/><Tags/><Capabilities/><NotificationARNs/><DriftInformation><StackDriftStatus>NOT_CHECKED</StackDriftStatus></DriftInformation></member>`;
}

function tag(name: string, value: string | undefined): string {
  return value === undefined ? '' : `<${name}>${escapeXml(value)}</${name}>`;
}

function escapeXml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

function xml(status: number, body: string): RestAnswer {
  return { status, headers: { 'content-type': 'text/xml' }, body };
}
