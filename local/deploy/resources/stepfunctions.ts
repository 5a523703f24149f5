import { CreateStateMachineCommand } from '@aws-sdk/client-sfn';
import type { Provisioner } from '../types';
import { obj, str } from './util';

/**
 * `AWS::StepFunctions::StateMachine` becomes a state machine of the local
 * Step Functions, its definition resolved (the CDK writes it as a
 * `DefinitionString` built with `Fn::Join`) and its `DefinitionSubstitutions`
 * applied.
 */
export const provisionStateMachine: Provisioner = async (request, ctx) => {
  const p = request.properties;
  const name = str(p, 'StateMachineName') ?? ctx.physicalName(request, 80);
  let definition =
    typeof p.DefinitionString === 'string'
      ? p.DefinitionString
      : p.Definition !== undefined
        ? JSON.stringify(p.Definition)
        : undefined;
  if (definition === undefined) {
    throw new Error('state machine has neither DefinitionString nor Definition');
  }
  for (const [key, value] of Object.entries(obj(p, 'DefinitionSubstitutions'))) {
    definition = definition.split(`\${${key}}`).join(String(value));
  }
  const out = await ctx.clients.sfn.send(
    new CreateStateMachineCommand({
      name,
      definition,
      roleArn: str(p, 'RoleArn') ?? ctx.arn('iam', 'role/local'),
      type: (str(p, 'StateMachineType') ?? 'STANDARD') as 'STANDARD' | 'EXPRESS',
    }),
  );
  return {
    ref: out.stateMachineArn,
    attributes: { Arn: out.stateMachineArn, Name: name },
  };
};
