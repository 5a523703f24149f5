export type { DeployedStack, StackOutput } from './CloudFormationService';
export { CloudFormationService } from './CloudFormationService';
