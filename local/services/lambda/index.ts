export type { EventInvokeConfig } from './AsyncInvocations';
export { AsyncInvocations } from './AsyncInvocations';
export { LATEST, LambdaLimits } from './constants';
export { LambdaErrors, LambdaThrottledError } from './errors';
export type { FunctionHandler, FunctionOptions, InvocationDetails } from './HandlerFunction';
export { errorPayload, HandlerFunction } from './HandlerFunction';
export type { InvocableFunction } from './LambdaService';
export { LambdaService, parseFunctionName } from './LambdaService';
