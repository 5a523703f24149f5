import { HttpApiServer } from '../services/apigateway/HttpApiServer';
import type { AssemblyStack, CloudAssembly, TemplateResource } from './cloud-assembly';
import { orderResources } from './cloud-assembly';
import type { IntrinsicContext } from './intrinsics';
import { resolveIntrinsics } from './intrinsics';
import { physicalName } from './physical-names';
import { ACCEPTED, EMULATED } from './resource-types';
import type {
  DeployClients,
  DeployedResource,
  DeploymentRuntime,
  DeployTarget,
  ProvisionContext,
  ProvisionedResource,
  ResourceRequest,
} from './types';

export interface DeployOptions {
  /**
   * Port of the first HTTP API; further APIs take the next ports.
   * @default 0 - free ports
   */
  readonly apiPort?: number;
  /** Called once per HTTP request served, for the cloud's log. */
  readonly onApiRequest?: (line: {
    api: string;
    routeKey: string;
    status: number;
    ms: number;
  }) => void;
}

/** A deployed app: what was created, its outputs, and its running parts. */
export interface Deployment {
  readonly resources: readonly DeployedResource[];
  /** Stack outputs by stack name, resolved to local values. */
  readonly outputs: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
  /** The stacks deployed, in order, with their outputs as `DescribeStacks` lists them. */
  readonly stacks: readonly DeployedStackSummary[];
  /** Served HTTP APIs. */
  readonly apis: readonly { readonly apiId: string; readonly name: string; readonly url: string }[];
  readonly runtime: DeploymentRuntime;
  /** Resolves when every poller has nothing in flight. */
  idle(): Promise<void>;
  /** Stops pollers, API servers and function environments. */
  stop(): Promise<void>;
}

/** A deployed stack, as CloudFormation's `DescribeStacks` describes it. */
export interface DeployedStackSummary {
  readonly stackName: string;
  readonly stackId: string;
  readonly description?: string;
  readonly outputs: readonly {
    readonly OutputKey: string;
    readonly OutputValue: string;
    readonly Description?: string;
    readonly ExportName?: string;
  }[];
}

/** The deployment failed; names the stack, resource and type. */
export class DeploymentError extends Error {
  constructor(stack: string, logicalId: string, type: string, cause: unknown) {
    const reason = cause instanceof Error ? cause.message : String(cause);
    super(`cannot deploy ${stack}/${logicalId} (${type}): ${reason}`, { cause });
    this.name = 'DeploymentError';
  }
}

/**
 * Deploys a synthesized cloud assembly onto the local cloud: stacks in
 * dependency order, resources in reference order, every intrinsic resolved to
 * local names and ARNs. Resource types the cloud runs are created; types that
 * only matter in AWS (IAM, alarms, ...) are accepted and listed; any other type
 * is listed as unsupported, by logical id and type, never skipped silently.
 */
export async function deployAssembly(
  assembly: CloudAssembly,
  target: DeployTarget,
  clients: DeployClients,
  options: DeployOptions = {},
): Promise<Deployment> {
  const runtime: DeploymentRuntime = {
    functions: new Map(),
    pollers: [],
    apis: new Map(),
    servers: [],
  };
  const resources: DeployedResource[] = [];
  const outputs: Record<string, Record<string, unknown>> = {};
  const stacks: DeployedStackSummary[] = [];
  const exports = new Map<string, unknown>();
  const context: ProvisionContext = {
    target,
    clients,
    assemblyDir: assembly.directory,
    physicalName,
    arn: (service, resource) =>
      `arn:aws:${service}:${target.region}:${target.accountId}:${resource}`,
    runtime,
  };
  const stop = async () => {
    await Promise.all(runtime.pollers.map((p) => p.stop()));
    await Promise.all(runtime.servers.map((s) => s.close()));
    await Promise.all([...runtime.functions.values()].map((f) => f.close()));
  };
  try {
    for (const stack of assembly.stacks) {
      const deployed = await deployStack(stack, context, resources, exports);
      outputs[stack.stackName] = deployed.values;
      stacks.push(deployed.summary);
    }
    const apis = await serveApis(runtime, options, target);
    for (const poller of runtime.pollers) poller.start();
    return {
      resources,
      outputs,
      stacks,
      apis,
      runtime,
      idle: async () => {
        await Promise.all(runtime.pollers.map((p) => p.idle()));
      },
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

async function deployStack(
  stack: AssemblyStack,
  context: ProvisionContext,
  resources: DeployedResource[],
  exports: Map<string, unknown>,
): Promise<{ values: Record<string, unknown>; summary: DeployedStackSummary }> {
  const { template } = stack;
  const { target } = context;
  const provisioned = new Map<string, ProvisionedResource>();
  const conditionCache = new Map<string, boolean>();
  const pseudo: Record<string, unknown> = {
    'AWS::Region': target.region,
    'AWS::AccountId': target.accountId,
    'AWS::Partition': 'aws',
    'AWS::URLSuffix': 'amazonaws.com',
    'AWS::StackName': stack.stackName,
    'AWS::StackId': `arn:aws:cloudformation:${target.region}:${target.accountId}:stack/${stack.stackName}/local`,
    'AWS::NotificationARNs': [],
  };
  const ctx: IntrinsicContext = {
    ref(id) {
      if (Object.hasOwn(pseudo, id)) return pseudo[id];
      const resource = provisioned.get(id);
      if (resource) return resource.ref;
      const parameter = template.Parameters?.[id];
      if (parameter) {
        // SSM-backed parameters (the CDK's BootstrapVersion) have no local store.
        return parameter.Default ?? (parameter.Type.startsWith('AWS::SSM') ? 'local' : '');
      }
      throw new Error(`Ref to '${id}', which is not a deployed resource or a parameter`);
    },
    getAtt(id, attribute) {
      const resource = provisioned.get(id);
      if (!resource) throw new Error(`Fn::GetAtt on '${id}', which is not deployed`);
      if (!Object.hasOwn(resource.attributes, attribute)) {
        throw new Error(`Fn::GetAtt ${id}.${attribute} is not available locally`);
      }
      return resource.attributes[attribute];
    },
    importValue(name) {
      if (!exports.has(name)) throw new Error(`Fn::ImportValue '${name}' is not exported`);
      return exports.get(name);
    },
    condition(name) {
      const cached = conditionCache.get(name);
      if (cached !== undefined) return cached;
      const definition = template.Conditions?.[name];
      if (definition === undefined) throw new Error(`condition '${name}' is not defined`);
      const value = resolveIntrinsics(definition, ctx, `Conditions.${name}`) === true;
      conditionCache.set(name, value);
      return value;
    },
  };

  for (const logicalId of orderResources(template)) {
    const resource = template.Resources[logicalId] as TemplateResource;
    if (resource.Condition && !ctx.condition(resource.Condition)) continue;
    const base = { stackName: stack.stackName, logicalId, type: resource.Type };
    const provisioner = EMULATED[resource.Type];
    if (!provisioner) {
      const note = ACCEPTED[resource.Type];
      // Placeholders keep references resolvable; nothing is created.
      provisioned.set(logicalId, placeholder(context, logicalId, resource.Type));
      resources.push(
        note
          ? { ...base, status: 'accepted', note }
          : { ...base, status: 'unsupported', note: 'not run by the local cloud' },
      );
      continue;
    }
    try {
      const request: ResourceRequest = {
        ...base,
        properties: resolveIntrinsics(
          resource.Properties ?? {},
          ctx,
          `${logicalId}.Properties`,
        ) as Record<string, unknown>,
        metadata: resource.Metadata ?? {},
      };
      const created = await provisioner(request, context);
      provisioned.set(logicalId, created);
      resources.push({ ...base, status: 'emulated', physicalId: String(created.ref) });
    } catch (error) {
      throw new DeploymentError(stack.stackName, logicalId, resource.Type, error);
    }
  }

  const stackOutputs: Record<string, unknown> = {};
  const described: DeployedStackSummary['outputs'][number][] = [];
  for (const [name, output] of Object.entries(template.Outputs ?? {})) {
    // An output whose condition is false is not created (and may name skipped resources).
    if (output.Condition && !ctx.condition(output.Condition)) continue;
    const value = resolveIntrinsics(output.Value, ctx, `Outputs.${name}`);
    stackOutputs[name] = value;
    let exportName: string | undefined;
    if (output.Export) {
      exportName = String(resolveIntrinsics(output.Export.Name, ctx, `Outputs.${name}.Export`));
      exports.set(exportName, value);
    }
    described.push({
      OutputKey: name,
      // CloudFormation outputs are strings; a list (Fn::Split, GetAZs) is comma-joined.
      OutputValue: Array.isArray(value) ? value.join(',') : String(value),
      ...(output.Description !== undefined ? { Description: output.Description } : {}),
      ...(exportName !== undefined ? { ExportName: exportName } : {}),
    });
  }
  return {
    values: stackOutputs,
    summary: {
      stackName: stack.stackName,
      stackId: String(pseudo['AWS::StackId']),
      ...(template.Description !== undefined ? { description: template.Description } : {}),
      outputs: described,
    },
  };
}

function placeholder(
  context: ProvisionContext,
  logicalId: string,
  type: string,
): ProvisionedResource {
  const service = type.split('::')[1]?.toLowerCase() ?? 'local';
  const arn = context.arn(service, `${logicalId}`);
  return {
    ref: `${logicalId}-local`,
    attributes: new Proxy({} as Record<string, unknown>, {
      // Any attribute of a placeholder reads as its ARN-like id.
      get: () => arn,
      has: () => true,
      getOwnPropertyDescriptor: () => ({ value: arn, enumerable: true, configurable: true }),
    }),
  };
}

async function serveApis(runtime: DeploymentRuntime, options: DeployOptions, target: DeployTarget) {
  const { logger, clock } = target;
  const served: { apiId: string; name: string; url: string }[] = [];
  let port = options.apiPort ?? 0;
  for (const api of runtime.apis.values()) {
    const routes = api.routes.map((route) => {
      const integrationId = route.target.replace(/^integrations\//, '');
      const functionName = api.integrations.get(integrationId);
      const fn = functionName ? runtime.functions.get(functionName) : undefined;
      if (!fn) throw new Error(`route '${route.routeKey}' has no Lambda integration`);
      return { routeKey: route.routeKey, invoke: (event: unknown) => fn.invoke(event) };
    });
    const server = new HttpApiServer({
      apiId: api.apiId,
      routes,
      port,
      clock,
      logger,
      ...(target.scheduler ? { scheduler: target.scheduler } : {}),
      onRequest: (line) => {
        if (line.error)
          logger.error('function failed behind the HTTP API', {
            route: line.routeKey,
            error: line.error,
          });
        options.onApiRequest?.({ api: api.name, ...line });
      },
    });
    const url = await server.listen();
    runtime.servers.push(server);
    served.push({ apiId: api.apiId, name: api.name, url });
    if (port !== 0) port++;
  }
  return served;
}
