export type { CommandContext, CommandResult, HandleCommandOptions } from './handle-command';
export { handleCommand } from './handle-command';
export type { LoadedAggregate } from './load-aggregate';
export { loadAggregate, toDomainEvent } from './load-aggregate';
export type { RetryOptions } from './retry';
export { backoffDelay, DEFAULT_MAX_ATTEMPTS } from './retry';
